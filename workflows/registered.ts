// RegisteredWorkflow: one interpreter for every registered workflow definition. The run's
// lifecycle lives here — its record, events, limits, cancellation and outcome; the steps are
// registered/interpreter.ts's. Deterministic: conditions, templates and expressions are evaluated
// in the workflow through services/workflows/policy; every step that does I/O is an activity or a
// child workflow.
//
// Stopping: when the run is cancelled, reaches its deadline or its token or cost budget, the work
// in flight is cancelled (activities, child runs, timers), then the compensation steps of every
// step that completed and declares `onError: compensate` run, newest first, in a scope that cannot
// be cancelled; the run then ends cancelled or budget_exceeded. A step that fails runs only its
// own compensation (see docs/workflows.md).
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentActivities, WorkflowActivities } from '../activities/types';
import type { JsonValue, WorkflowRunInput, WorkflowRunOutcome } from '../services/workflows/types';
import { isBudgetDecision } from '../services/agents/policy';
import { decideApprovalUpdate, runViewQuery } from './agent-run-api';
import { workflowSignal } from './registered-api';
import { AgentRunWorkflow } from './agent-run';
import { WorkflowJournal } from './registered/journal';
import { Interpreter } from './registered/interpreter';
import { LimitReached } from './registered/control';
import { Scope, StepFailure } from './registered/values';
import { ProgressQueue, type RunProgressWrite } from './progress';
import { hasFeature, startFeatures } from './features';

const { startWorkflowRun, recordRunOutcome } = proxyActivities<WorkflowActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});
const { recordRunStatus } = proxyActivities<AgentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

export async function RegisteredWorkflow(started: WorkflowRunInput): Promise<WorkflowRunOutcome> {
  const info = workflowInfo();
  // Every run of a schedule gets the same input: its own id is the one Temporal gave its workflow.
  const input: WorkflowRunInput = started.schedule ? { ...started, runId: info.workflowId } : started;
  const { definition } = input.workflow;
  // Leaner steps: an llm step's start travels with its model call and the last step's end with the
  // outcome (fewer progress writes holding workflow tasks), and steps that need no activity do not
  // await (every promise costs workflow CPU). Histories recorded before replay the earlier way.
  startFeatures();
  const lean = hasFeature('workflow-lean-steps');
  const progress: ProgressQueue = new ProgressQueue(input.runId, (): RunProgressWrite => {
    const write = { ...journal.takeProgress(), usage: { ...journal.usage } };
    // A run that did not record itself starts its trace with this write (services/tracing).
    const startsTrace = lean && input.runRecorded && write.events.some((e) => e.type === 'run.started');
    return startsTrace ? { ...write, tenantId: input.tenantId } : write;
  });
  const journal: WorkflowJournal = new WorkflowJournal(input.runId, progress.queue, { holdSteps: lean && progress.perEvent });
  // Steps and the run's end that need no activity complete without a promise.
  const syncSteps = lean && hasFeature('workflow-sync-steps');
  const interpreter = new Interpreter({
    input,
    journal,
    lean,
    syncSteps,
    workflows: { registered: RegisteredWorkflow, agent: AgentRunWorkflow },
    recordStatus: (status) => recordRunStatus({ runId: input.runId, status, asOfEventId: journal.lastEventId }),
  });

  setHandler(runViewQuery, (afterEventId) => journal.view(interpreter.approvals.pendingApprovals(), afterEventId));
  setHandler(
    decideApprovalUpdate,
    (d) => {
      if (isBudgetDecision(d)) throw new Error('a workflow run has no budget requests');
      interpreter.approvals.decide(d.toolCallId, { decision: d.decision, by: d.by, reason: d.reason });
      return { accepted: true as const };
    },
    {
      validator: (d) => {
        if (isBudgetDecision(d)) throw new Error('a workflow run has no budget requests');
        interpreter.approvals.validateDecision(d.toolCallId);
      },
    },
  );
  setHandler(workflowSignal, ({ name, payload }) => interpreter.approvals.signal(name, payload));

  // A run started without the API (a schedule, a parent workflow) records itself.
  if (!(lean && input.runRecorded)) await startWorkflowRun({
    runId: input.runId,
    tenantId: input.tenantId,
    workflowId: info.workflowId,
    workflow: { name: input.workflow.name, version: input.workflow.version },
    inputs: input.inputs,
    ...(input.versionReason ? { versionReason: input.versionReason } : {}),
    ...(input.parent ? { parent: input.parent } : {}),
    ...(input.resumedFrom ? { resumedFrom: input.resumedFrom } : {}),
    ...(input.schedule ? { schedule: input.schedule } : {}),
  });
  journal.emit('run.started', { workflow: input.workflow.name, version: input.workflow.version, ...(input.resumedFrom ? { resumedFrom: input.resumedFrom } : {}) });

  const startedAt = info.startTime.toISOString();
  const scope = new Scope({
    inputs: input.inputs,
    run: { id: input.runId, workflow: input.workflow.name, version: input.workflow.version, startedAt },
  });

  let deadlineHit = false;
  const main = new CancellationScope();
  const deadline = new CancellationScope();
  deadline
    .run(() => sleep(Math.max(0, info.startTime.getTime() + input.limits.deadlineSeconds * 1000 - Date.now())))
    .then(() => {
      deadlineHit = true;
      main.cancel();
    }, () => undefined);

  let outcome: WorkflowRunOutcome;
  let cancellation: unknown;
  try {
    // The last step's end is recorded with the outcome (compensations after it, if the run is then
    // cancelled, are too).
    await main.run(() => interpreter.runList(definition.steps, scope, lean ? { beforeLastFinish: () => journal.holdProgress() } : {}));
    outcome = { status: 'completed', outputs: (syncSteps ? outputsNow() : undefined) ?? (await outputs()) };
  } catch (err) {
    outcome = classify(err);
    if (outcome.status === 'cancelled') cancellation = err;
    if (outcome.status === 'cancelled' || outcome.status === 'budget_exceeded') {
      await CancellationScope.nonCancellable(() => interpreter.compensateCompleted());
    }
  }
  deadline.cancel();
  if (!lean || !allHandlersFinished()) await CancellationScope.nonCancellable(() => condition(allHandlersFinished));

  // The outcome is stored before its event is published: a watcher that sees the run end reads it ended.
  journal.holdProgress();
  if (!(syncSteps && progress.idle)) await progress.settled();
  journal.finishRun(outcome);
  const last = journal.takeProgress();
  await CancellationScope.nonCancellable(() =>
    recordRunOutcome({
      runId: input.runId, tenantId: input.tenantId, outcome, usage: journal.usage, events: last.events,
      ...(lean ? { steps: [], stepRecords: last.steps } : { steps: last.steps }),
    }),
  );
  if (cancellation) throw cancellation;
  return input.parent ? { ...outcome, usage: journal.usage } : outcome;

  async function outputs(): Promise<Record<string, JsonValue>> {
    const names = Object.keys(definition.outputs);
    if (names.length === 0) return {};
    try {
      return named(names, await interpreter.evaluator.evaluate(outputEvaluations(names), scope));
    } catch (err) {
      throw asOutputsFailure(err);
    }
  }

  /** The outputs evaluated in the workflow without a promise; undefined when one reads a stored value. */
  function outputsNow(): Record<string, JsonValue> | undefined {
    const names = Object.keys(definition.outputs);
    try {
      const values = interpreter.evaluator.evaluateNow(outputEvaluations(names), scope);
      return values && named(names, values);
    } catch (err) {
      throw asOutputsFailure(err);
    }
  }

  function outputEvaluations(names: string[]) {
    return names.map((n) => ({ kind: 'expression' as const, source: definition.outputs[n] }));
  }

  function named(names: string[], values: unknown[]): Record<string, JsonValue> {
    return Object.fromEntries(names.map((n, i) => [n, values[i] as JsonValue]));
  }

  function asOutputsFailure(err: unknown) {
    return err instanceof StepFailure ? new StepFailure(err.code, `outputs: ${err.message}`, 'outputs') : err;
  }

  function classify(err: unknown): WorkflowRunOutcome {
    if (err instanceof LimitReached) return { status: 'budget_exceeded', limit: err.limit };
    if (isCancellation(err)) return deadlineHit ? { status: 'budget_exceeded', limit: 'deadline' } : { status: 'cancelled' };
    if (err instanceof StepFailure) return { status: 'failed', error: { code: err.code, message: err.message, ...(err.step ? { step: err.step } : {}) } };
    return { status: 'failed', error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
  }

}
