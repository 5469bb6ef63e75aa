// A stream bus that keeps everything published, in order, so tests assert on what the worker sent.
import type { BusSubscription, RunStreamMessage, StreamBus } from '../../services/bus/types';

export class RecordingBus implements StreamBus {
  readonly published: RunStreamMessage[] = [];
  private readonly subscribers = new Map<string, Set<(m: RunStreamMessage) => void>>();

  async publish(message: RunStreamMessage): Promise<void> {
    this.published.push(message);
    for (const fn of this.subscribers.get(message.runId) ?? []) fn(message);
  }

  async subscribe(runId: string, onMessage: (m: RunStreamMessage) => void): Promise<BusSubscription> {
    const set = this.subscribers.get(runId) ?? new Set();
    set.add(onMessage);
    this.subscribers.set(runId, set);
    return { close: async () => void set.delete(onMessage) };
  }

  async retained(runId: string): Promise<RunStreamMessage[]> {
    return this.published.filter((m) => m.runId === runId);
  }

  of(runId: string): RunStreamMessage[] {
    return this.published.filter((m) => m.runId === runId);
  }

  async close(): Promise<void> {
    this.subscribers.clear();
  }
}
