// A replay beside its original: step by step (same, changed, added, removed), the outputs, and
// tokens and cost with the difference; refreshed until the replay ends.
import { useEffect } from 'preact/hooks';
import { api, must } from '../api';
import { Link } from '../router';
import { count, ErrorBox, Loading, Section, StatusBadge, usd, useLoad } from '../ui';

const TERMINAL = ['completed', 'failed', 'cancelled', 'budget_exceeded'];
type StepSummary = { index: number; kind: string; name: string; text?: string; arguments?: Record<string, unknown>; result?: string; isError?: boolean; error?: string; tokens?: number; costUsd?: number };

function StepCell({ step }: { step?: StepSummary }) {
  if (!step) return <td class="muted">—</td>;
  return (
    <td>
      <div><strong>{step.index}. {step.name}</strong> <span class="badge">{step.kind}</span>{step.tokens !== undefined ? <span class="muted"> {step.tokens} tokens</span> : null}</div>
      {step.text ? <pre class="output">{step.text}</pre> : null}
      {step.arguments ? <pre>{JSON.stringify(step.arguments)}</pre> : null}
      {step.result ? <pre class="output">{step.result}</pre> : null}
      {step.error ? <p class="error">{step.error}</p> : null}
    </td>
  );
}

export function ReplayPage({ id }: { id: string }) {
  const view = useLoad(() => must(api.GET('/v1/replays/{id}', { params: { path: { id } } })), [id]);
  const status = view.data?.replay.status;
  useEffect(() => {
    if (!status || TERMINAL.includes(status)) return;
    const timer = setTimeout(view.reload, 1000);
    return () => clearTimeout(timer);
  }, [status, view.data]);
  const v = view.data;
  return (
    <>
      <div class="page-head"><h1 tabIndex={-1}>Replay <code>{id}</code></h1></div>
      <ErrorBox error={view.error} />
      {view.loading && !v ? <Loading /> : null}
      {v ? (
        <>
          <Section title="Runs">
            <table>
              <thead><tr><th scope="col"></th><th scope="col">Original</th><th scope="col">Replay ({v.replay.replay?.mode ?? ''})</th></tr></thead>
              <tbody>
                <tr><th scope="row">Run</th><td><Link href={`/runs/${encodeURIComponent(v.original.id)}`}>{v.original.id}</Link></td><td><Link href={`/runs/${encodeURIComponent(v.replay.id)}`}>{v.replay.id}</Link></td></tr>
                <tr><th scope="row">Status</th><td><StatusBadge status={v.original.status} /></td><td data-testid="replay-status"><StatusBadge status={v.replay.status} /></td></tr>
                <tr><th scope="row">Tokens</th><td>{count(v.diff.usage.original.totalTokens)}</td><td>{count(v.diff.usage.replay.totalTokens)} ({v.diff.usage.delta.totalTokens >= 0 ? '+' : ''}{v.diff.usage.delta.totalTokens})</td></tr>
                <tr><th scope="row">Cost</th><td>{usd(v.diff.usage.original.costUsd)}</td><td>{usd(v.diff.usage.replay.costUsd)} ({usd(v.diff.usage.delta.costUsd)} difference)</td></tr>
                <tr><th scope="row">Trace</th><td>—</td><td><a href={v.replay.trace.url} target="_blank" rel="noopener noreferrer">Langfuse / trace</a></td></tr>
              </tbody>
            </table>
          </Section>
          <Section title="Step diff">
            <p data-testid="diff-summary">
              {v.diff.identical ? 'The replay did exactly what the original did.' : 'The replay differs from the original.'}{' '}
              {Object.entries(v.diff.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ')}
            </p>
            <table class="diff diff3" aria-label="Steps, original and replay">
              <thead><tr><th scope="col">Change</th><th scope="col">Original</th><th scope="col">Replay</th></tr></thead>
              <tbody>
                {v.diff.steps.map((s, i) => (
                  <tr key={i} class={`diff-${s.status}`} data-testid="diff-step">
                    <td><span class={`badge diff-${s.status}`}>{s.status}</span>{s.changes?.length ? <div class="muted">{s.changes.join(', ')}</div> : null}</td>
                    <StepCell step={s.original} />
                    <StepCell step={s.replay} />
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title="Output">
            <p>{v.diff.output.same ? 'Same output.' : 'The output differs.'}</p>
            <div class="two">
              <div><h3>Original ({v.diff.output.original.status})</h3><pre class="output">{v.diff.output.original.output ?? '—'}</pre></div>
              <div><h3>Replay ({v.diff.output.replay.status})</h3><pre class="output">{v.diff.output.replay.output ?? '—'}</pre></div>
            </div>
          </Section>
        </>
      ) : null}
    </>
  );
}
