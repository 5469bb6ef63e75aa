// A run's live event stream (GET /v1/runs/:id/events as EventSource, with the session cookie).
// Durable events arrive in order; `delta` messages carry a streaming step's text as it is generated.
// A dropped connection resumes by itself (EventSource sends Last-Event-ID). A reload resumes too:
// what the page has shown is kept in this tab's sessionStorage (bounded; never a credential) with
// the last event id, and the new stream starts after it (?lastEventId=N or N.O).
import { useEffect, useState } from 'preact/hooks';

export interface StreamEvent { id: string; type: string; at?: string; data: Record<string, any> }
export interface StreamState {
  events: StreamEvent[];
  /** Streaming text per step, keyed by the id of the event that started the step. */
  text: Record<string, string>;
  /** Characters of model text received as deltas. */
  streamedChars: number;
  ended: boolean;
  connected: boolean;
  lastId?: string;
  /** The page resumed from its saved state after a reload. */
  resumed?: boolean;
  error?: string;
}

const DURABLE = ['run.started', 'step.started', 'step.finished', 'tool.call', 'tool.result', 'approval.needed', 'approval.decided', 'run.finished', 'run.failed', 'context.truncated', 'context.summarised'];
const MAX_SAVED_CHARS = 1_000_000;
const EMPTY: StreamState = { events: [], text: {}, streamedChars: 0, ended: false, connected: false };

const storageKey = (runId: string) => `keel-run-stream:${runId}`;

function restore(runId: string): StreamState | undefined {
  try {
    const saved = sessionStorage.getItem(storageKey(runId));
    return saved ? { ...EMPTY, ...JSON.parse(saved), connected: false, resumed: true } : undefined;
  } catch {
    return undefined;
  }
}

function save(runId: string, s: StreamState) {
  try {
    const text = JSON.stringify({ events: s.events, text: s.text, streamedChars: s.streamedChars, ended: s.ended, lastId: s.lastId });
    if (text.length > MAX_SAVED_CHARS) sessionStorage.removeItem(storageKey(runId));
    else sessionStorage.setItem(storageKey(runId), text);
  } catch {
    // Storage full or unavailable: a reload then replays the stream from its start.
  }
}

export function useRunStream(runId: string): StreamState {
  const [state, setState] = useState<StreamState>(() => restore(runId) ?? EMPTY);
  useEffect(() => {
    const start = restore(runId) ?? EMPTY;
    setState(start);
    if (start.ended) return;
    const after = start.lastId ? `?lastEventId=${encodeURIComponent(start.lastId)}` : '';
    const source = new EventSource(`/v1/runs/${encodeURIComponent(runId)}/events${after}`, { withCredentials: true });
    const seen = new Set(start.events.map((e) => e.id));
    // Saved at most every 300 ms, and when the page goes away (a reload).
    let latest = start;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => { clearTimeout(timer); timer = undefined; save(runId, latest); };
    addEventListener('pagehide', flush);
    const update = (fn: (s: StreamState) => StreamState) => setState((s) => {
      latest = fn(s);
      timer ??= setTimeout(flush, 300);
      return latest;
    });
    source.onopen = () => setState((s) => ({ ...s, connected: true, error: undefined }));
    source.onerror = () => setState((s) => (s.ended ? s : { ...s, connected: false, error: source.readyState === EventSource.CLOSED ? 'The event stream closed.' : undefined }));
    const durable = (e: MessageEvent) => {
      if (e.lastEventId && seen.has(e.lastEventId)) return;
      if (e.lastEventId) seen.add(e.lastEventId);
      const data = JSON.parse(e.data);
      const ended = e.type === 'run.finished' || e.type === 'run.failed';
      if (ended) source.close();
      update((s) => ({ ...s, lastId: e.lastEventId || s.lastId, ended: s.ended || ended, events: [...s.events, { id: e.lastEventId, type: e.type, at: data?.at, data: data ?? {} }] }));
    };
    for (const type of DURABLE) source.addEventListener(type, durable as EventListener);
    source.addEventListener('delta', ((e: MessageEvent) => {
      const { step, offset, text } = JSON.parse(e.data) as { step: number; offset: number; text: string };
      const key = String(e.lastEventId).split('.')[0] || String(step);
      update((s) => {
        const before = s.text[key] ?? '';
        const next = offset <= before.length ? before.slice(0, offset) + text : before + text;
        return { ...s, lastId: e.lastEventId || s.lastId, text: { ...s.text, [key]: next }, streamedChars: s.streamedChars + Math.max(0, next.length - before.length) };
      });
    }) as EventListener);
    return () => {
      source.close();
      removeEventListener('pagehide', flush);
      if (timer) flush();
    };
  }, [runId]);
  return state;
}
