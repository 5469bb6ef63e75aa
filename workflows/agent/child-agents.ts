// Agents calling agents: each agent a definition lists is offered to the model as the tool
// `agent_<name>`; a call runs the child agent as a child workflow with its own run record, a
// budget carved from what the parent has left, and a deterministic workflow id (the parent's run
// id, the step and the call's place in it). The child's usage counts against the parent's; a
// child that fails, stops or is cancelled becomes an error result the model sees.
import {
  CancellationScope,
  ChildWorkflowFailure,
  ParentClosePolicy,
  executeChild,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentActivities, ChildRunBudget } from '../../activities/types';
import type { ToolSpec } from '../../services/router/types';
import type { AgentRunInput, ChildAgentTool, RunOutcome, RunUsage } from '../../services/agents/types';
import type { PlannedCall } from './tool-plan';
import { hasFeature } from '../features';

const { startChildRun } = proxyActivities<AgentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 10, nonRetryableErrorTypes: ['ChildAgentUnavailable'] },
});

export const CHILD_AGENT_SERVER = 'agents';

const AGENT_INPUT_SCHEMA = {
  type: 'object',
  properties: { input: { type: 'string', description: 'What to ask the agent' } },
  required: ['input'],
  additionalProperties: false,
};

export function childAgentSpecs(agents: ChildAgentTool[] | undefined): ToolSpec[] {
  return (agents ?? []).map((a) => ({ name: a.toolName, description: a.description, inputSchema: AGENT_INPUT_SCHEMA }));
}

export type AgentCallPlan = PlannedCall & { agent?: ChildAgentTool };

/** Calls the model made to a listed agent become agent calls (planToolCalls knows only MCP tools). */
export function planAgentCalls(planned: PlannedCall[], agents: ChildAgentTool[] | undefined): AgentCallPlan[] {
  if (!agents?.length) return planned;
  return planned.map((p) => {
    const agent = agents.find((a) => a.toolName === p.call.name);
    if (!agent) return p;
    const tool = { server: CHILD_AGENT_SERVER, name: agent.ref, description: agent.description, inputSchema: AGENT_INPUT_SCHEMA, annotations: {} };
    return { call: p.call, tool, needsApproval: false, agent };
  });
}

export function childRunId(parentRunId: string, step: number, callIndex: number): string {
  return `${parentRunId}-s${step}c${callIndex}`;
}

type AgentRunWorkflowFn = (input: AgentRunInput) => Promise<RunOutcome>;

export interface ChildCallContext {
  input: AgentRunInput;
  workflow: AgentRunWorkflowFn;
  /** What the parent has left, shared between the agent calls of this turn. */
  budget: ChildRunBudget;
  /** Adds what the child used to the parent's usage. */
  countUsage(usage: RunUsage): void;
}

export async function callChildAgent(ctx: ChildCallContext, p: AgentCallPlan, step: number, callIndex: number): Promise<{ content: string; isError: boolean }> {
  const agent = p.agent!;
  const text = typeof p.call.arguments.input === 'string' ? p.call.arguments.input : '';
  if (!text.trim()) return { content: `Agent ${agent.ref} needs an "input" string.`, isError: true };
  const { budget } = ctx;
  if (budget.maxSteps < 1 || budget.maxTotalTokens < 1 || budget.deadlineSeconds < 1 || (budget.maxCostUsd !== undefined && budget.maxCostUsd <= 0)) {
    return { content: `Agent ${agent.ref} was not called: this run has no budget left to give it.`, isError: true };
  }
  hasFeature('child-agents');
  const parent = { runId: ctx.input.runId, workflowId: workflowInfo().workflowId, step, callIndex };
  let childInput: AgentRunInput;
  try {
    childInput = await startChildRun({
      tenantId: ctx.input.tenantId,
      childRunId: childRunId(ctx.input.runId, step, callIndex),
      parent,
      ref: agent.ref,
      input: text,
      priority: ctx.input.priority,
      budget,
      stepsPerHistory: ctx.input.limits.stepsPerHistory,
      ...(ctx.input.modelOutage ? { modelOutage: ctx.input.modelOutage } : {}),
    });
  } catch (err) {
    if (CancellationScope.current().consideredCancelled) throw err;
    return { content: `Agent ${agent.ref} could not be started: ${messageOf(err)}`, isError: true };
  }
  try {
    const outcome = await executeChild(ctx.workflow, {
      workflowId: childInput.runId,
      args: [childInput],
      // A parent that ends (even terminated) asks its children to cancel, so they record their end.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      workflowTaskTimeout: workflowInfo().taskTimeoutMs,
      memo: { tenantId: childInput.tenantId, agent: childInput.agent.name, agentVersion: childInput.agent.version, parentRunId: parent.runId },
    });
    if (outcome.usage) ctx.countUsage(outcome.usage);
    if (outcome.status === 'completed') return { content: outcome.output ?? '', isError: false };
    const why = outcome.error?.message ?? (outcome.limit ? `limit ${outcome.limit} reached` : outcome.status);
    return { content: `Agent ${agent.ref} did not answer (${outcome.status}): ${why}`, isError: true };
  } catch (err) {
    // The parent's own cancellation (or deadline) ends it; a child cancelled or failed on its own is the model's to handle.
    if (CancellationScope.current().consideredCancelled || !(err instanceof ChildWorkflowFailure)) throw err;
    return { content: `Agent ${agent.ref} did not answer: ${messageOf(err)}`, isError: true };
  }
}

/** The parent's remaining budget, split evenly between the agent calls of one turn. */
export function shareBudget(remaining: ChildRunBudget, calls: number): ChildRunBudget {
  const n = Math.max(1, calls);
  return {
    maxSteps: Math.floor(remaining.maxSteps / n),
    maxTotalTokens: Math.floor(remaining.maxTotalTokens / n),
    ...(remaining.maxCostUsd !== undefined ? { maxCostUsd: remaining.maxCostUsd / n } : {}),
    deadlineSeconds: remaining.deadlineSeconds,
  };
}

function messageOf(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause) e = e.cause;
  const outer = err instanceof ChildWorkflowFailure ? err.message || 'child run ended' : '';
  const inner = e instanceof Error ? e.message : String(e);
  return outer && inner && outer !== inner ? `${outer}: ${inner}` : inner || outer;
}
