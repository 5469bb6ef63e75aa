// Tool calls waiting for a human: the run pauses until each pending call is approved or rejected.
import { condition } from '@temporalio/workflow';
import type { PendingToolApproval, ToolApprovalDecision } from '../../services/agents/types';
import type { RunJournal } from './journal';
import type { PlannedCall } from './tool-plan';

export interface Decision {
  decision: 'approved' | 'rejected';
  by?: string;
  reason?: string;
}

export class ApprovalGate {
  private readonly waiting = new Map<string, PendingToolApproval>();
  private readonly decisions = new Map<string, Decision>();

  constructor(private readonly journal: RunJournal) {}

  pending(): PendingToolApproval[] {
    return [...this.waiting.values()];
  }

  /** Runs before an update is accepted: an unknown tool call id is rejected without touching history. */
  validate(d: ToolApprovalDecision) {
    if (!this.waiting.has(d.toolCallId)) {
      throw new Error(`no tool call ${d.toolCallId} is waiting for approval`);
    }
  }

  decide(d: ToolApprovalDecision): { accepted: true } {
    const call = this.waiting.get(d.toolCallId);
    if (!call) throw new Error(`no tool call ${d.toolCallId} is waiting for approval`);
    this.waiting.delete(d.toolCallId);
    const decision: Decision = { decision: d.decision === 'approve' ? 'approved' : 'rejected', by: d.by, reason: d.reason };
    this.decisions.set(d.toolCallId, decision);
    this.journal.emit('approval.decided', { toolCallId: d.toolCallId, ...decision });
    return { accepted: true };
  }

  /** Decisions known before the run asks (a replay's recorded ones): those calls do not pause. */
  seed(decisions: Record<string, Decision>) {
    for (const [toolCallId, d] of Object.entries(decisions)) this.decisions.set(toolCallId, d);
  }

  decisionFor(toolCallId: string): Decision | undefined {
    return this.decisions.get(toolCallId);
  }

  /** `recordStatus` keeps the run's stored status in step: awaiting_approval while it waits, then running. */
  async waitFor(calls: PlannedCall[], recordStatus: (status: 'awaiting_approval' | 'running') => Promise<void>) {
    for (const p of calls) {
      const pending: PendingToolApproval = {
        kind: 'tool',
        toolCallId: p.call.id,
        server: p.tool?.server ?? '',
        tool: p.tool?.name ?? p.call.name,
        arguments: p.call.arguments,
        requestedAt: new Date().toISOString(),
      };
      this.waiting.set(p.call.id, pending);
      this.journal.emit('approval.needed', { ...pending });
    }
    this.journal.status = 'awaiting_approval';
    await recordStatus('awaiting_approval');
    await condition(() => calls.every((p) => this.decisions.has(p.call.id)));
    this.journal.status = 'running';
    await recordStatus('running');
  }
}
