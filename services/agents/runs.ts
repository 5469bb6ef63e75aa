// Starting, reading, approving and cancelling agent runs. The store's run record is the one source
// of a run's status (the workflow keeps it current through its activities) and of what tenant owns
// it; the workflow's query adds only in-flight details: steps so far, usage, pending approvals and
// events not yet archived.
import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
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
import { AgentRunWorkflow } from '../../workflows/agent-run';
import { decideApprovalUpdate, runViewQuery } from '../../workflows/agent-run-api';
import type { AgentDefinition, AgentRunInput, ApprovalDecision, RunEvent, RunView } from './types';
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

  async function record(tenantId: string, runId: string) {
    const r = await store.runs.get(tenantId, runId);
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

  return {
    async start(tenantId: string, req: StartRunRequest, actor = SYSTEM): Promise<RunRecord> {
      const runId = `run_${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      // The run carries the definition it resolved: later label changes never reach it.
      const { record: agent, pick } = await versions.resolve<AgentDefinition>(tenantId, 'agent', req.agent, runId, req.version);
      const limits = agent.definition.limits ?? {};
      const definition = req.replay?.model ? { ...agent.definition, model: req.replay.model } : agent.definition;
      const input: AgentRunInput = {
        runId,
        tenantId,
        agent: { name: agent.name, version: agent.version, definition },
        input: req.input,
        priority: req.priority ?? 'interactive',
        limits: {
          maxSteps: limits.maxSteps ?? config.agents.maxSteps,
          maxTotalTokens: limits.maxTotalTokens ?? config.agents.maxTotalTokens,
          deadlineSeconds: limits.deadlineSeconds ?? config.agents.deadlineSeconds,
          stepsPerHistory: config.agents.stepsPerHistory,
        },
        modelOutage: { windowSeconds: config.agents.modelOutageWindowSeconds, maxIntervalSeconds: config.agents.modelRetryMaxIntervalSeconds },
        ...(req.replay ? { replay: req.replay.spec } : {}),
      };
      await store.runs.create({
        id: runId, tenantId, kind: 'agent', agentName: agent.name, agentVersion: agent.version,
        workflowId: runId, input: req.input, status: 'running', versionReason: pick.reason,
        ...(req.replay ? { replay: replayLink(req.replay, req.version) } : {}),
      });
      try {
        await temporal.workflow.start(AgentRunWorkflow, {
          workflowId: runId,
          taskQueue: config.temporal.taskQueues.agents,
          args: [input],
          priority: { priorityKey: PRIORITY_KEY[input.priority] },
          workflowTaskTimeout: `${config.agents.workflowTaskTimeoutSeconds}s`,
          memo: { tenantId, agent: agent.name, agentVersion: agent.version },
        });
      } catch (err) {
        await store.runs.complete(runId, { status: 'failed', outcome: { status: 'failed', error: { code: 'start_failed', message: (err as Error).message } }, usage: null, steps: [] });
        if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`run ${runId} already exists`);
        throw unavailable('temporal_unavailable', `could not start the run: ${(err as Error).message}`);
      }
      await audit?.append({
        id: `run.started:${runId}`, tenantId, action: 'run.started', actor,
        target: { type: 'run', id: runId }, details: { agent: agent.name, version: agent.version, versionReason: pick.reason, priority: input.priority },
      });
      return record(tenantId, runId);
    },

    async get(tenantId: string, runId: string): Promise<RunDetail> {
      const r = await record(tenantId, runId);
      const detail: RunDetail = { ...r, trace: traceUrlFor(config.tracing, r.workflowId, config.api.publicUrl), pendingApprovals: [], live: true };
      if (TERMINAL_STATUSES.has(r.status as RunStatus)) return detail;
      const view = await liveView(r, Number.MAX_SAFE_INTEGER);
      if (!view) return { ...detail, live: false };
      return { ...detail, steps: view.steps, usage: view.usage, pendingApprovals: view.pendingApprovals };
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
      const r = await record(tenantId, runId);
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

    async decide(tenantId: string, runId: string, decision: ApprovalDecision, actor = SYSTEM) {
      const r = await record(tenantId, runId);
      if (TERMINAL_STATUSES.has(r.status as RunStatus)) throw conflict(`run ${runId} has ended (${r.status})`);
      try {
        const result = await temporal.workflow.getHandle(r.workflowId).executeUpdate(decideApprovalUpdate, { args: [decision] });
        await audit?.append({
          tenantId, action: decision.decision === 'approve' ? 'tool.approved' : 'tool.rejected', actor,
          target: { type: 'tool_call', id: `${runId}/${decision.toolCallId}` }, details: { runId, toolCallId: decision.toolCallId, reason: decision.reason },
        });
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

function replayLink(r: NonNullable<StartRunRequest['replay']>, agentVersion?: number) {
  const { of, traceId, mode, from } = r.spec;
  return { of, traceId, mode, from, ...(r.model ? { model: r.model } : {}), ...(agentVersion ? { agentVersion } : {}) };
}
