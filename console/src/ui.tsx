// Shared pieces: loading and error states, a data hook, formatting.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure, messageOf } from './api';

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const code = error instanceof ApiFailure ? ` (${error.code})` : '';
  return <p class="error" role="alert">{messageOf(error)}{code}</p>;
}

export const Loading = ({ what = 'Loading' }: { what?: string }) => <p class="muted" role="status">{what}…</p>;

export function Section(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card" aria-label={props.title}>
      <header class="card-head"><h2>{props.title}</h2>{props.actions}</header>
      {props.children}
    </section>
  );
}

/** A person's action (a form's submit, a button): `busy` while it runs, its failure in `error`. */
export function useAction() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** Loads on mount and whenever `deps` change; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then((data) => live && setState({ data, loading: false }), (error) => live && setState({ error, loading: false }));
    return () => { live = false; };
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

export const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
export const usd = (n?: number) => (typeof n === 'number' ? `$${n.toFixed(n < 0.01 && n > 0 ? 6 : 4)}` : '—');
export const count = (n?: number) => (typeof n === 'number' ? n.toLocaleString() : '—');
export const json = (v: unknown) => JSON.stringify(v, null, 2);

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status.replace(/_/g, ' ')}</span>;
}

export interface Usage { inputTokens: number; outputTokens: number; totalTokens: number; costUsd: number; modelCalls: number; toolCalls: number }
export const usageOf = (v: unknown): Usage | undefined => (v && typeof v === 'object' && 'totalTokens' in v ? (v as Usage) : undefined);
