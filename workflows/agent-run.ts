// AgentRunWorkflow: model call → tool calls → model call … until the model answers, a limit is
// reached, the run is cancelled, or it waits for a human to approve a tool call.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentActivities, CallToolResult } from '../activities/types';
import type { DeploymentFailure, ToolCall } from '../services/router/types';
import { MODEL_CALL_RETRY, MODEL_OUTAGE_DEFAULTS, NO_MODEL_REACHABLE, modelCallRetry } from '../services/router/policy';
import type { AgentRunInput, CarriedRunState, LimitName, RunOutcome } from '../services/agents/types';
import { isBudgetDecision } from '../services/agents/policy';
import { toolSpecs } from '../services/agents/policy';
import { decideApprovalUpdate, runViewQuery } from './agent-run-api';
import { RunJournal } from './agent/journal';
import { ApprovalGate } from './agent/approvals';
import { planToolCalls, type PlannedCall } from './agent/tool-plan';
import { callTool } from './agent/tool-activities';
import { AFTER_MODEL_CALL, BEFORE_MODEL_CALL, Budget, LimitReached } from './agent/budget';
import { callChildAgent, childAgentSpecs, planAgentCalls, shareBudget, type AgentCallPlan } from './agent/child-agents';
import { RunConversation } from './agent/conversation';
import { ProgressQueue, type RunProgressWrite } from './progress';
import { hasFeature, startFeatures } from './features';

const MODEL_CALL_TIMEOUTS = { startToCloseTimeout: '10 minutes', heartbeatTimeout: '30 seconds' } as const;
/** Model calls scheduled before the outage window (the `model-outage-window` patch) replay with these options. */
const { callModel: callModelLegacy } = proxyActivities<AgentActivities>({ ...MODEL_CALL_TIMEOUTS, retry: MODEL_CALL_RETRY });
const { listAgentTools, recordRunOutcome, recordRunStatus, archiveRunEvents } = proxyActivities<AgentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});


export async function AgentRunWorkflow(input: AgentRunInput): Promise<RunOutcome> {
  const { definition } = input.agent;
  // Histories recorded before runs recorded their progress in the store replay the earlier way.
  startFeatures();
  const recordsProgress = hasFeature('run-progress-in-store');
  // Conversations travel by blob reference; histories recorded before keep whole messages.
  const claimChecked = hasFeature('claim-check-conversation');
  const state: CarriedRunState = input.carried ?? {
    ...RunConversation.opening(input, claimChecked),
    tools: [],
    steps: [],
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, modelCalls: 0, toolCalls: 0 },
    nextEventId: 1,
    deadlineAt: Date.now() + input.limits.deadlineSeconds * 1000,
    events: [],
  };
  if (recordsProgress) state.nextStepIndex ??= state.steps.length;
  const progress: ProgressQueue = new ProgressQueue(input.runId, (): RunProgressWrite => ({ ...journal.takeProgress(), usage: { ...state.usage } }));
  const journal: RunJournal = new RunJournal(input.runId, state, recordsProgress ? progress.queue : undefined);
  const conversation = new RunConversation(input, state, claimChecked);
  const outage = input.modelOutage ?? MODEL_OUTAGE_DEFAULTS;
  // The activity ends the wait itself at the window; the schedule-to-close timeout only bounds
  // failures that are not the model's (a crashing worker) to the window plus one attempt.
  const { callModel } = proxyActivities<AgentActivities>({
    ...MODEL_CALL_TIMEOUTS,
    scheduleToCloseTimeout: (outage.windowSeconds + 600) * 1000,
    retry: modelCallRetry(outage),
  });
  const approvals = new ApprovalGate(journal);
  const budget = new Budget(input, state, journal, recordStatus, () => approvals.pending().length > 0);
  // A replay passes its spec to every activity, which serve recorded results by mode.
  const replay = input.replay && { of: input.replay.of, traceId: input.replay.traceId, mode: input.replay.mode, from: input.replay.from };
  if (input.replay?.approvals) approvals.seed(input.replay.approvals);
  setHandler(runViewQuery, (afterEventId) => journal.view([...approvals.pending(), ...budget.pending()], afterEventId));
  setHandler(decideApprovalUpdate, (d) => (isBudgetDecision(d) ? budget.decide(d) : approvals.decide(d)), {
    validator: (d) => (isBudgetDecision(d) ? budget.validate(d) : approvals.validate(d)),
  });
  // run.started is recorded with the first step's start: one progress write (a local activity
  // that holds the workflow task) before the first model call is scheduled, not two.
  const startedWithFirstStep = !input.carried && recordsProgress && hasFeature('run-started-with-first-step');
  if (!input.carried) {
    journal.emit('run.started', { agent: input.agent.name, version: input.agent.version }, startedWithFirstStep ? { record: 'with-next' } : {});
  }

  let limitHit: LimitName | undefined;
  const loopScope = new CancellationScope();
  const deadline = CancellationScope.cancellable(async () => {
    for (;;) {
      await sleep(Math.max(0, state.deadlineAt - Date.now()));
      if (budget.asks) {
        // Waiting for a budget decision moves the deadline by the wait: sleep again.
        if (budget.waiting) {
          await condition(() => !budget.waiting);
          continue;
        }
        if (Date.now() < state.deadlineAt || (await budget.deadlinePassed())) continue;
      }
      limitHit = 'deadline';
      loopScope.cancel();
      return;
    }
  });
  deadline.catch(() => undefined);

  let outcome: RunOutcome | 'continue';
  let cancellation: unknown;
  try {
    outcome = await loopScope.run(() => runLoop());
  } catch (err) {
    outcome = classifyEnd(err);
    if (outcome.status === 'cancelled') cancellation = err;
  }
  if (outcome === 'continue') {
    await condition(allHandlersFinished);
    if (recordsProgress) {
      await progress.settled();
    } else {
      const archived = journal.takeEvents();
      if (archived.length > 0) await archiveRunEvents({ runId: input.runId, events: archived });
    }
    return continueAsNew<typeof AgentRunWorkflow>({ ...input, carried: state });
  }

  if (conversation.ref) outcome = { ...outcome, conversationRef: conversation.ref };
  // The outcome is stored before its event is published, so a watcher that sees the run end reads it ended.
  journal.holdProgress();
  await progress.settled();
  journal.finish(outcome);
  const last = recordsProgress ? journal.takeProgress() : { events: state.events, steps: state.steps };
  await CancellationScope.nonCancellable(() =>
    recordRunOutcome({
      runId: input.runId,
      tenantId: input.tenantId,
      outcome: outcome as RunOutcome,
      steps: last.steps,
      usage: state.usage,
      events: last.events,
    }),
  );
  // Rethrowing the cancellation lets Temporal show the run as cancelled, not completed.
  if (cancellation) throw cancellation;
  // A child agent's run tells its parent what it used.
  return input.parent ? { ...outcome, usage: state.usage } : outcome;

  async function runLoop(): Promise<RunOutcome | 'continue'> {
    if (state.tools.length === 0 && definition.tools.length > 0) {
      // Listing the tools is a round trip of its own: the run's start need not wait for it.
      if (startedWithFirstStep) journal.recordNow();
      state.tools = await listAgentTools({ tenantId: input.tenantId, grants: definition.tools });
    }
    const specs = [...toolSpecs(state.tools), ...childAgentSpecs(input.childAgents)];
    let stepsThisHistory = 0;
    for (;;) {
      await budget.enforce(BEFORE_MODEL_CALL);

      const response = await modelTurn(specs);
      const answered = response.toolCalls.length === 0 && !response.outputError;
      // An answer that crossed the budget is kept; more work after it is not started.
      if (!answered) await budget.enforce(AFTER_MODEL_CALL);
      if (response.toolCalls.length === 0 && response.outputError) {
        // The answer broke the agent's output schema: say why and let the model answer again.
        conversation.add({ role: 'user', content: `Your answer was rejected: ${response.outputError}. Answer again.` });
      } else if (response.toolCalls.length === 0) {
        const outputRef = response.contentRef ? { outputRef: response.contentRef.ref } : {};
        return { status: 'completed', output: response.content, parsedOutput: response.parsedOutput, ...outputRef };
      } else {
        await toolTurn(response.toolCalls);
      }

      stepsThisHistory += 1;
      if (workflowInfo().continueAsNewSuggested || stepsThisHistory >= input.limits.stepsPerHistory) {
        return 'continue';
      }
    }
  }

  async function modelTurn(specs: ReturnType<typeof toolSpecs>) {
    // Writes per event: the step's start must wait for the model call that carries it (taken below).
    const step = journal.startModelStep(progress.perEvent ? { record: 'with-next' } : {});
    const ridesOutOutages = hasFeature('model-outage-window');
    // The step's start (and whatever waits with it) travels with the model call, which records and
    // publishes it before streaming: no progress write holds the workflow task before the call.
    const carried = recordsProgress && hasFeature('progress-with-model-call') ? journal.takeProgress() : undefined;
    const progressNow = carried && (carried.events.length > 0 || carried.steps.length > 0) ? { progress: { events: carried.events, steps: carried.steps as unknown as Array<{ index: number } & Record<string, unknown>>, usage: { ...state.usage } } }
      : {};
    try {
      const response = await (ridesOutOutages ? callModel : callModelLegacy)({
        ...(ridesOutOutages ? { outage: { ...outage, statusAsOfEventId: journal.lastEventId } } : {}),
        ...(recordsProgress ? { stream: { afterEventId: journal.lastEventId } } : {}),
        ...progressNow,
        tenantId: input.tenantId,
        runId: input.runId,
        step: step.index,
        priority: input.priority,
        outputSchema: definition.outputSchema,
        ...(replay ? { replay } : {}),
        ...conversation.modelInput(specs),
      });
      if (response.context) {
        // The step records what context management did before the call, and an event says it.
        const { policy, beforeTokens, afterTokens, maxTokens, messages } = response.context;
        step.context = { policy, beforeTokens, afterTokens, maxTokens, messages };
        const { policy: _, ...measured } = response.context;
        journal.emit(policy === 'truncate' ? 'context.truncated' : 'context.summarised', { step: step.index, ...measured });
      }
      journal.finishModelStep(step, response);
      conversation.answered(response);
      // A retried call may have left the run `waiting_for_model`: it runs again.
      if ((response.attempt ?? 1) > 1) await recordStatus('running');
      return response;
    } catch (err) {
      journal.failModelStep(step, failureMessage(err));
      throw err;
    }
  }

  async function toolTurn(toolCalls: ToolCall[]) {
    const planned = planAgentCalls(planToolCalls(state.tools, definition.tools, toolCalls), input.childAgents);
    const agentCalls = planned.filter((p) => p.agent).length;
    const childBudget = agentCalls > 0 ? shareBudget(budget.remaining(Date.now()), agentCalls) : undefined;
    // A model-mode replay never runs an unmatched call that needs approval, so it does not ask.
    const needing = planned.filter((p) => p.needsApproval && !input.replay?.approvals?.[p.call.id] && replay?.mode !== 'model');
    if (needing.length > 0) await approvals.waitFor(needing, recordStatus);

    const results = await Promise.all(planned.map((p, callIndex) => executeCall(p, callIndex, childBudget)));
    for (const r of results) conversation.addToolResult(r.toolCallId, r);
  }

  async function executeCall(p: AgentCallPlan, callIndex: number, childBudget?: ReturnType<typeof shareBudget>) {
    const decision = approvals.decisionFor(p.call.id);
    const step = journal.startToolStep(p, decision);
    let content: string;
    let isError: boolean;
    let contentRef: CallToolResult['contentRef'];
    if (p.agent) {
      ({ content, isError } = await callChildAgent(
        { input, workflow: AgentRunWorkflow, budget: childBudget!, countUsage: (u) => journal.countChildUsage(u) },
        p, step.index, callIndex,
      ));
    } else if (p.refusal) {
      ({ content, isError } = { content: p.refusal, isError: true });
    } else if (decision?.decision === 'rejected') {
      const by = decision.by ?? 'a reviewer';
      ({ content, isError } = { content: `The tool call was rejected by ${by}${decision.reason ? `: ${decision.reason}` : ''}.`, isError: true });
    } else {
      try {
        ({ content, isError, contentRef } = await callTool({
          tenantId: input.tenantId,
          runId: input.runId,
          grants: definition.tools,
          server: p.tool!.server,
          tool: p.tool!.name,
          arguments: p.call.arguments,
          idempotencyKey: `${workflowInfo().workflowId}:${step.index}:${callIndex}`,
          step: step.index,
          callIndex,
          ...(replay ? { replay: { ...replay, step: step.index, callIndex, needsApproval: p.needsApproval } } : {}),
          ...(conversation.inlineBytes ? { inlineBytes: conversation.inlineBytes } : {}),
        }));
      } catch (err) {
        if (isCancellation(err)) throw err;
        ({ content, isError } = { content: `Tool call failed: ${failureMessage(err)}`, isError: true });
      }
    }
    journal.finishToolStep(step, content, isError);
    return { toolCallId: p.call.id, content, isError, contentRef };
  }


  async function recordStatus(status: 'awaiting_approval' | 'running') {
    // Histories recorded before the store held live statuses replay without these activities.
    if (!hasFeature('run-status-in-store')) return;
    await recordRunStatus({ runId: input.runId, status, asOfEventId: journal.lastEventId });
  }

  function classifyEnd(err: unknown): RunOutcome {
    if (err instanceof LimitReached) return { status: 'budget_exceeded', limit: err.limit };
    if (isCancellation(err)) {
      if (limitHit) return { status: 'budget_exceeded', limit: limitHit };
      return { status: 'cancelled' };
    }
    const reasons = failureReasons(err);
    return { status: 'failed', error: { code: failureCode(err), message: failureMessage(err), ...(reasons ? { reasons } : {}) } };
  }
}

/** Each deployment's reason, when a model call gave up on an outage (`no_model_reachable`). */
function failureReasons(err: unknown): DeploymentFailure[] | undefined {
  const e = rootCause(err);
  if (!(e instanceof ApplicationFailure) || e.type !== NO_MODEL_REACHABLE) return undefined;
  const details = e.details?.[0] as { reasons?: DeploymentFailure[] } | undefined;
  return Array.isArray(details?.reasons) ? details.reasons : undefined;
}

/** The failure an activity raised, beneath Temporal's ActivityFailure wrapping. */
function rootCause(err: unknown): unknown {
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  return e;
}

function failureMessage(err: unknown): string {
  const e = rootCause(err);
  return e instanceof Error ? e.message : String(e);
}

function failureCode(err: unknown): string {
  const e = rootCause(err);
  return e instanceof ApplicationFailure && e.type ? e.type : 'run_failed';
}
