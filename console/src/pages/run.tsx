// One run, live: its header (status, version, usage and cost, links to Temporal and the trace),
// the steps as they happen with model text as it streams, tool calls with their arguments and
// results, pending approvals, cancel, resume from a failed step, and replay.
import { useEffect } from 'preact/hooks';
import { api, must } from '../api';
import { can, type Session } from '../session';
import { useRunStream } from '../stream';
import { count, ErrorBox, Loading, Section, StatusBadge, usd, usageOf, useAction, useLoad, when } from '../ui';
import { Timeline } from './timeline';
import { ApprovalCard } from './approval-card';
import { StartReplay } from './start-replay';
import { ResumeRun } from './resume-run';

const TERMINAL = ['completed', 'failed', 'cancelled', 'budget_exceeded'];
/** A registered workflow's run that ended without completing can be resumed from its failed step. */
const RESUMABLE = ['failed', 'cancelled', 'budget_exceeded'];

export function RunPage({ id, session }: { id: string; session: Session }) {
  const run = useLoad(() => must(api.GET('/v1/runs/{id}', { params: { path: { id } } })), [id]);
  const stream = useRunStream(id);
  const cancelling = useAction();
  // Status, usage and pending approvals are re-read as durable events arrive.
  useEffect(() => { if (stream.events.length) run.reload(); }, [stream.events.length]);

  const r = run.data;
  const usage = usageOf(r?.usage);
  const cancel = () =>
    cancelling.run(async () => {
      await must(api.POST('/v1/runs/{id}/cancel', { params: { path: { id } } }));
      run.reload();
    });
  return (
    <>
      <div class="page-head">
        <h1 tabIndex={-1}>Run <code>{id}</code></h1>
        {r && !TERMINAL.includes(r.status) && can(session, 'runs') ? <button type="button" class="danger" onClick={cancel}>Cancel run</button> : null}
      </div>
      <ErrorBox error={run.error ?? cancelling.error} />
      {run.loading && !r ? <Loading /> : null}
      {r ? (
        <Section title="Summary">
          <dl class="facts">
            <dt>Status</dt><dd data-testid="run-status"><StatusBadge status={r.status} />{r.statusReason ? <span class="muted"> {r.statusReason.message}</span> : null}</dd>
            <dt>{r.kind === 'workflow' ? 'Workflow' : 'Agent'}</dt><dd>{r.agentName} v{r.agentVersion}{r.versionReason ? <span class="muted"> ({r.versionReason})</span> : null}</dd>
            <dt>Started</dt><dd>{when(r.createdAt)}</dd>
            <dt>Ended</dt><dd>{when(r.endedAt)}</dd>
            <dt>Tokens</dt><dd data-testid="run-tokens">{usage ? `${count(usage.totalTokens)} (${count(usage.inputTokens)} in, ${count(usage.outputTokens)} out)` : '—'}</dd>
            <dt>Cost</dt><dd>{usd(usage?.costUsd)}</dd>
            <dt>Calls</dt><dd>{usage ? `${usage.modelCalls} model, ${usage.toolCalls} tool` : '—'}</dd>
            <dt>Streamed</dt><dd data-testid="streamed-chars">{stream.streamedChars} characters live{stream.connected && !stream.ended ? ' (connected)' : ''}{stream.resumed ? ' · resumed after a reload' : ''}</dd>
            <dt>Links</dt>
            <dd class="links">
              {session.temporalUi ? <a href={session.temporalUi + encodeURIComponent(r.workflowId)} target="_blank" rel="noopener noreferrer">Temporal UI</a> : null}
              <a href={r.trace.url} target="_blank" rel="noopener noreferrer">Trace ({r.trace.traceId.slice(0, 8)}…)</a>
            </dd>
          </dl>
          {r.replay ? <p>Replays <a href={`/console/runs/${encodeURIComponent(r.replay.of)}`}>{r.replay.of}</a> ({r.replay.mode}). <a href={`/console/replays/${encodeURIComponent(r.id)}`}>Compare</a></p> : null}
        </Section>
      ) : null}
      {r && r.pendingApprovals.length && can(session, 'approve') ? (
        <Section title="Waiting for you">
          {r.pendingApprovals.map((p) => <ApprovalCard key={'toolCallId' in p ? p.toolCallId : p.requestId} runId={id} pending={p as never} onDecided={run.reload} />)}
        </Section>
      ) : null}
      <Section title="Steps">
        {stream.error ? <p class="muted" role="status">{stream.error}</p> : null}
        <Timeline events={stream.events} text={stream.text} />
        {!stream.ended && stream.events.length === 0 ? <Loading what="Waiting for events" /> : null}
      </Section>
      {r && r.outcome ? (
        <Section title="Outcome"><pre class="output" data-testid="run-outcome">{typeof (r.outcome as any).output === 'string' ? (r.outcome as any).output : JSON.stringify(r.outcome, null, 2)}</pre></Section>
      ) : null}
      {r && r.kind === 'workflow' && RESUMABLE.includes(r.status) && can(session, 'runs') ? <ResumeRun runId={id} version={r.agentVersion} /> : null}
      {r && TERMINAL.includes(r.status) && can(session, 'runs') ? <StartReplay runId={id} /> : null}
    </>
  );
}
