// Starting a child agent's run for a parent run: resolve the agent (`name` → its current version),
// give it the smaller of its own limits and what the parent has left, and record the run linked
// to its parent. Idempotent by the child's run id (the activity may be retried).
import type { Store } from '../store';
import { notFound } from '../errors';
import { parseAgentRef, type AgentDefinition } from './definition';
import { childAgentTools } from './agent-refs';
import type { AgentRunInput, ChildRunRequest } from './run-types';
import type { ModelOutagePolicy } from '../router/policy';

export async function prepareChildRun(store: Store, req: ChildRunRequest): Promise<AgentRunInput> {
  const { name, version } = parseAgentRef(req.ref);
  const existing = await store.runs.get(req.tenantId, req.childRunId);
  // A retried call finds the run it recorded and keeps the version it resolved.
  const agent = await store.agents.version<AgentDefinition>(req.tenantId, name, existing?.agentVersion ?? version);
  if (!agent) throw notFound(`agent ${req.ref}`);
  const own = agent.definition.limits ?? {};
  const atMost = (mine: number | undefined, left: number) => (mine === undefined ? left : Math.min(mine, left));
  const maxCostUsd = req.budget.maxCostUsd === undefined ? own.maxCostUsd : atMost(own.maxCostUsd, req.budget.maxCostUsd);
  const input: AgentRunInput = {
    runId: req.childRunId,
    tenantId: req.tenantId,
    agent: { name: agent.name, version: agent.version, definition: agent.definition },
    input: req.input,
    priority: req.priority,
    limits: {
      maxSteps: atMost(own.maxSteps, req.budget.maxSteps),
      maxTotalTokens: atMost(own.maxTotalTokens, req.budget.maxTotalTokens),
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      deadlineSeconds: atMost(own.deadlineSeconds, req.budget.deadlineSeconds),
      stepsPerHistory: req.stepsPerHistory,
      ...(own.onLimit ? { onLimit: own.onLimit } : {}),
    },
    childAgents: await childAgentTools(store.agents, req.tenantId, agent.definition.agents),
    parent: req.parent,
    ...(req.modelOutage ? { modelOutage: req.modelOutage } : {}),
  };
  if (!existing) {
    await store.runs.create({
      id: req.childRunId, tenantId: req.tenantId, kind: 'agent', agentName: agent.name, agentVersion: agent.version,
      workflowId: req.childRunId, input: req.input, status: 'running', parent: req.parent,
    });
  }
  return input;
}
