// The approvals inbox: every run waiting for a person, each pending tool call or budget request.
import { api, must } from '../api';
import { Link } from '../router';
import { ErrorBox, Loading, useLoad, when } from '../ui';
import { ApprovalCard } from './approval-card';

async function waitingRuns() {
  const page = await must(api.GET('/v1/runs', { params: { query: { status: 'awaiting_approval', limit: 200 } } }));
  return Promise.all(page.runs.map((r) => must(api.GET('/v1/runs/{id}', { params: { path: { id: r.id } } }))));
}

export function ApprovalsPage() {
  const runs = useLoad(waitingRuns);
  const waiting = (runs.data ?? []).filter((r) => r.pendingApprovals.length > 0);
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Approvals</h1>
        <button type="button" class="secondary" onClick={runs.reload}>Refresh</button>
      </div>
      <ErrorBox error={runs.error} />
      {runs.loading && !runs.data ? <Loading /> : null}
      {runs.data && waiting.length === 0 ? <p class="muted" role="status">Nothing is waiting for a decision.</p> : null}
      {waiting.map((r) => (
        <section key={r.id} class="card" aria-label={`Run ${r.id}`}>
          <header class="card-head">
            <h2><Link href={`/runs/${encodeURIComponent(r.id)}`}>{r.agentName} v{r.agentVersion}</Link> <code class="muted">{r.id}</code></h2>
            <span class="muted">started {when(r.createdAt)}</span>
          </header>
          <p class="muted">Input: {r.input.length > 200 ? `${r.input.slice(0, 200)}…` : r.input}</p>
          {r.pendingApprovals.map((p) => (
            <ApprovalCard key={'toolCallId' in p ? p.toolCallId : p.requestId} runId={r.id} pending={p as never} onDecided={runs.reload} />
          ))}
        </section>
      ))}
    </>
  );
}
