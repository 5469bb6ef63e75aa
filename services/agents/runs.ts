// Starting, reading, approving and cancelling agent runs. The store's run record is the one source
// of a run's status (the workflow keeps it current through its activities) and of what tenant owns
// it; the workflow's query adds only in-flight details: steps so far, usage, pending approvals and
// events not yet archived.
import { randomUUID } from 'node:crypto';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { Store, RunRecord, RunListQuery } from '../store';
import type { KeelConfig } from '../config';
import type { AuditActor, AuditLog } from '../audit';
import { traceUrlFor } from '../tracing';
import { versionService } from '../versions';
import { conflict, notFound, unavailable } from '../errors';
import { startRecordedWorkflow } from '../temporal';
import { AgentRunWorkflow } from '../../workflows/agent-run';
import { decideApprovalUpdate, runViewQuery } from '../../workflows/agent-run-api';
import { isBudgetDecision, type AgentDefinition, type AgentRunInput, type ApprovalDecision, type PendingApproval, type RunEvent, type RunView } from './types';
import { MAX_AGENT_DEPTH, childAgentTools } from './agent-refs';
import type { ReplaySpec } from '../replay/types';
import { TERMINAL_STATUSES, type RunStatus } from './run-types';

export interface StartRunRequest {
  agent: string;
  version?: number;
  input: string;
  priority?: 'interactive' | 'batch';
  /** Replays only (services/replay): the spec the workflow gets, and a logical model used instead of the agent's. */
  replay?: { spec: ReplaySpec; model?: string };
}

export type RunDetail = RunRecord & {
  /** The run's trace: Langfuse when export is configured, else this API's local trace route. */
  trace: { traceId: string; url: string };
  pendingApprovals: RunView['pendingApprovals'];
  /** False when the in-flight details could not be read (no worker answered): steps and usage are as last stored. */
  live: boolean;
};

const PRIORITY_KEY = { interactive: 1, batch: 5 } as const;
const QUERY_DEADLINE_MS = 3_000;

const SYSTEM: AuditActor = { type: 'system', id: 'keel' };

export function runService(deps: { store: Store; temporal: Client; config: KeelConfig; audit?: AuditLog }) {
  const { store, temporal, config, audit } = deps;
  const versions = versionService({ store });

  async function record(tenantId: string, runId: string, opts: { steps?: boolean } = {}) {
    const r = await store.runs.get(tenantId, runId, opts);
    if (!r) throw notFound(`run ${runId}`);
    return r;
  }

  /** In-flight details from the workflow; undefined when no worker answers in time (the stored record then stands). */
  async function liveView(r: RunRecord, afterEventId?: number): Promise<RunView | undefined> {
    try {
      return await temporal.connection.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        temporal.workflow.getHandle(r.workflowId).query(runViewQuery, afterEventId),
      );
    } catch {
      return undefined;
    }
  }

  /** Pending requests of the run's active child agents' runs (and theirs), each with the run that asks. */
  async function childApprovals(tenantId: string, runId: string, depth = 1): Promise<PendingApproval[]> {
    if (depth > MAX_AGENT_DEPTH) return [];
    const out: PendingApproval[] = [];
    for (const child of await store.runs.children(tenantId, runId, { active: true })) {
      // A child that records its progress in the store says there when it waits for a person.
      const asks = child.usage === null || child.status === 'awaiting_approval';
      const view = asks ? await liveView(child, Number.MAX_SAFE_INTEGER) : undefined;
      for (const a of view?.pendingApprovals ?? []) out.push({ ...a, runId: a.runId ?? child.id });
      out.push(...(await childApprovals(tenantId, child.id, depth + 1)));
    }
    return out;
  }

  /** The run a decision is for: the one it names or whose pending request it matches, the run itself or a child agent's run below it. */
  async function decidingRun(tenantId: string, r: RunRecord, decision: ApprovalDecision): Promise<RunRecord> {
    let targetId = decision.runId;
    if (!targetId) {
      const matches = (a: PendingApproval) =>
        isBudgetDecision(decision)
          ? a.kind === 'budget' && (!decision.requestId || a.requestId === decision.requestId)
          : a.kind !== 'budget' && a.toolCallId === decision.toolCallId;
      const own = (await liveView(r, Number.MAX_SAFE_INTEGER))?.pendingApprovals ?? [];
      if (own.some(matches)) return r;
      targetId = (await childApprovals(tenantId, r.id)).find(matches)?.runId ?? r.id;
    }
    if (targetId === r.id) return r;
    const target = await record(tenantId, targetId);
    let link = target.parentRunId;
    for (let depth = 0; link && depth < MAX_AGENT_DEPTH; depth += 1) {
      if (link === r.id) return target;
      link = (await store.runs.get(tenantId, link))?.parentRunId ?? null;
    }
    throw conflict(`run ${targetId} is not a child agent's run of ${r.id}`);
  }

  return {
    async start(tenantId: string, req: StartRunRequest, actor = SYSTEM): Promise<RunRecord> {
      const runId = `run_${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      // The run carries the definition it resolved: later label changes never reach it.
      const { record: agent, pick } = await versions.resolve<AgentDefinition>(tenantId, 'agent', req.agent, runId, req.version);
      const childAgents = await childAgentTools(store.agents, tenantId, agent.definition.agents);
      const definition = req.replay?.model ? { ...agent.definition, model: req.replay.model } : agent.definition;
      const input: AgentRunInput = {
        runId,
        tenantId,
        input: req.input,
        ...runSettings(config, { name: agent.name, version: agent.version, definition }, req.priority),
        ...(childAgents.length > 0 ? { childAgents } : {}),
        ...(req.replay ? { replay: req.replay.spec } : {}),
      };
      const created = await store.runs.create({
        id: runId, tenantId, kind: 'agent', agentName: agent.name, agentVersion: agent.version,
        workflowId: runId, input: req.input, status: 'running', versionReason: pick.reason, startedBy: actor.id,
        ...(req.replay ? { replay: replayLink(req.replay, req.version) } : {}),
      });
      await startRecordedWorkflow(`run ${runId}`, () => temporal.workflow.start(AgentRunWorkflow, {
        workflowId: runId,
        taskQueue: config.temporal.taskQueues.agents,
        args: [input],
        priority: { priorityKey: PRIORITY_KEY[input.priority] },
        workflowTaskTimeout: `${config.agents.workflowTaskTimeoutSeconds}s`,
        memo: { tenantId, agent: agent.name, agentVersion: agent.version },
      }), (message) => store.runs.failStart(runId, message));
      await audit?.append({
        id: `run.started:${runId}`, tenantId, action: 'run.started', actor,
        target: { type: 'run', id: runId }, details: { agent: agent.name, version: agent.version, versionReason: pick.reason, priority: input.priority },
      });
      return created;
    },

    async get(tenantId: string, runId: string): Promise<RunDetail> {
      const r = await record(tenantId, runId);
      const detail: RunDetail = { ...r, trace: traceUrlFor(config.tracing, r.workflowId, config.api.publicUrl), pendingApprovals: [], live: true };
      if (TERMINAL_STATUSES.has(r.status as RunStatus)) return detail;
      // Runs that record their progress as they go (their usage is stored from the first event on)
      // have their steps and usage in the store; only pending approvals need the workflow.
      if (r.usage !== null) {
        const fromChildren = await childApprovals(tenantId, r.id);
        if (r.status !== 'awaiting_approval') return { ...detail, pendingApprovals: fromChildren };
        const pending = await liveView(r, Number.MAX_SAFE_INTEGER);
        if (!pending) return { ...detail, pendingApprovals: fromChildren, live: false };
        return { ...detail, pendingApprovals: [...pending.pendingApprovals, ...fromChildren] };
      }
      const view = await liveView(r, Number.MAX_SAFE_INTEGER);
      if (!view) return { ...detail, live: false };
      const fromChildren = await childApprovals(tenantId, r.id);
      return { ...detail, steps: view.steps, usage: view.usage, pendingApprovals: [...view.pendingApprovals, ...fromChildren] };
    },

    /** Newest first; filters by agent and by status (any of RUN_STATUSES, awaiting_approval included). */
    list(tenantId: string, query: RunListQuery) {
      return store.runs.list(tenantId, query);
    },

    /**
     * Events after `afterId`, in order and without gaps: archived ones from the store, newer ones from
     * the workflow. `terminal` once the stored record has ended and every event has been read, so a
     * client that saw the stream end reads the final status back from the run. `live: false` reads
     * the store only (no workflow query, which waits on a worker): a stream opens on that and asks
     * the workflow for newer events afterwards.
     */
    async events(tenantId: string, runId: string, afterId: number, opts: { live?: boolean } = {}): Promise<{ events: RunEvent[]; terminal: boolean }> {
      const r = await record(tenantId, runId, { steps: false });
      // An ended run's events are all archived: the outcome is stored with them.
      const ended = TERMINAL_STATUSES.has(r.status as RunStatus);
      const out: RunEvent[] = (await store.runs.events(runId, afterId)) as RunEvent[];
      if (ended) return { events: out, terminal: out.length === 0 };
      if (opts.live === false) return { events: out, terminal: false };
      let last = out.at(-1)?.id ?? afterId;
      const view = await liveView(r, last);
      for (const e of view?.events ?? []) {
        if (e.id !== last + 1) break; // a gap: those events are being archived; read them next time
        out.push(e);
        last = e.id;
      }
      return { events: out, terminal: false };
    },

    /** Decides a pending request of the run, or of a child agent's run below it (forwarded to that run). */
    async decide(tenantId: string, runId: string, decision: ApprovalDecision, actor = SYSTEM) {
      const r = await record(tenantId, runId);
      if (TERMINAL_STATUSES.has(r.status as RunStatus)) throw conflict(`run ${runId} has ended (${r.status})`);
      const target = await decidingRun(tenantId, r, decision);
      if (TERMINAL_STATUSES.has(target.status as RunStatus)) throw conflict(`run ${target.id} has ended (${target.status})`);
      const { runId: _forwardedTo, ...forwarded } = decision;
      const via = target.id === r.id ? {} : { viaRunId: r.id };
      try {
        const result = await temporal.workflow.getHandle(target.workflowId).executeUpdate(decideApprovalUpdate, { args: [forwarded as ApprovalDecision] });
        if (isBudgetDecision(decision)) {
          await audit?.append({
            tenantId, action: decision.decision === 'extend' ? 'budget.extended' : 'budget.ended', actor,
            target: { type: 'run', id: target.id },
            details: { runId: target.id, requestId: decision.requestId, extend: decision.extend, reason: decision.reason, ...via },
          });
        } else {
          await audit?.append({
            tenantId, action: decision.decision === 'approve' ? 'tool.approved' : 'tool.rejected', actor,
            target: { type: 'tool_call', id: `${target.id}/${decision.toolCallId}` },
            details: { runId: target.id, toolCallId: decision.toolCallId, reason: decision.reason, ...via },
          });
        }
        return result;
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) throw conflict((err.cause as Error | undefined)?.message ?? err.message);
        if (err instanceof WorkflowNotFoundError) throw conflict(`run ${runId} is not running`);
        throw unavailable('temporal_unavailable', (err as Error).message);
      }
    },

    async cancel(tenantId: string, runId: string, actor = SYSTEM) {
      const r = await record(tenantId, runId);
      if (TERMINAL_STATUSES.has(r.status as RunStatus)) throw conflict(`run ${runId} has ended (${r.status})`);
      try {
        await temporal.workflow.getHandle(r.workflowId).cancel();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw conflict(`run ${runId} is not running`);
        throw unavailable('temporal_unavailable', (err as Error).message);
      }
      await audit?.append({ tenantId, action: 'run.cancelled', actor, target: { type: 'run', id: runId }, details: {} });
      return { cancelRequested: true };
    },
  };
}
export type RunService = ReturnType<typeof runService>;

/** What every run of this agent version runs with: the agent, its priority and limits, how it rides out outages. */
export function runSettings(config: KeelConfig, agent: AgentRunInput['agent'], priority: AgentRunInput['priority'] = 'interactive') {
  const limits = agent.definition.limits ?? {};
  const maxCostUsd = limits.maxCostUsd ?? config.agents.maxCostUsd;
  return {
    agent,
    priority,
    limits: {
      maxSteps: limits.maxSteps ?? config.agents.maxSteps,
      maxTotalTokens: limits.maxTotalTokens ?? config.agents.maxTotalTokens,
      deadlineSeconds: limits.deadlineSeconds ?? config.agents.deadlineSeconds,
      stepsPerHistory: config.agents.stepsPerHistory,
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      ...(limits.onLimit ? { onLimit: limits.onLimit } : {}),
    },
    modelOutage: { windowSeconds: config.agents.modelOutageWindowSeconds, maxIntervalSeconds: config.agents.modelRetryMaxIntervalSeconds },
    claimCheck: { inlineBytes: config.agents.inlineContentBytes, contextMaxTokens: config.agents.contextMaxTokens },
  } satisfies Pick<AgentRunInput, 'agent' | 'priority' | 'limits' | 'modelOutage' | 'claimCheck'>;
}

function replayLink(r: NonNullable<StartRunRequest['replay']>, agentVersion?: number) {
  const { of, traceId, mode, from } = r.spec;
  return { of, traceId, mode, from, ...(r.model ? { model: r.model } : {}), ...(agentVersion ? { agentVersion } : {}) };
}
