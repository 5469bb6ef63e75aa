// Steps waiting for a person (approval steps and tools that need approval), their decisions, and
// the signals `wait` steps wait for. The workflow's update and signal handlers reach them here.
import { condition } from '@temporalio/workflow';
import type { PendingToolApproval } from '../../services/agents/types';
import type { WorkflowJournal } from './journal';

export interface Pending extends PendingToolApproval {
  message?: string;
}

export interface Decision {
  decision: 'approve' | 'reject';
  by?: string;
  reason?: string;
}

export class StepApprovals {
  private readonly pending = new Map<string, Pending>();
  private readonly decisions = new Map<string, Decision>();
  private readonly signals = new Map<string, unknown[]>();

  constructor(
    private readonly journal: WorkflowJournal,
    private readonly recordStatus: (status: 'awaiting_approval' | 'running') => Promise<void>,
  ) {}

  pendingApprovals(): Pending[] {
    return [...this.pending.values()];
  }

  validateDecision(id: string) {
    if (!this.pending.has(id)) throw new Error(`no step ${id} is waiting for approval`);
  }

  decide(id: string, d: Decision) {
    this.validateDecision(id);
    this.pending.delete(id);
    this.decisions.set(id, d);
    this.journal.emit('approval.decided', { toolCallId: id, step: id, decision: d.decision === 'approve' ? 'approved' : 'rejected', by: d.by, reason: d.reason });
  }

  signal(name: string, payload: unknown) {
    const queue = this.signals.get(name) ?? [];
    queue.push(payload ?? null);
    this.signals.set(name, queue);
  }

  /** The oldest payload of signal `name`, once one has arrived. */
  async nextSignal(name: string): Promise<unknown> {
    await condition(() => (this.signals.get(name)?.length ?? 0) > 0);
    return this.signals.get(name)!.shift();
  }

  /** Waits for a person's decision on `pending.toolCallId` (the step path); when nobody decides in time, the default. */
  async waitForDecision(pending: Pending, timeoutMs: number, defaultDecision: 'approve' | 'reject'): Promise<Decision & { timedOut: boolean }> {
    const id = pending.toolCallId;
    this.pending.set(id, pending);
    this.journal.emit('approval.needed', { ...pending, step: id });
    if (this.pending.size === 1) {
      this.journal.status = 'awaiting_approval';
      await this.recordStatus('awaiting_approval');
    }
    let decided: boolean;
    try {
      decided = await condition(() => this.decisions.has(id), timeoutMs);
    } finally {
      this.pending.delete(id);
    }
    if (!decided) this.journal.emit('approval.decided', { toolCallId: id, step: id, decision: defaultDecision === 'approve' ? 'approved' : 'rejected', timedOut: true });
    if (this.pending.size === 0) {
      this.journal.status = 'running';
      await this.recordStatus('running');
    }
    const d = this.decisions.get(id);
    this.decisions.delete(id);
    return d ? { ...d, timedOut: false } : { decision: defaultDecision, timedOut: true };
  }
}
