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
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentActivities, CallToolResult } from '../activities/types';
import type { DeploymentFailure, ToolCall } from '../services/router/types';
import { MODEL_CALL_RETRY, MODEL_OUTAGE_DEFAULTS, NO_MODEL_REACHABLE, modelCallRetry } from '../services/router/policy';
import type { AgentRunInput, CarriedRunState, LimitName, RunOutcome } from '../services/agents/types';
import { toolSpecs } from '../services/agents/policy';
import { decideApprovalUpdate, runViewQuery } from './agent-run-api';
import { RunJournal } from './agent/journal';
import { ApprovalGate } from './agent/approvals';
import { planToolCalls, type PlannedCall } from './agent/tool-plan';
import { callTool } from './agent/tool-activities';
import { RunConversation } from './agent/conversation';

const MODEL_CALL_TIMEOUTS = { startToCloseTimeout: '10 minutes', heartbeatTimeout: '30 seconds' } as const;
/** Model calls scheduled before the outage window (the `model-outage-window` patch) replay with these options. */
const { callModel: callModelLegacy } = proxyActivities<AgentActivities>({ ...MODEL_CALL_TIMEOUTS, retry: MODEL_CALL_RETRY });
const { listAgentTools, recordRunOutcome, recordRunStatus, archiveRunEvents } = proxyActivities<AgentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10 },
});

class LimitReached extends Error {
  constructor(readonly limit: LimitName) {
    super(`limit reached: ${limit}`);
  }
}

export async function AgentRunWorkflow(input: AgentRunInput): Promise<RunOutcome> {
  const { definition } = input.agent;
  // Conversations travel by blob reference; histories recorded before keep whole messages.
  const claimChecked = patched('claim-check-conversation');
  const state: CarriedRunState = input.carried ?? {
    ...RunConversation.opening(input, claimChecked),
    tools: [],
    steps: [],
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, modelCalls: 0, toolCalls: 0 },
    nextEventId: 1,
    deadlineAt: Date.now() + input.limits.deadlineSeconds * 1000,
    events: [],
  };
  const journal = new RunJournal(input.runId, state);
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
  // A replay passes its spec to every activity, which serve recorded results by mode.
  const replay = input.replay && { of: input.replay.of, traceId: input.replay.traceId, mode: input.replay.mode, from: input.replay.from };
  if (input.replay?.approvals) approvals.seed(input.replay.approvals);
  setHandler(runViewQuery, (afterEventId) => journal.view(approvals.pending(), afterEventId));
  setHandler(decideApprovalUpdate, (decision) => approvals.decide(decision), {
    validator: (decision) => approvals.validate(decision),
  });
  if (!input.carried) {
    journal.emit('run.started', { agent: input.agent.name, version: input.agent.version });
  }

  let limitHit: LimitName | undefined;
  const loopScope = new CancellationScope();
  const deadline = CancellationScope.cancellable(async () => {
    await sleep(Math.max(0, state.deadlineAt - Date.now()));
    limitHit = 'deadline';
    loopScope.cancel();
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
    const archived = journal.takeEvents();
    if (archived.length > 0) await archiveRunEvents({ runId: input.runId, events: archived });
    return continueAsNew<typeof AgentRunWorkflow>({ ...input, carried: state });
  }

  if (conversation.ref) outcome = { ...outcome, conversationRef: conversation.ref };
  journal.finish(outcome);
  await CancellationScope.nonCancellable(() =>
    recordRunOutcome({
      runId: input.runId,
      tenantId: input.tenantId,
      outcome: outcome as RunOutcome,
      steps: state.steps,
      usage: state.usage,
      events: state.events,
    }),
  );
  // Rethrowing the cancellation lets Temporal show the run as cancelled, not completed.
  if (cancellation) throw cancellation;
  return outcome;

  async function runLoop(): Promise<RunOutcome | 'continue'> {
    if (state.tools.length === 0 && definition.tools.length > 0) {
      state.tools = await listAgentTools({ tenantId: input.tenantId, grants: definition.tools });
    }
    const specs = toolSpecs(state.tools);
    let stepsThisHistory = 0;
    for (;;) {
      if (state.usage.modelCalls >= input.limits.maxSteps) throw new LimitReached('max_steps');
      if (state.usage.totalTokens >= input.limits.maxTotalTokens) throw new LimitReached('max_total_tokens');

      const response = await modelTurn(specs);
      const answered = response.toolCalls.length === 0 && !response.outputError;
      // An answer that crossed the budget is kept; more work after it is not started.
      if (!answered && state.usage.totalTokens >= input.limits.maxTotalTokens) throw new LimitReached('max_total_tokens');
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
    const step = journal.startModelStep();
    const ridesOutOutages = patched('model-outage-window');
    try {
      const response = await (ridesOutOutages ? callModel : callModelLegacy)({
        ...(ridesOutOutages ? { outage: { ...outage, statusAsOfEventId: journal.lastEventId } } : {}),
        tenantId: input.tenantId,
        runId: input.runId,
        step: step.index,
        priority: input.priority,
        outputSchema: definition.outputSchema,
        ...(replay ? { replay } : {}),
        ...conversation.modelInput(specs),
      });
      journal.finishModelStep(step, response);
      conversation.answered(response);
      if (response.context) {
        const { policy, ...measured } = response.context;
        journal.emit(policy === 'truncate' ? 'context.truncated' : 'context.summarised', { step: step.index, ...measured });
      }
      // A retried call may have left the run `waiting_for_model`: it runs again.
      if ((response.attempt ?? 1) > 1) await recordStatus('running');
      return response;
    } catch (err) {
      journal.failModelStep(step, failureMessage(err));
      throw err;
    }
  }

  async function toolTurn(toolCalls: ToolCall[]) {
    const planned = planToolCalls(state.tools, definition.tools, toolCalls);
    // A model-mode replay never runs an unmatched call that needs approval, so it does not ask.
    const needing = planned.filter((p) => p.needsApproval && !input.replay?.approvals?.[p.call.id] && replay?.mode !== 'model');
    if (needing.length > 0) await approvals.waitFor(needing, recordStatus);

    const results = await Promise.all(planned.map((p, callIndex) => executeCall(p, callIndex)));
    for (const r of results) conversation.addToolResult(r.toolCallId, r);
  }

  async function executeCall(p: PlannedCall, callIndex: number) {
    const decision = approvals.decisionFor(p.call.id);
    const step = journal.startToolStep(p, decision);
    let content: string;
    let isError: boolean;
    let contentRef: CallToolResult['contentRef'];
    if (p.refusal) {
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
    if (!patched('run-status-in-store')) return;
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
