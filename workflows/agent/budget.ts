// A run's budget: its limits (steps, tokens, cost, deadline), extended by people's decisions when
// the agent's `onLimit` is `ask`. At a limit, `stop` ends the run (budget_exceeded); `ask` pauses
// it as awaiting_approval with a `budget` request until a person extends the budget or ends it.
// Time spent waiting for that decision does not count against the deadline.
import { condition } from '@temporalio/workflow';
import { hasFeature } from '../features';
import { EXTENSION_FOR_LIMIT } from '../../services/agents/policy';
import type {
  AgentRunInput,
  BudgetDecision,
  CarriedRunState,
  LimitName,
  PendingBudgetRequest,
  RunLimits,
} from '../../services/agents/types';
import type { RunJournal } from './journal';

export class LimitReached extends Error {
  constructor(readonly limit: LimitName) {
    super(`limit reached: ${limit}`);
  }
}

export interface LimitHit {
  limit: LimitName;
  used: number;
  current: number;
}

type RecordStatus = (status: 'awaiting_approval' | 'running') => Promise<void>;

/** The limits checked before a model call; after a turn that asked for more work, only what a model call spends. */
export const BEFORE_MODEL_CALL: LimitName[] = ['max_steps', 'max_total_tokens', 'max_cost_usd'];
export const AFTER_MODEL_CALL: LimitName[] = ['max_total_tokens', 'max_cost_usd'];

export class Budget {
  private request?: PendingBudgetRequest;
  private decision?: BudgetDecision;

  constructor(
    private readonly input: AgentRunInput,
    private readonly state: CarriedRunState,
    private readonly journal: RunJournal,
    private readonly recordStatus: RecordStatus,
    /** Whether something else (a tool approval) still waits for a person once the budget is decided. */
    private readonly othersWaiting: () => boolean,
  ) {}

  get asks(): boolean {
    return this.input.limits.onLimit === 'ask';
  }

  get waiting(): boolean {
    return this.request !== undefined;
  }

  /** The limits in force: as the run started, plus any extensions. */
  get limits(): RunLimits {
    const { maxSteps, maxTotalTokens, maxCostUsd } = this.input.limits;
    return this.state.limits ?? { maxSteps, maxTotalTokens, ...(maxCostUsd !== undefined ? { maxCostUsd } : {}) };
  }

  /** What is left of each limit now (children's budgets are carved from it). */
  remaining(now: number) {
    const { maxSteps, maxTotalTokens, maxCostUsd } = this.limits;
    const u = this.state.usage;
    return {
      maxSteps: Math.max(0, maxSteps - u.modelCalls),
      maxTotalTokens: Math.max(0, maxTotalTokens - u.totalTokens),
      ...(maxCostUsd !== undefined ? { maxCostUsd: Math.max(0, maxCostUsd - u.costUsd) } : {}),
      deadlineSeconds: Math.max(0, Math.floor((this.state.deadlineAt - now) / 1000)),
    };
  }

  pending(): PendingBudgetRequest[] {
    return this.request ? [this.request] : [];
  }

  exceeded(which: LimitName[]): LimitHit | undefined {
    const { maxSteps, maxTotalTokens, maxCostUsd } = this.limits;
    const u = this.state.usage;
    for (const limit of which) {
      if (limit === 'max_steps' && u.modelCalls >= maxSteps) return { limit, used: u.modelCalls, current: maxSteps };
      if (limit === 'max_total_tokens' && u.totalTokens >= maxTotalTokens) return { limit, used: u.totalTokens, current: maxTotalTokens };
      if (limit === 'max_cost_usd' && maxCostUsd !== undefined && u.costUsd >= maxCostUsd) return { limit, used: u.costUsd, current: maxCostUsd };
    }
    return undefined;
  }

  /** Returns once none of `which` is reached; throws LimitReached when the run must end instead. */
  async enforce(which: LimitName[]): Promise<void> {
    // A deadline request raised while a call was in flight is decided before more work starts.
    if (this.request) await condition(() => !this.request);
    for (;;) {
      const hit = this.exceeded(which);
      if (!hit) return;
      if (!this.asks || !(await this.ask(hit))) throw new LimitReached(hit.limit);
    }
  }

  /** The deadline passed: true when a person extended the run, false when it must end. */
  async deadlinePassed(): Promise<boolean> {
    if (!this.asks) return false;
    const seconds = this.input.limits.deadlineSeconds;
    return this.ask({ limit: 'deadline', used: seconds, current: seconds });
  }

  /** Pauses the run until a person decides: true when the budget was extended. */
  private async ask(hit: LimitHit): Promise<boolean> {
    hasFeature('budget-asks');
    if (this.request) await condition(() => !this.request);
    this.request = { kind: 'budget', requestId: `budget-${this.journal.lastEventId + 1}`, ...hit, requestedAt: new Date().toISOString() };
    this.journal.emit('approval.needed', { ...this.request });
    this.journal.status = 'awaiting_approval';
    await this.recordStatus('awaiting_approval');
    const since = Date.now();
    await condition(() => this.decision !== undefined);
    const decision = this.decision!;
    this.decision = undefined;
    this.request = undefined;
    if (decision.decision === 'end') return false;
    this.state.deadlineAt += Date.now() - since;
    this.extend(decision);
    if (!this.othersWaiting()) {
      this.journal.status = 'running';
      await this.recordStatus('running');
    }
    return true;
  }

  private extend(d: BudgetDecision) {
    const add = d.extend ?? {};
    const limits = { ...this.limits };
    if (add.steps) limits.maxSteps += add.steps;
    if (add.tokens) limits.maxTotalTokens += add.tokens;
    if (add.costUsd && limits.maxCostUsd !== undefined) limits.maxCostUsd += add.costUsd;
    this.state.limits = limits;
    if (add.seconds) this.state.deadlineAt = Math.max(this.state.deadlineAt, Date.now()) + add.seconds * 1000;
  }

  /** Runs before an update is accepted: a decision for no pending request is refused without touching history. */
  validate(d: BudgetDecision) {
    const r = this.request;
    if (!r || this.decision) throw new Error('no budget request is waiting for a decision');
    if (d.requestId && d.requestId !== r.requestId) throw new Error(`budget request ${d.requestId} is not waiting (${r.requestId} is)`);
    const needed = EXTENSION_FOR_LIMIT[r.limit];
    if (d.decision === 'extend' && !d.extend?.[needed]) throw new Error(`the run reached ${r.limit}: extend it by ${needed}`);
  }

  decide(d: BudgetDecision): { accepted: true } {
    this.validate(d);
    this.decision = d;
    this.journal.emit('approval.decided', {
      kind: 'budget', requestId: this.request!.requestId, limit: this.request!.limit, decision: d.decision,
      ...(d.extend ? { extend: d.extend } : {}), by: d.by, reason: d.reason,
    });
    return { accepted: true };
  }
}
