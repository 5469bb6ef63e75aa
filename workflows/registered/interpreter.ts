// Runs a definition's steps: `if`, retries with backoff, per-attempt timeouts, `onError`, and each
// kind's work (activities and child workflows). Everything a step does is decided here from the
// step graph; the run's lifecycle (start, limits, cancellation, outcome) is registered.ts's.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  ParentClosePolicy,
  condition,
  executeChild,
  isCancellation,
  proxyActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentActivities, CallModelResult, WorkflowActivities } from '../../activities/types';
import type { AgentRunInput, ConversationEntry, PendingToolApproval, RunOutcome } from '../../services/agents/types';
import { needsApproval } from '../../services/agents/policy';
import { MODEL_OUTAGE_DEFAULTS, modelCallRetry } from '../../services/router/policy';
import { parseDuration as parseDurationText, type JsonValue } from '../../services/workflows/policy';
import {
  isStoredValue,
  type OnError,
  type Step,
  type StepOf,
  type StoredValue,
  type WorkflowRunInput,
  type WorkflowRunOutcome,
  type WorkflowStepRecord,
} from '../../services/workflows/types';
import type { WorkflowJournal } from './journal';
import { Evaluator, Scope, StepFailure, type StepState, type Value } from './values';

const activityOptions = { startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumAttempts: 10 } } as const;
const { listAgentTools, startChildRun } = proxyActivities<AgentActivities>({
  ...activityOptions,
  retry: { ...activityOptions.retry, nonRetryableErrorTypes: ['ChildAgentUnavailable', 'ToolServerUnknown'] },
});
const { retrieveForStep, prepareChildWorkflow } = proxyActivities<WorkflowActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: ['RetrievalUnavailable', 'ChildWorkflowUnavailable', 'InvalidInputs', 'NotFound'] },
});
// A regular activity that heartbeats: a cancelled run's in-flight tool call is cancelled within seconds.
const { callTool } = proxyActivities<AgentActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3, nonRetryableErrorTypes: ['ToolServerUnknown'] },
});

/** The run stopped at a budget (tokens or cost; the deadline cancels the run's scope). */
export class LimitReached extends Error {
  constructor(readonly limit: 'max_total_tokens' | 'max_cost_usd') {
    super(`limit reached: ${limit}`);
  }
}

const MAX_WORKFLOW_DEPTH = 8;

/** Definitions are validated before they run: a duration that does not parse is a definition error. */
function parseDuration(text: string): number {
  const ms = parseDurationText(text);
  if (ms === undefined) throw new StepFailure('invalid_definition', `"${text}" is not a duration`);
  return ms;
}
const PENDING_MESSAGE_CHARS = 2000;

type RegisteredWorkflowFn = (input: WorkflowRunInput) => Promise<WorkflowRunOutcome>;
type AgentRunWorkflowFn = (input: AgentRunInput) => Promise<RunOutcome>;

interface Pending extends PendingToolApproval {
  message?: string;
}

interface Decision {
  decision: 'approve' | 'reject';
  by?: string;
  reason?: string;
}

export interface InterpreterDeps {
  input: WorkflowRunInput;
  journal: WorkflowJournal;
  workflows: { registered: RegisteredWorkflowFn; agent: AgentRunWorkflowFn };
  recordStatus(status: 'awaiting_approval' | 'running'): Promise<void>;
}

export class Interpreter {
  readonly evaluator: Evaluator;
  private readonly pending = new Map<string, Pending>();
  private readonly decisions = new Map<string, Decision>();
  private readonly signals = new Map<string, unknown[]>();
  /** Steps that succeeded and declare compensation steps, oldest first (run newest first when the run stops). */
  private readonly compensable: Array<{ step: Step; scope: Scope }> = [];
  private readonly callModel: AgentActivities['callModel'];

  constructor(private readonly deps: InterpreterDeps) {
    this.evaluator = new Evaluator(deps.input.inlineBytes);
    const outage = deps.input.modelOutage ?? MODEL_OUTAGE_DEFAULTS;
    ({ callModel: this.callModel } = proxyActivities<AgentActivities>({
      startToCloseTimeout: '10 minutes',
      heartbeatTimeout: '30 seconds',
      scheduleToCloseTimeout: (outage.windowSeconds + 600) * 1000,
      retry: modelCallRetry(outage),
    }));
  }

  private get input() {
    return this.deps.input;
  }

  private get journal() {
    return this.deps.journal;
  }

  // ---- approvals and signals (the workflow's update and signal handlers call these) ----

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

  // ---- steps ----

  /** Runs a list in order; returns the output of the last step that ran (null when none did). */
  async runList(steps: Step[], scope: Scope): Promise<Value> {
    let last: Value = null;
    for (const step of steps) {
      const state = await this.runStep(step, scope);
      if (state.status !== 'skipped') last = state.output;
    }
    return last;
  }

  async runStep(step: Step, scope: Scope, opts: { compensation?: boolean } = {}): Promise<StepState> {
    const path = scope.path(step.id);
    if (step.if !== undefined && !(await this.evaluator.condition(step.if, scope).catch((err) => this.failBeforeStart(step, scope, err)))) {
      this.skip(step, scope);
      return scope.steps[step.id];
    }
    const recorded = this.input.recorded?.[path];
    if (recorded?.status === 'succeeded' && isLeaf(step)) {
      const { step: record } = this.journal.start(path, step.kind, { reused: true });
      this.journal.finish(record, 'succeeded', { output: recorded.output });
      scope.set(step.id, { status: 'succeeded', output: recorded.output });
      // A reused `set` step's values are still the variables later steps read.
      if (step.kind === 'set' && recorded.output && typeof recorded.output === 'object' && !Array.isArray(recorded.output)) Object.assign(scope.vars, recorded.output);
      return scope.steps[step.id];
    }

    const { step: record, eventId } = this.journal.start(path, step.kind, opts.compensation ? { compensation: true } : {});
    try {
      const output = await this.attempts(step, scope, record, eventId);
      scope.set(step.id, { status: 'succeeded', output });
      this.journal.finish(record, 'succeeded', { output: shown(output), ...(isStoredValue(output) ? { outputRef: output.$blob } : {}) });
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
      this.journal.finish(record, 'succeeded', { output: shown(value), error, continued: true });
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
    switch (step.kind) {
      case 'set':
        return this.set(step, scope);
      case 'llm':
        return this.llm(step, scope, record, eventId);
      case 'retrieve':
        return this.retrieve(step, scope, record);
      case 'tool':
        return this.tool(step, scope, record, attempt);
      case 'agent':
        return this.agent(step, scope, record, attempt);
      case 'workflow':
        return this.workflow(step, scope, record, attempt);
      case 'approval':
        return this.approval(step, scope);
      case 'branch':
        return this.branch(step, scope);
      case 'parallel':
        return this.parallel(step, scope);
      case 'map':
        return this.map(step, scope);
      case 'wait':
        return this.wait(step);
    }
  }

  private async set(step: StepOf<'set'>, scope: Scope): Promise<Value> {
    const names = Object.keys(step.values);
    const values = await this.evaluator.evaluate(names.map((n) => ({ kind: 'expression' as const, source: step.values[n] })), scope);
    const out: Record<string, Value> = {};
    names.forEach((n, i) => {
      out[n] = values[i];
      scope.vars[n] = values[i];
    });
    return out as JsonValue;
  }

  /** Before work that spends: a budget already used up ends the run. */
  checkLimits() {
    const { maxTotalTokens, maxCostUsd } = this.input.limits;
    const u = this.journal.usage;
    if (maxTotalTokens !== undefined && u.totalTokens >= maxTotalTokens) throw new LimitReached('max_total_tokens');
    if (maxCostUsd !== undefined && u.costUsd >= maxCostUsd) throw new LimitReached('max_cost_usd');
  }

  private async llm(step: StepOf<'llm'>, scope: Scope, record: WorkflowStepRecord, eventId: number): Promise<Value> {
    this.checkLimits();
    const [system, prompt] = step.system !== undefined
      ? await this.evaluator.texts([step.system, step.prompt], scope)
      : [undefined, ...(await this.evaluator.texts([step.prompt], scope))];
    const append: ConversationEntry[] = [...(system !== undefined ? [entry('system', system)] : []), entry('user', prompt!)];
    const call = (base: string | undefined, messages: ConversationEntry[]) =>
      this.callModel({
        tenantId: this.input.tenantId,
        runId: this.input.runId,
        step: record.index,
        priority: this.input.priority,
        stream: { afterEventId: eventId },
        outage: { ...(this.input.modelOutage ?? MODEL_OUTAGE_DEFAULTS), statusAsOfEventId: this.journal.lastEventId },
        ...(step.outputSchema ? { outputSchema: step.outputSchema } : {}),
        conversation: {
          model: step.model,
          ...(step.generation ? { generation: step.generation } : {}),
          ...(base ? { base } : {}),
          append: messages,
          inlineBytes: this.input.inlineBytes,
          contextMaxTokens: this.input.contextMaxTokens,
        },
      }).catch((err) => {
        throw activityFailure(err, 'model_failed');
      });
    let response = await call(undefined, append);
    this.countModel(record, response);
    if (response.outputError) {
      // One repair attempt: the model sees why its answer was refused.
      this.checkLimits();
      response = await call(response.conversation, [{ role: 'user', content: `Your answer was rejected: ${response.outputError}. Answer again with JSON only.` }]);
      this.countModel(record, response);
      if (response.outputError) throw new StepFailure('invalid_output', response.outputError);
    }
    if (step.outputSchema) return response.parsedOutput as JsonValue;
    if (response.contentRef) return { $blob: response.contentRef.ref, bytes: response.contentRef.bytes, preview: response.content };
    return response.content;
  }

  private countModel(record: WorkflowStepRecord, r: CallModelResult) {
    this.journal.countUsage(record, { ...r.usage, costUsd: r.costUsd, modelCalls: 1 });
  }

  private async retrieve(step: StepOf<'retrieve'>, scope: Scope, record: WorkflowStepRecord): Promise<Value> {
    const [query, documentId] = await Promise.all([
      this.evaluator.text(step.query, scope),
      step.documentId !== undefined ? this.evaluator.text(step.documentId, scope) : Promise.resolve(undefined),
    ]);
    if (!query.trim()) throw new StepFailure('invalid_query', 'the query is empty');
    const result = await retrieveForStep({
      tenantId: this.input.tenantId, runId: this.input.runId, step: record.index,
      collection: step.collection, query: query.slice(0, 4000), mode: step.mode, topK: step.topK, rerank: step.rerank,
      ...(documentId ? { documentId } : {}), inlineBytes: this.input.inlineBytes,
    }).catch((err) => {
      throw activityFailure(err, 'retrieval_failed');
    });
    return result as Value;
  }

  private async tool(step: StepOf<'tool'>, scope: Scope, record: WorkflowStepRecord, attempt: number): Promise<Value> {
    const grants = [{ server: step.server, tools: [step.tool], approval: {} }];
    const args = (await this.evaluator.evaluate([{ kind: 'value', source: step.arguments }], scope, { inline: true }))[0];
    if (!args || typeof args !== 'object' || Array.isArray(args)) throw new StepFailure('invalid_arguments', 'the tool arguments must be an object');
    const policy = step.approval.policy;
    if (policy !== 'never') {
      let ask = policy === 'always';
      if (policy === 'auto') {
        const tools = await listAgentTools({ tenantId: this.input.tenantId, grants }).catch((err) => {
          throw activityFailure(err, 'tool_unavailable');
        });
        const tool = tools.find((t) => t.name === step.tool);
        if (!tool) throw new StepFailure('tool_unknown', `the server ${step.server} has no tool ${step.tool}`);
        ask = needsApproval(grants[0], tool);
      }
      if (ask) {
        const message = step.approval.message !== undefined ? await this.evaluator.text(step.approval.message, scope) : undefined;
        const path = record.id;
        const decision = await this.waitForDecision(
          { kind: 'tool', toolCallId: path, server: step.server, tool: step.tool, arguments: args as Record<string, unknown>, requestedAt: new Date().toISOString(), ...(message ? { message: message.slice(0, PENDING_MESSAGE_CHARS) } : {}) },
          parseDuration(step.approval.timeout),
          step.approval.defaultDecision,
        );
        if (decision.decision !== 'approve') {
          const by = decision.timedOut ? 'nobody in time (the default decision)' : (decision.by ?? 'a reviewer');
          throw new StepFailure('approval_rejected', `the call of ${step.server}/${step.tool} was rejected by ${by}${decision.reason ? `: ${decision.reason}` : ''}`);
        }
      }
    }
    const result = await callTool({
      tenantId: this.input.tenantId,
      runId: this.input.runId,
      grants,
      server: step.server,
      tool: step.tool,
      arguments: args as Record<string, unknown>,
      idempotencyKey: `${workflowInfo().workflowId}:${record.id}:${attempt}`,
      step: record.index,
      callIndex: attempt - 1,
      inlineBytes: this.input.inlineBytes,
    }).catch((err) => {
      throw activityFailure(err, 'tool_failed');
    });
    this.journal.countUsage(undefined, { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, toolCalls: 1 });
    if (result.isError) throw new StepFailure('tool_error', result.content.slice(0, 2000));
    if (result.contentRef) return { $blob: result.contentRef.ref, bytes: result.contentRef.bytes, preview: result.content };
    return (result.structuredContent as JsonValue | undefined) ?? result.content;
  }

  private remaining() {
    const { limits } = this.input;
    const u = this.journal.usage;
    const deadlineAt = workflowInfo().startTime.getTime() + limits.deadlineSeconds * 1000;
    return {
      tokens: limits.maxTotalTokens !== undefined ? Math.max(0, limits.maxTotalTokens - u.totalTokens) : undefined,
      costUsd: limits.maxCostUsd !== undefined ? Math.max(0, limits.maxCostUsd - u.costUsd) : undefined,
      deadlineSeconds: Math.max(0, Math.floor((deadlineAt - Date.now()) / 1000)),
    };
  }

  private async agent(step: StepOf<'agent'>, scope: Scope, record: WorkflowStepRecord, attempt: number): Promise<Value> {
    this.checkLimits();
    const text = await this.evaluator.text(step.input, scope);
    const left = this.remaining();
    const { agentDefaults } = this.input;
    const budget = {
      maxSteps: agentDefaults.maxSteps,
      maxTotalTokens: Math.floor((left.tokens ?? agentDefaults.maxTotalTokens) * step.budgetShare),
      ...(left.costUsd !== undefined ? { maxCostUsd: left.costUsd * step.budgetShare } : {}),
      deadlineSeconds: left.deadlineSeconds,
    };
    if (budget.maxTotalTokens < 1 || budget.deadlineSeconds < 1 || (budget.maxCostUsd !== undefined && budget.maxCostUsd <= 0)) {
      throw new StepFailure('no_budget', `the run has no budget left for agent ${step.agent}`);
    }
    const parent = { runId: this.input.runId, workflowId: workflowInfo().workflowId, step: record.index, callIndex: attempt - 1 };
    const childInput = await startChildRun({
      tenantId: this.input.tenantId,
      childRunId: `${this.input.runId}-s${record.index}c${attempt - 1}`,
      parent,
      ref: step.agent,
      input: text,
      priority: this.input.priority,
      budget,
      stepsPerHistory: agentDefaults.stepsPerHistory,
      ...(this.input.modelOutage ? { modelOutage: this.input.modelOutage } : {}),
    }).catch((err) => {
      throw activityFailure(err, 'agent_unavailable');
    });
    const outcome = await this.child(() =>
      executeChild(this.deps.workflows.agent, {
        workflowId: childInput.runId,
        args: [childInput],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        memo: { tenantId: childInput.tenantId, agent: childInput.agent.name, agentVersion: childInput.agent.version, parentRunId: parent.runId },
      }),
    );
    if (outcome.usage) this.journal.countUsage(record, outcome.usage);
    if (outcome.status !== 'completed') {
      throw new StepFailure(`agent_${outcome.status}`, outcome.error?.message ?? (outcome.limit ? `limit ${outcome.limit} reached` : `the agent run ${outcome.status}`));
    }
    return (outcome.parsedOutput as JsonValue | undefined) ?? outcome.output ?? '';
  }

  private async workflow(step: StepOf<'workflow'>, scope: Scope, record: WorkflowStepRecord, attempt: number): Promise<Value> {
    this.checkLimits();
    const depth = (this.input.depth ?? 0) + 1;
    if (depth > MAX_WORKFLOW_DEPTH) throw new StepFailure('too_deep', `workflows may nest at most ${MAX_WORKFLOW_DEPTH} deep`);
    const names = Object.keys(step.inputs);
    const values = await this.evaluator.evaluate(names.map((n) => ({ kind: 'expression' as const, source: step.inputs[n] })), scope, { inline: true });
    const left = this.remaining();
    const parent = { runId: this.input.runId, workflowId: workflowInfo().workflowId, step: record.index, callIndex: attempt - 1 };
    const { input } = this;
    const childInput = await prepareChildWorkflow({
      tenantId: input.tenantId,
      childRunId: `${input.runId}-s${record.index}c${attempt - 1}`,
      ref: step.workflow,
      inputs: Object.fromEntries(names.map((n, i) => [n, values[i]])),
      parent,
      depth,
      priority: input.priority,
      limits: {
        deadlineSeconds: left.deadlineSeconds,
        ...(left.tokens !== undefined ? { maxTotalTokens: left.tokens } : {}),
        ...(left.costUsd !== undefined ? { maxCostUsd: left.costUsd } : {}),
      },
      settings: { inlineBytes: input.inlineBytes, contextMaxTokens: input.contextMaxTokens, agentDefaults: input.agentDefaults, ...(input.modelOutage ? { modelOutage: input.modelOutage } : {}) },
    }).catch((err) => {
      throw activityFailure(err, 'workflow_unavailable');
    });
    const outcome = await this.child(() =>
      executeChild(this.deps.workflows.registered, {
        workflowId: childInput.runId,
        args: [childInput],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        memo: { tenantId: childInput.tenantId, workflow: childInput.workflow.name, workflowVersion: childInput.workflow.version, parentRunId: parent.runId },
      }),
    );
    if (outcome.usage) this.journal.countUsage(record, outcome.usage);
    if (outcome.status !== 'completed') {
      throw new StepFailure(`workflow_${outcome.status}`, outcome.error?.message ?? (outcome.limit ? `limit ${outcome.limit} reached` : `the workflow run ${outcome.status}`));
    }
    return (outcome.outputs ?? {}) as JsonValue;
  }

  /** A child that fails or is cancelled on its own fails the step; this run's own cancellation ends the run. */
  private async child<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (CancellationScope.current().consideredCancelled || !(err instanceof ChildWorkflowFailure)) throw err;
      throw new StepFailure('child_failed', messageOf(err));
    }
  }

  private async approval(step: StepOf<'approval'>, scope: Scope): Promise<Value> {
    const message = await this.evaluator.text(step.message, scope);
    const path = scope.path(step.id);
    const d = await this.waitForDecision(
      { kind: 'tool', toolCallId: path, server: '', tool: '', arguments: {}, requestedAt: new Date().toISOString(), message: message.slice(0, PENDING_MESSAGE_CHARS) },
      parseDuration(step.timeout),
      step.defaultDecision,
    );
    return { decision: d.decision, timedOut: d.timedOut, ...(d.by ? { by: d.by } : {}), ...(d.reason ? { comment: d.reason } : {}) };
  }

  /** Waits for a person's decision on `pending.toolCallId` (the step path); when nobody decides in time, the default. */
  private async waitForDecision(pending: Pending, timeoutMs: number, defaultDecision: 'approve' | 'reject'): Promise<Decision & { timedOut: boolean }> {
    const id = pending.toolCallId;
    this.pending.set(id, pending);
    this.journal.emit('approval.needed', { ...pending, step: id });
    if (this.pending.size === 1) {
      this.journal.status = 'awaiting_approval';
      await this.deps.recordStatus('awaiting_approval');
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
      await this.deps.recordStatus('running');
    }
    const d = this.decisions.get(id);
    this.decisions.delete(id);
    return d ? { ...d, timedOut: false } : { decision: defaultDecision, timedOut: true };
  }

  private async branch(step: StepOf<'branch'>, scope: Scope): Promise<Value> {
    let chosen: number | 'else' | undefined;
    for (let i = 0; i < step.cases.length && chosen === undefined; i++) {
      if (await this.evaluator.condition(step.cases[i].when, scope)) chosen = i;
    }
    if (chosen === undefined && step.else) chosen = 'else';
    step.cases.forEach((c, i) => i !== chosen && this.skipAll(c.steps, scope));
    if (step.else && chosen !== 'else') this.skipAll(step.else, scope);
    if (chosen === undefined) return null;
    return this.runList(chosen === 'else' ? step.else! : step.cases[chosen].steps, scope);
  }

  private async parallel(step: StepOf<'parallel'>, scope: Scope): Promise<Value> {
    const names = Object.keys(step.branches);
    const outputs = await settleAll(names.map((n) => () => this.runList(step.branches[n], scope)), names.length);
    return Object.fromEntries(names.map((n, i) => [n, outputs[i]])) as JsonValue;
  }

  private async map(step: StepOf<'map'>, scope: Scope): Promise<Value> {
    const items = await this.evaluator.expression(step.over, scope, { inline: true });
    if (!Array.isArray(items)) throw new StepFailure('expression_error', `"over" must yield a list, not ${items === null ? 'null' : typeof items}`);
    if (items.length > 10_000) throw new StepFailure('too_many_items', `"over" yielded ${items.length} items; at most 10,000`);
    const path = scope.path(step.id);
    const bodies = items.map((item, i) => () => this.runList(step.steps, scope.child(step.as, item, `${path}[${i}].`)));
    return (await settleAll(bodies, step.concurrency)) as JsonValue;
  }

  private async wait(step: StepOf<'wait'>): Promise<Value> {
    if (step.duration !== undefined) {
      await sleep(parseDuration(step.duration));
      return null;
    }
    const name = step.signal!;
    // The step's `timeout` (required for a signal) bounds this wait: see attempts().
    await condition(() => (this.signals.get(name)?.length ?? 0) > 0);
    return this.signals.get(name)!.shift() as JsonValue;
  }
}

/**
 * Runs `tasks` at most `limit` at a time, starting them in order of index; every started task
 * finishes. After a failure no new task starts; the first failure (by index) is thrown once the
 * running ones have settled.
 */
async function settleAll(tasks: Array<() => Promise<Value>>, limit: number): Promise<Value[]> {
  const results: Value[] = new Array(tasks.length).fill(null);
  const failures: Array<{ index: number; err: unknown }> = [];
  let next = 0;
  const lane = async () => {
    while (failures.length === 0 && next < tasks.length) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (err) {
        failures.push({ index, err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  if (failures.length > 0) throw failures.sort((a, b) => a.index - b.index)[0].err;
  return results;
}

/** A step's work within its `timeout`: past it the work is cancelled and the step fails with `timeout`. */
async function withTimeout<T>(ms: number | undefined, work: () => Promise<T>): Promise<T> {
  if (ms === undefined) return work();
  const scope = new CancellationScope();
  let timedOut = false;
  const timer = new CancellationScope();
  timer.run(() => sleep(ms)).then(() => {
    timedOut = true;
    scope.cancel();
  }, () => undefined);
  try {
    return await scope.run(work);
  } catch (err) {
    if (timedOut && !CancellationScope.current().consideredCancelled) throw new StepFailure('timeout', `the step took longer than ${ms} ms`);
    throw err;
  } finally {
    timer.cancel();
  }
}

const NOT_RETRIED = new Set(['expression_error', 'approval_rejected', 'invalid_arguments', 'too_deep', 'too_many_items', 'no_budget']);
const RETRYABLE = (code: string) => !NOT_RETRIED.has(code);

/** Only a step's own failure is retried: a budget reached or a cancellation stops the run. */
function asStepFailure(err: unknown): StepFailure | undefined {
  return err instanceof StepFailure ? err : undefined;
}

/** An activity's failure as the step's error: the activity's error type is the code. */
function activityFailure(err: unknown, fallbackCode: string): unknown {
  if (isCancellation(err)) return err;
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  if (e instanceof ApplicationFailure) return new StepFailure(e.type ?? fallbackCode, e.message);
  return new StepFailure(fallbackCode, e instanceof Error ? e.message : String(e));
}

function messageOf(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

function stoppedError(err: unknown) {
  if (err instanceof LimitReached) return { code: 'budget_exceeded', message: err.message };
  if (isCancellation(err)) return { code: 'cancelled', message: 'the run was stopped' };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

function entry(role: 'system' | 'user', text: string | StoredValue): ConversationEntry {
  if (typeof text === 'string') return { role, content: text };
  return { role, content: '', contentRef: { ref: text.$blob, bytes: text.bytes } };
}

/** What a step record shows of an output: a stored value's preview. */
function shown(v: Value): unknown {
  return isStoredValue(v) ? v.preview : v;
}

function isLeaf(step: Step): boolean {
  return step.kind !== 'branch' && step.kind !== 'parallel' && step.kind !== 'map';
}

