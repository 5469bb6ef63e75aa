// The embedded stream bus (`keel start`: API and worker in one process). Subscribers get messages
// synchronously in publish order; each run keeps its recent messages for resuming streams, bounded
// by age, by count and by the number of runs kept (the runs published to longest ago go first).
import type { BusSubscription, RunStreamMessage, StreamBus } from './types';
import { runIdToken } from './subject';

export interface InProcessBusOptions {
  retentionSeconds: number;
  /** Messages kept per run (oldest dropped first). */
  maxMessagesPerRun?: number;
  /** Runs whose messages are kept. */
  maxRuns?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

interface Retained {
  at: number;
  message: RunStreamMessage;
}

export function inProcessBus(opts: InProcessBusOptions): StreamBus {
  const retentionMs = opts.retentionSeconds * 1000;
  const maxMessages = opts.maxMessagesPerRun ?? 10_000;
  const maxRuns = opts.maxRuns ?? 10_000;
  const now = opts.now ?? Date.now;
  const retained = new Map<string, Retained[]>();
  const listeners = new Map<string, Set<(m: RunStreamMessage) => void>>();
  let closed = false;

  const prune = (list: Retained[]) => {
    const cutoff = now() - retentionMs;
    let drop = 0;
    while (drop < list.length && (list[drop].at <= cutoff || list.length - drop > maxMessages)) drop++;
    if (drop > 0) list.splice(0, drop);
  };

  return {
    async publish(message) {
      if (closed) throw new Error('stream bus is closed');
      const runId = message.runId;
      runIdToken(runId);
      let list = retained.get(runId);
      if (list) retained.delete(runId); // re-inserted last: the map's order is the order runs last published
      else list = [];
      list.push({ at: now(), message });
      prune(list);
      retained.set(runId, list);
      if (retained.size > maxRuns) retained.delete(retained.keys().next().value!);
      for (const listener of listeners.get(runId) ?? []) {
        try {
          listener(message);
        } catch {
          // one subscriber's failure is its own
        }
      }
    },

    async subscribe(runId, onMessage): Promise<BusSubscription> {
      if (closed) throw new Error('stream bus is closed');
      runIdToken(runId);
      let set = listeners.get(runId);
      if (!set) listeners.set(runId, (set = new Set()));
      const listener = (m: RunStreamMessage) => onMessage(m);
      set.add(listener);
      return {
        async close() {
          set.delete(listener);
          if (set.size === 0 && listeners.get(runId) === set) listeners.delete(runId);
        },
      };
    },

    async retained(runId) {
      runIdToken(runId);
      const list = retained.get(runId);
      if (!list) return [];
      prune(list);
      return list.map((r) => r.message);
    },

    async close() {
      closed = true;
      listeners.clear();
      retained.clear();
    },
  };
}
