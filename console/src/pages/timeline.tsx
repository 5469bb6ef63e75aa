// A run's events as a timeline: each step with its streaming text (live) and then its result,
// tool calls with their arguments and results (masked as the run records them), approvals, the end.
import type { StreamEvent } from '../stream';
import { json } from '../ui';

const tokensOf = (usage: any) => (usage && typeof usage.totalTokens === 'number' ? `${usage.totalTokens} tokens` : '');

function StepEntry({ start, finish, live }: { start: StreamEvent; finish?: StreamEvent; live?: string }) {
  const d = start.data;
  const f = finish?.data;
  const status = f ? (f.error ? 'failed' : f.status ?? 'finished') : 'running';
  const text = f?.text ?? (typeof f?.output === 'string' ? f.output : f?.output !== undefined ? json(f.output) : live);
  return (
    <li class={`step step-${status}`} data-testid="step">
      <div class="step-head">
        <strong>Step {d.step}{d.id ? ` · ${d.id}` : ''}</strong> <span class="badge">{d.kind}</span> <span class={`badge status-${status}`}>{status}</span>
        {f ? <span class="muted"> {tokensOf(f.usage)}</span> : null}
      </div>
      {text ? <pre class={f ? 'output' : 'output live'} aria-live={f ? undefined : 'polite'} data-testid={f ? 'step-text' : 'live-text'}>{text}</pre> : null}
      {f?.toolCalls?.length ? <p class="muted">asks for: {f.toolCalls.map((c: any) => (typeof c === 'string' ? c : c.name)).join(', ')}</p> : null}
      {f?.error ? <p class="error">{typeof f.error === 'string' ? f.error : `${f.error.code ?? ''} ${f.error.message ?? json(f.error)}`}</p> : null}
    </li>
  );
}

function Other({ e }: { e: StreamEvent }) {
  const d = e.data;
  switch (e.type) {
    case 'run.started':
      return <li class="event">Run started</li>;
    case 'tool.call':
      return (
        <li class="event tool" data-testid="tool-call">
          <strong>Tool call</strong> <code>{d.server}/{d.tool}</code>
          <details><summary>Arguments</summary><pre>{json(d.arguments)}</pre></details>
        </li>
      );
    case 'tool.result':
      return <li class={`event tool ${d.isError ? 'failed' : ''}`}><strong>Tool result</strong>{d.isError ? ' (error)' : ''}: <code>{String(d.preview ?? '')}</code></li>;
    case 'approval.needed':
      return <li class="event approval"><strong>Waiting for approval</strong>: {d.kind === 'budget' ? `budget ${d.limit} (${d.used} of ${d.current})` : `${d.server ?? ''}/${d.tool ?? d.step ?? ''}`}{d.message ? ` — ${d.message}` : ''}</li>;
    case 'approval.decided':
      return <li class="event approval"><strong>Approval decided</strong>: {d.decision}{d.by ? ` by ${d.by}` : ''}{d.reason ? ` — ${d.reason}` : ''}</li>;
    case 'run.finished':
    case 'run.failed':
      return <li class={`event end status-${d.status}`} data-testid="run-end"><strong>Run {d.status}</strong> {tokensOf(d.usage)}{d.error ? `: ${d.error.message ?? json(d.error)}` : ''}</li>;
    default:
      return <li class="event"><strong>{e.type}</strong> <code>{json(d)}</code></li>;
  }
}

export function Timeline({ events, text }: { events: StreamEvent[]; text: Record<string, string> }) {
  const finished = new Map<string, StreamEvent>();
  for (const e of events) if (e.type === 'step.finished') finished.set(`${e.data.step}|${e.data.id ?? ''}`, e);
  return (
    <ol class="timeline" aria-label="Run events">
      {events.map((e) => {
        if (e.type === 'step.finished') return null;
        if (e.type === 'step.started') return <StepEntry key={e.id} start={e} finish={finished.get(`${e.data.step}|${e.data.id ?? ''}`)} live={text[e.id]} />;
        return <Other key={e.id} e={e} />;
      })}
    </ol>
  );
}
