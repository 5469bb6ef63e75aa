// An SSE client for GET /v1/runs/:id/events over real HTTP: the messages as they arrive (id, event,
// data), the stream's end, and a way to hang up mid-stream (to reconnect with Last-Event-ID).
import { sseBlocks } from './sse-blocks';

export interface SseMessage {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

export interface RunEventSubscription {
  messages: SseMessage[];
  /** Resolves when the server ends the stream, or after `stop()`. */
  done: Promise<void>;
  stop(): void;
  status(): number;
}

export function subscribeRunEvents(url: string, runId: string, key: string, headers: Record<string, string> = {}): RunEventSubscription {
  const messages: SseMessage[] = [];
  const aborter = new AbortController();
  let status = 0;
  const done = (async () => {
    const res = await fetch(`${url}/v1/runs/${runId}/events`, { headers: { authorization: `Bearer ${key}`, ...headers }, signal: aborter.signal });
    status = res.status;
    if (res.status !== 200) return;
    for await (const block of sseBlocks(res)) {
      const lines = block.split('\n').filter((l) => !l.startsWith(':'));
      if (lines.length === 0) continue;
      const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      messages.push({ id: field('id'), event: field('event') ?? 'message', data: JSON.parse(field('data') ?? 'null') });
    }
  })().catch((err) => {
    if ((err as Error).name !== 'AbortError') throw err;
  });
  return { messages, done, stop: () => aborter.abort(), status: () => status };
}

/** The text the deltas of the model step opened by event `afterEventId` carry, concatenated. */
export const deltaText = (messages: SseMessage[], afterEventId: number) =>
  messages.filter((m) => m.event === 'delta' && m.id!.startsWith(`${afterEventId}.`)).map((m) => m.data.text).join('');

/** Waits until `check` holds, failing after `ms`. */
export async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
