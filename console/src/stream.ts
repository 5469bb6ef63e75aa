// A run's live event stream (GET /v1/runs/:id/events as EventSource, with the session cookie).
// Durable events arrive in order; `delta` messages carry a streaming step's text as it is generated.
// After a reload the stream starts from the first event again (the page rebuilds itself from it);
// a dropped connection resumes where it stopped: EventSource sends Last-Event-ID by itself.
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
  error?: string;
}

const DURABLE = ['run.started', 'step.started', 'step.finished', 'tool.call', 'tool.result', 'approval.needed', 'approval.decided', 'run.finished', 'run.failed', 'context.truncated', 'context.summarised'];

export function useRunStream(runId: string): StreamState {
  const [state, setState] = useState<StreamState>({ events: [], text: {}, streamedChars: 0, ended: false, connected: false });
  useEffect(() => {
    setState({ events: [], text: {}, streamedChars: 0, ended: false, connected: false });
    const source = new EventSource(`/v1/runs/${encodeURIComponent(runId)}/events`, { withCredentials: true });
    const seen = new Set<string>();
    source.onopen = () => setState((s) => ({ ...s, connected: true, error: undefined }));
    source.onerror = () => setState((s) => (s.ended ? s : { ...s, connected: false, error: source.readyState === EventSource.CLOSED ? 'The event stream closed.' : undefined }));
    const durable = (e: MessageEvent) => {
      if (e.lastEventId && seen.has(e.lastEventId)) return;
      if (e.lastEventId) seen.add(e.lastEventId);
      const data = JSON.parse(e.data);
      const ended = e.type === 'run.finished' || e.type === 'run.failed';
      if (ended) source.close();
      setState((s) => ({ ...s, ended: s.ended || ended, events: [...s.events, { id: e.lastEventId, type: e.type, at: data?.at, data: data ?? {} }] }));
    };
    for (const type of DURABLE) source.addEventListener(type, durable as EventListener);
    source.addEventListener('delta', ((e: MessageEvent) => {
      const { step, offset, text } = JSON.parse(e.data) as { step: number; offset: number; text: string };
      const key = String(e.lastEventId).split('.')[0] || String(step);
      setState((s) => {
        const before = s.text[key] ?? '';
        const next = offset <= before.length ? before.slice(0, offset) + text : before + text;
        return { ...s, text: { ...s.text, [key]: next }, streamedChars: s.streamedChars + Math.max(0, next.length - before.length) };
      });
    }) as EventListener);
    return () => source.close();
  }, [runId]);
  return state;
}
