// One pending decision: a tool call (its server, tool, arguments and why it waits) to approve or
// reject, or a budget request to extend or end; with a reason.
import { useState } from 'preact/hooks';
import { api, must } from '../api';
import { ErrorBox, json, useAction } from '../ui';

type Tool = { kind?: 'tool'; toolCallId: string; server: string; tool: string; arguments: Record<string, unknown>; requestedAt: string; runId?: string; message?: string };
type Budget = { kind: 'budget'; requestId: string; limit: string; used: number; current: number; requestedAt: string; runId?: string };

const EXTEND_FIELD: Record<string, 'steps' | 'tokens' | 'costUsd' | 'seconds'> = { max_steps: 'steps', max_total_tokens: 'tokens', max_cost_usd: 'costUsd', deadline: 'seconds' };

export function ApprovalCard({ runId, pending, onDecided }: { runId: string; pending: Tool | Budget; onDecided: () => void }) {
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const { error, busy, run } = useAction();
  const key = pending.kind === 'budget' ? pending.requestId : pending.toolCallId;
  const decide = (body: Record<string, unknown>) =>
    run(async () => {
      await must(api.POST('/v1/runs/{id}/approvals', { params: { path: { id: runId } }, body: { ...body, ...(pending.runId ? { runId: pending.runId } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) } as never }));
      onDecided();
    });
  const reasonId = `reason-${key}`;
  return (
    <article class="approval-card" data-testid="approval" aria-label={pending.kind === 'budget' ? `Budget request ${pending.limit}` : `Tool call ${pending.server}/${pending.tool}`}>
      {pending.kind === 'budget' ? (
        <>
          <h3>Budget: {pending.limit.replace(/_/g, ' ')}</h3>
          <p>The run used {pending.used} of its limit {pending.current} and asks for more.</p>
        </>
      ) : (
        <>
          <h3>Tool call <code>{pending.server}/{pending.tool}</code></h3>
          <p>{pending.message ?? 'This tool needs a person’s approval before it runs (it changes something outside Keel).'}</p>
          <pre>{json(pending.arguments)}</pre>
        </>
      )}
      <label for={reasonId}>Reason (optional)</label>
      <input id={reasonId} value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={2000} />
      {pending.kind === 'budget' ? (
        <div class="row">
          <label for={`amount-${key}`}>Extend by ({EXTEND_FIELD[pending.limit]})</label>
          <input id={`amount-${key}`} type="number" min="0" step="any" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
          <button type="button" disabled={busy || !(Number(amount) > 0)} onClick={() => decide({ kind: 'budget', requestId: pending.requestId, decision: 'extend', extend: { [EXTEND_FIELD[pending.limit]]: Number(amount) } })}>Extend</button>
          <button type="button" class="danger" disabled={busy} onClick={() => decide({ kind: 'budget', requestId: pending.requestId, decision: 'end' })}>End the run</button>
        </div>
      ) : (
        <div class="row">
          <button type="button" disabled={busy} onClick={() => decide({ toolCallId: pending.toolCallId, decision: 'approve' })}>Approve</button>
          <button type="button" class="danger" disabled={busy} onClick={() => decide({ toolCallId: pending.toolCallId, decision: 'reject' })}>Reject</button>
        </div>
      )}
      <ErrorBox error={error} />
    </article>
  );
}
