// Runs a definition's steps: `if`, retries with backoff, per-attempt timeouts, `onError`, and each
// kind's work (activities and child workflows). Everything a step does is decided here from the
// step graph; the run's lifecycle (start, limits, cancellation, outcome) is registered.ts's.
import { sleep } from '@temporalio/workflow';
import type { AgentRunInput, RunOutcome } from '../../services/agents/types';
import {
  type OnError,
  type Step,
  type WorkflowRunInput,
  type WorkflowRunOutcome,
  type WorkflowStepRecord,
} from '../../services/workflows/types';
import type { WorkflowJournal } from './journal';
import { StepApprovals } from './approvals';
import { ChildSteps } from './child-steps';
import { LlmStep } from './llm-step';
import { ActivitySteps } from './activity-steps';
import { FlowSteps } from './flow-steps';
import { LimitReached, RETRYABLE, asStepFailure, parseDuration, stoppedError, withTimeout } from './control';
import { Evaluator, Scope, StepFailure, type StepState, type Value } from './values';

type RegisteredWorkflowFn = (input: WorkflowRunInput) => Promise<WorkflowRunOutcome>;
type AgentRunWorkflowFn = (input: AgentRunInput) => Promise<RunOutcome>;

export interface InterpreterDeps {
  input: WorkflowRunInput;
  journal: WorkflowJournal;
  /**
   * The `workflow-lean-steps` patch: an llm step's model call records what happened before it, and
   * what can be evaluated in the workflow is, without awaiting (fewer promises, less workflow CPU).
   */
  lean?: boolean;
  /**
   * The `workflow-sync-steps` feature (with `lean`): steps that need no activity — a condition, a
   * `set`, a `branch` and what it runs in the workflow — complete without a promise.
   */
  syncSteps?: boolean;
  workflows: { registered: RegisteredWorkflowFn; agent: AgentRunWorkflowFn };
  recordStatus(status: 'awaiting_approval' | 'running'): Promise<void>;
}

export class Interpreter {
  readonly evaluator: Evaluator;
  /** Steps waiting for a person, and signals waiting for `wait` steps (the workflow's handlers reach them here). */
  readonly approvals: StepApprovals;
  private readonly children: ChildSteps;
  /** Steps that succeeded and declare compensation steps, oldest first (run newest first when the run stops). */
  private readonly compensable: Array<{ step: Step; scope: Scope }> = [];
  private readonly llmSteps: LlmStep;
  private readonly activitySteps: ActivitySteps;
  private readonly flow: FlowSteps;

  constructor(private readonly deps: InterpreterDeps) {
    this.evaluator = new Evaluator(deps.input.inlineBytes);
    this.approvals = new StepApprovals(deps.journal, deps.recordStatus);
    this.children = new ChildSteps(deps, this.evaluator, () => this.checkLimits());
    this.llmSteps = new LlmStep(deps, this.evaluator, () => this.checkLimits());
    this.activitySteps = new ActivitySteps(deps, this.evaluator, this.approvals);
    this.flow = new FlowSteps({
      evaluator: this.evaluator,
      approvals: this.approvals,
      syncSteps: deps.syncSteps === true,
      now: (f) => this.now(f),
      runList: (steps, scope) => this.runList(steps, scope),
      list: (steps, scope) => this.list(steps, scope, {}),
      skipAll: (steps, scope) => this.skipAll(steps, scope),
    });
  }

  private get input() {
    return this.deps.input;
  }

  private get journal() {
    return this.deps.journal;
  }

  /** With the `workflow-lean-steps` patch, `f`'s result (undefined: do it the awaited way); without, undefined. */
  now<T>(f: () => T | undefined): T | undefined {
    return this.deps.lean ? f() : undefined;
  }

  // ---- steps ----

  /**
   * Runs a list in order; returns the output of the last step that ran (null when none did).
   * `beforeLastFinish`: called when the list's last step has done its work, before its end is recorded.
   */
  async runList(steps: Step[], scope: Scope, opts: ListOptions = {}): Promise<Value> {
    if (this.deps.syncSteps) return this.list(steps, scope, opts);
    let last: Value = null;
    for (const [i, step] of steps.entries()) {
      const state = await this.runStepAwaited(step, scope, i === steps.length - 1 && opts.beforeLastFinish ? { beforeFinish: opts.beforeLastFinish } : {});
      if (state.status !== 'skipped') last = state.output;
    }
    return last;
  }

  runStep(step: Step, scope: Scope, opts: StepOptions = {}): StepState | Promise<StepState> {
    return this.deps.syncSteps ? this.stepNow(step, scope, opts) : this.runStepAwaited(step, scope, opts);
  }

  // ---- steps without a promise where none is needed (the `workflow-sync-steps` feature) ----

  /** `runList`, awaiting only the steps that wait for something. */
  private list(steps: Step[], scope: Scope, opts: ListOptions, from = 0, last: Value = null): Value | Promise<Value> {
    for (let i = from; i < steps.length; i++) {
      const state = this.stepNow(steps[i], scope, i === steps.length - 1 && opts.beforeLastFinish ? { beforeFinish: opts.beforeLastFinish } : {});
      if (state instanceof Promise) return state.then((s) => this.list(steps, scope, opts, i + 1, s.status !== 'skipped' ? s.output : last));
      if (state.status !== 'skipped') last = state.output;
    }
    return last;
  }

  private stepNow(step: Step, scope: Scope, opts: StepOptions): StepState | Promise<StepState> {
    if (step.if !== undefined) {
      let taken: boolean | undefined;
      try {
        taken = this.evaluator.conditionNow(step.if, scope);
      } catch (err) {
        this.failBeforeStart(step, scope, err);
      }
      // A condition that reads a stored value is evaluated by an activity.
      if (taken === undefined) return this.runStepAwaited(step, scope, opts);
      if (!taken) {
        this.skip(step, scope);
        return scope.steps[step.id];
      }
    }
    const reused = this.reuseRecorded(step, scope);
    if (reused) return reused;
    const { step: record, eventId } = this.journal.start(scope.path(step.id), step.kind, opts.compensation ? { compensation: true } : {});
    let work: Value | Promise<Value>;
    try {
      work = this.workNow(step, scope, record, eventId);
    } catch (err) {
      return this.stepFailed(step, scope, record, err);
    }
    if (work instanceof Promise) {
      return work.then((output) => this.stepSucceeded(step, scope, record, output, opts), (err) => this.stepFailed(step, scope, record, err));
    }
    return this.stepSucceeded(step, scope, record, work, opts);
  }

  private workNow(step: Step, scope: Scope, record: WorkflowStepRecord, eventId: number): Value | Promise<Value> {
    if (step.retry || step.timeout) return this.attempts(step, scope, record, eventId);
    if (step.kind === 'set') {
      const done = this.flow.setNow(step, scope);
      if (done !== undefined) return done;
    }
    if (step.kind === 'branch') return this.flow.branchNow(step, scope);
    return this.dispatch(step, scope, record, eventId, 1);
  }

  private stepSucceeded(step: Step, scope: Scope, record: WorkflowStepRecord, output: Value, opts: StepOptions): StepState {
    scope.set(step.id, { status: 'succeeded', output });
    opts.beforeFinish?.();
    this.journal.finish(record, 'succeeded', { value: output });
    if (step.onError && 'compensate' in step.onError) this.compensable.push({ step, scope });
    return scope.steps[step.id];
  }

  private stepFailed(step: Step, scope: Scope, record: WorkflowStepRecord, err: unknown): Promise<StepState> {
    if (!(err instanceof StepFailure) || err.fatal) {
      this.journal.finish(record, 'failed', { error: err instanceof StepFailure ? err.error : stoppedError(err) });
      return Promise.reject(err);
    }
    return this.onError(step, scope, record, err);
  }

  /** A step that succeeded in the run this one resumes, recorded as reused (undefined: run it). */
  private reuseRecorded(step: Step, scope: Scope): StepState | undefined {
    const recorded = this.input.recorded?.[scope.path(step.id)];
    if (recorded?.status !== 'succeeded' || !isLeaf(step)) return undefined;
    const { step: record } = this.journal.start(scope.path(step.id), step.kind, { reused: true });
    const error = recorded.error ? { error: recorded.error } : {};
    this.journal.finish(record, 'succeeded', { value: recorded.output, ...error, ...(recorded.error ? { continued: true } : {}) });
    scope.set(step.id, { status: 'succeeded', output: recorded.output, ...error });
    // What it did (in the earlier run) stands: a stop of this run undoes it too.
    if (step.onError && 'compensate' in step.onError) this.compensable.push({ step, scope });
    // A reused `set` step's values are still the variables later steps read.
    if (step.kind === 'set' && recorded.output && typeof recorded.output === 'object' && !Array.isArray(recorded.output)) Object.assign(scope.vars, recorded.output);
    return scope.steps[step.id];
  }

  // ---- steps, awaited (runs started before `workflow-sync-steps` replay through these unchanged) ----

  private async runStepAwaited(step: Step, scope: Scope, opts: StepOptions = {}): Promise<StepState> {
    const path = scope.path(step.id);
    if (step.if !== undefined && !(await this.evaluator.condition(step.if, scope).catch((err) => this.failBeforeStart(step, scope, err)))) {
      this.skip(step, scope);
      return scope.steps[step.id];
    }
    const reused = this.reuseRecorded(step, scope);
    if (reused) return reused;

    const { step: record, eventId } = this.journal.start(path, step.kind, opts.compensation ? { compensation: true } : {});
    try {
      let output: Value;
      if (!this.deps.lean || step.retry || step.timeout) {
        output = await this.attempts(step, scope, record, eventId);
      } else {
        // One attempt without a timeout needs no retry loop, and a step done in the workflow no await
        // (every promise costs workflow CPU).
        const done = step.kind === 'set' ? this.flow.setNow(step, scope) : undefined;
        output = done !== undefined ? done : await this.dispatch(step, scope, record, eventId, 1);
      }
      scope.set(step.id, { status: 'succeeded', output });
      opts.beforeFinish?.();
      this.journal.finish(record, 'succeeded', { value: output });
      if (step.onError && 'compensate' in step.onError) this.compensable.push({ step, scope });
      return scope.steps[step.id];
    } catch (err) {
      if (!(err instanceof StepFailure) || err.fatal) {
        this.journal.finish(record, 'failed', { error: err instanceof StepFailure ? err.error : stoppedError(err) });
        throw err;
      }
      return this.onError(step, scope, record, err);
    }
  }

  private async onError(step: Step, scope: Scope, record: WorkflowStepRecord, failure: StepFailure): Promise<StepState> {
    const error = failure.error;
    scope.set(step.id, { status: 'failed', output: null, error });
    const onError: OnError | undefined = step.onError;
    if (onError && 'continue' in onError) {
      let value: Value;
      try {
        value = await this.evaluator.expression(onError.continue.value, scope);
      } catch (err) {
        this.journal.finish(record, 'failed', { error });
        throw err;
      }
      scope.set(step.id, { status: 'succeeded', output: value, error });
      this.journal.finish(record, 'succeeded', { value, error, continued: true });
      return scope.steps[step.id];
    }
    this.journal.finish(record, 'failed', { error });
    const at = failure.step ?? scope.path(step.id);
    if (onError && 'compensate' in onError) {
      await this.compensate(onError.compensate, scope);
      throw new StepFailure(failure.code, failure.message, at, true);
    }
    throw new StepFailure(failure.code, failure.message, at);
  }

  /** Compensation steps run one after another; one that fails is recorded and the rest still run. */
  private async compensate(steps: Step[], scope: Scope) {
    for (const s of steps) {
      try {
        await this.runStep(s, scope, { compensation: true });
      } catch (err) {
        if (!(err instanceof StepFailure)) throw err;
      }
    }
  }

  /** After a stop that no step caused (cancellation, deadline, budget): undo what completed steps declared, newest first. */
  async compensateCompleted() {
    for (const { step, scope } of [...this.compensable].reverse()) {
      const onError = step.onError as { compensate: Step[] };
      await this.compensate(onError.compensate, scope);
    }
  }

  private failBeforeStart(step: Step, scope: Scope, err: unknown): never {
    const { step: record } = this.journal.start(scope.path(step.id), step.kind);
    const failure = err instanceof StepFailure ? err : new StepFailure('expression_error', String(err));
    this.journal.finish(record, 'failed', { error: failure.error });
    throw new StepFailure(failure.code, failure.message, scope.path(step.id));
  }

  private skip(step: Step, scope: Scope) {
    this.journal.skip(scope.path(step.id), step.kind);
    scope.set(step.id, { status: 'skipped', output: null });
  }

  /** Steps of a branch case not taken, and their nested steps (map bodies and compensations aside), are skipped. */
  private skipAll(steps: Step[], scope: Scope) {
    for (const s of steps) {
      this.skip(s, scope);
      if (s.kind === 'branch') {
        for (const c of s.cases) this.skipAll(c.steps, scope);
        if (s.else) this.skipAll(s.else, scope);
      } else if (s.kind === 'parallel') {
        for (const list of Object.values(s.branches)) this.skipAll(list, scope);
      }
    }
  }

  private async attempts(step: Step, scope: Scope, record: WorkflowStepRecord, eventId: number): Promise<Value> {
    const attempts = step.retry?.attempts ?? 1;
    const backoff = step.retry?.backoff;
    let delay = parseDuration(backoff?.initial ?? '1s');
    const maxDelay = backoff?.max ? parseDuration(backoff.max) : Number.POSITIVE_INFINITY;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) this.journal.attempt(record, attempt);
      try {
        // An approval's `timeout` is how long it waits for a person, not an attempt's limit.
        const timeout = step.kind !== 'approval' && step.timeout ? parseDuration(step.timeout) : undefined;
        return await withTimeout(timeout, () => this.execute(step, scope, record, eventId, attempt));
      } catch (err) {
        const failure = asStepFailure(err);
        if (!failure || failure.fatal || attempt >= attempts || !RETRYABLE(failure.code)) throw failure ?? err;
        await sleep(Math.min(delay, maxDelay));
        delay *= backoff?.factor ?? 2;
      }
    }
  }

  private async execute(step: Step, scope: Scope, record: WorkflowStepRecord, eventId: number, attempt: number): Promise<Value> {
    return this.dispatch(step, scope, record, eventId, attempt);
  }

  private dispatch(step: Step, scope: Scope, record: WorkflowStepRecord, eventId: number, attempt: number): Promise<Value> {
    switch (step.kind) {
      case 'set':
        return this.flow.set(step, scope);
      case 'llm':
        return this.llmSteps.run(step, scope, record, eventId);
      case 'retrieve':
        return this.activitySteps.retrieve(step, scope, record);
      case 'tool':
        return this.activitySteps.tool(step, scope, record, attempt);
      case 'agent':
        return this.children.agent(step, scope, record, attempt);
      case 'workflow':
        return this.children.workflow(step, scope, record, attempt);
      case 'approval':
        return this.flow.approval(step, scope);
      case 'branch':
        return this.flow.branch(step, scope);
      case 'parallel':
        return this.flow.parallel(step, scope);
      case 'map':
        return this.flow.map(step, scope);
      case 'wait':
        return this.flow.wait(step);
    }
  }

  /** Before work that spends: a budget already used up ends the run. */
  checkLimits() {
    const { maxTotalTokens, maxCostUsd } = this.input.limits;
    const u = this.journal.usage;
    if (maxTotalTokens !== undefined && u.totalTokens >= maxTotalTokens) throw new LimitReached('max_total_tokens');
    if (maxCostUsd !== undefined && u.costUsd >= maxCostUsd) throw new LimitReached('max_cost_usd');
  }
}


interface ListOptions {
  /** Called when the list's last step has done its work, before its end is recorded. */
  beforeLastFinish?: () => void;
}

interface StepOptions {
  compensation?: boolean;
  beforeFinish?: () => void;
}

function isLeaf(step: Step): boolean {
  return step.kind !== 'branch' && step.kind !== 'parallel' && step.kind !== 'map';
}

