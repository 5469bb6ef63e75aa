// The step kinds the interpreter does itself, around the steps they hold: `set`, `branch`,
// `parallel`, `map`, `wait` and `approval`. Running a list of steps is the interpreter's
// (registered/interpreter.ts); these call back into it.
import { sleep } from '@temporalio/workflow';
import type { JsonValue } from '../../services/workflows/policy';
import type { Step, StepOf } from '../../services/workflows/types';
import type { StepApprovals } from './approvals';
import { PENDING_MESSAGE_CHARS } from './activity-steps';
import { parseDuration, settleAll } from './control';
import { StepFailure, type Evaluator, type Scope, type Value } from './values';

export interface FlowDeps {
  evaluator: Evaluator;
  approvals: StepApprovals;
  /** The `workflow-sync-steps` feature: a branch's steps run through `list`, without a promise where none is needed. */
  syncSteps: boolean;
  /** With the `workflow-lean-steps` feature, `f`'s result (undefined: do it the awaited way). */
  now<T>(f: () => T | undefined): T | undefined;
  runList(steps: Step[], scope: Scope): Promise<Value>;
  list(steps: Step[], scope: Scope): Value | Promise<Value>;
  /** Records the steps (and those nested in them) skipped. */
  skipAll(steps: Step[], scope: Scope): void;
}

export class FlowSteps {
  constructor(private readonly deps: FlowDeps) {}

  async set(step: StepOf<'set'>, scope: Scope): Promise<Value> {
    const names = Object.keys(step.values);
    const evaluations = names.map((n) => ({ kind: 'expression' as const, source: step.values[n] }));
    return this.assign(names, this.deps.now(() => this.deps.evaluator.evaluateNow(evaluations, scope)) ?? (await this.deps.evaluator.evaluate(evaluations, scope)), scope);
  }

  /** A `set` step's values evaluated in the workflow, without a promise; undefined when they read a stored value. */
  setNow(step: StepOf<'set'>, scope: Scope): Value | undefined {
    const names = Object.keys(step.values);
    const values = this.deps.evaluator.evaluateNow(names.map((n) => ({ kind: 'expression' as const, source: step.values[n] })), scope);
    return values && this.assign(names, values, scope);
  }

  private assign(names: string[], values: Value[], scope: Scope): Value {
    const out: Record<string, Value> = {};
    names.forEach((n, i) => {
      out[n] = values[i];
      scope.vars[n] = values[i];
    });
    return out as JsonValue;
  }

  async approval(step: StepOf<'approval'>, scope: Scope): Promise<Value> {
    const message = await this.deps.evaluator.text(step.message, scope);
    const path = scope.path(step.id);
    const d = await this.deps.approvals.waitForDecision(
      { kind: 'tool', toolCallId: path, server: '', tool: '', arguments: {}, requestedAt: new Date().toISOString(), message: message.slice(0, PENDING_MESSAGE_CHARS) },
      parseDuration(step.timeout),
      step.defaultDecision,
    );
    return { decision: d.decision, timedOut: d.timedOut, ...(d.by ? { by: d.by } : {}), ...(d.reason ? { comment: d.reason } : {}) };
  }

  async branch(step: StepOf<'branch'>, scope: Scope): Promise<Value> {
    let chosen: number | undefined;
    for (let i = 0; i < step.cases.length && chosen === undefined; i++) {
      const when = step.cases[i].when;
      if (this.deps.now(() => this.deps.evaluator.conditionNow(when, scope)) ?? (await this.deps.evaluator.condition(when, scope))) chosen = i;
    }
    return this.takeBranch(step, scope, chosen);
  }

  /** The case chosen (undefined: none matched) runs; the others' steps are recorded skipped. */
  private takeBranch(step: StepOf<'branch'>, scope: Scope, matched: number | undefined): Value | Promise<Value> {
    const chosen = matched === undefined && step.else ? 'else' : matched;
    step.cases.forEach((c, i) => i !== chosen && this.deps.skipAll(c.steps, scope));
    if (step.else && chosen !== 'else') this.deps.skipAll(step.else, scope);
    if (chosen === undefined) return null;
    const steps = chosen === 'else' ? step.else! : step.cases[chosen].steps;
    return this.deps.syncSteps ? this.deps.list(steps, scope) : this.deps.runList(steps, scope);
  }

  async parallel(step: StepOf<'parallel'>, scope: Scope): Promise<Value> {
    const names = Object.keys(step.branches);
    const outputs = await settleAll(names.map((n) => () => this.deps.runList(step.branches[n], scope)), names.length);
    return Object.fromEntries(names.map((n, i) => [n, outputs[i]])) as JsonValue;
  }

  async map(step: StepOf<'map'>, scope: Scope): Promise<Value> {
    const items = await this.deps.evaluator.expression(step.over, scope, { inline: true });
    if (!Array.isArray(items)) throw new StepFailure('expression_error', `"over" must yield a list, not ${items === null ? 'null' : typeof items}`);
    if (items.length > 10_000) throw new StepFailure('too_many_items', `"over" yielded ${items.length} items; at most 10,000`);
    const path = scope.path(step.id);
    const bodies = items.map((item, i) => () => this.deps.runList(step.steps, scope.child(step.as, item, `${path}[${i}].`)));
    return (await settleAll(bodies, step.concurrency)) as JsonValue;
  }

  async wait(step: StepOf<'wait'>): Promise<Value> {
    if (step.duration !== undefined) {
      await sleep(parseDuration(step.duration));
      return null;
    }
    const name = step.signal!;
    // The step's `timeout` (required for a signal) bounds this wait: see attempts().
    return (await this.deps.approvals.nextSignal(name)) as JsonValue;
  }

  /** A `branch` whose conditions are evaluated in the workflow, and what it runs, without a promise where none is needed. */
  branchNow(step: StepOf<'branch'>, scope: Scope): Value | Promise<Value> {
    let chosen: number | undefined;
    for (let i = 0; i < step.cases.length && chosen === undefined; i++) {
      const taken = this.deps.evaluator.conditionNow(step.cases[i].when, scope);
      if (taken === undefined) return this.branch(step, scope);
      if (taken) chosen = i;
    }
    return this.takeBranch(step, scope, chosen);
  }
}
