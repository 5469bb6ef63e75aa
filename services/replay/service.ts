// Starting a replay (a new agent run linked to the original) and reading one back with its diff.
import { z } from 'zod';
import type { Store, RunRecord } from '../store';
import type { KeelConfig } from '../config';
import type { AuditActor, AuditLog } from '../audit';
import type { RunService } from '../agents';
import { TERMINAL_STATUSES, type RunOutcome, type RunStatus, type RunStep, type RunUsage, type ToolStep } from '../agents/types';
import { TraceIdSchema, TraceSourceSchema, traceIdForWorkflow, type TraceSource, type TraceWithObservations } from '../tracing';
import { DomainError, conflict, invalid, notFound } from '../errors';
import { ReplayModeSchema, type RecordedApproval, type ReplaySpec } from './types';
import { diffRuns } from './diff';

export const StartReplayBody = z
  .object({
    runId: z.string().min(1).max(100).optional(),
    traceId: TraceIdSchema.optional(),
    mode: ReplayModeSchema.default('exact'),
    from: TraceSourceSchema.default('local'),
    /** model / live: a logical model used instead of the agent's. */
    model: z.string().min(1).max(200).optional(),
    /** model / live: another version of the agent. */
    agentVersion: z.number().int().positive().optional(),
  })
  .refine((b) => (b.runId === undefined) !== (b.traceId === undefined), { message: 'give exactly one of runId or traceId', path: ['runId'] })
  .refine((b) => b.mode !== 'exact' || (b.model === undefined && b.agentVersion === undefined), {
    message: 'an exact replay serves the recorded model answers: model and agentVersion apply to model and live replays',
    path: ['mode'],
  });
export type StartReplayBody = z.infer<typeof StartReplayBody>;

export type TraceReader = (traceId: string, from: TraceSource) => Promise<TraceWithObservations | null>;

export interface ReplayServiceDeps {
  store: Store;
  runs: RunService;
  config: KeelConfig;
  audit?: AuditLog;
  readTrace: TraceReader;
}

const SYSTEM: AuditActor = { type: 'system', id: 'keel' };

/** The original's approval decisions by tool call id: an exact replay repeats them instead of pausing. */
function recordedApprovals(steps: RunStep[]): Record<string, RecordedApproval> {
  const out: Record<string, RecordedApproval> = {};
  for (const s of steps) {
    if (s.kind !== 'tool' || !(s as ToolStep).approval?.decision) continue;
    const { decision, by, reason } = (s as ToolStep).approval!;
    out[s.toolCallId] = { decision: decision!, ...(by ? { by } : {}), ...(reason ? { reason } : {}) };
  }
  return out;
}

const side = (r: RunRecord) => ({ status: r.status, steps: r.steps as RunStep[], outcome: r.outcome as RunOutcome | null, usage: r.usage as RunUsage | null });

export function replayService(deps: ReplayServiceDeps) {
  const { store, runs, config, audit } = deps;

  async function trace(tenantId: string, traceId: string, from: TraceSource) {
    let found: TraceWithObservations | null;
    try {
      found = await deps.readTrace(traceId, from);
    } catch (err) {
      if (err instanceof DomainError) throw err; // the source is not configured: 409 source_unavailable
      throw new DomainError('upstream_failed', 'trace_source_failed', `could not read trace ${traceId} from ${from}: ${(err as Error).message}`);
    }
    // Another tenant's trace is reported exactly like a missing one.
    return found && found.trace.tenantId === tenantId ? found : null;
  }

  async function original(tenantId: string, body: StartReplayBody): Promise<RunRecord> {
    if (body.runId) {
      const run = await store.runs.get(tenantId, body.runId);
      if (!run) throw notFound(`run ${body.runId}`);
      return run;
    }
    const found = await trace(tenantId, body.traceId!, body.from);
    if (!found) throw notFound(`trace ${body.traceId}`);
    const run = await store.runs.get(tenantId, found.trace.runId);
    if (!run) throw notFound(`run ${found.trace.runId} (of trace ${body.traceId})`);
    return run;
  }

  return {
    async start(tenantId: string, body: StartReplayBody, actor = SYSTEM): Promise<RunRecord> {
      if (body.model && !config.router.models[body.model]) throw invalid(`unknown model ${body.model}`);
      const run = await original(tenantId, body);
      if (!TERMINAL_STATUSES.has(run.status as RunStatus)) throw conflict(`run ${run.id} has not ended (${run.status}): replay it once it has`);
      const traceId = traceIdForWorkflow(run.workflowId);
      if (body.mode !== 'live') {
        const recorded = await trace(tenantId, traceId, body.from);
        if (!recorded) throw conflict(`run ${run.id} has no trace in ${body.from}`, 'trace_unavailable');
        if (!recorded.trace.endTime) throw conflict(`the trace of run ${run.id} is not complete yet; try again shortly`, 'trace_incomplete');
      }
      const spec: ReplaySpec = {
        of: run.id, traceId, mode: body.mode, from: body.from,
        ...(body.mode === 'exact' ? { approvals: recordedApprovals(run.steps as RunStep[]) } : {}),
      };
      const replay = await runs.start(
        tenantId,
        { agent: run.agentName, version: body.agentVersion ?? run.agentVersion, input: run.input, replay: { spec, model: body.model } },
        actor,
      );
      await audit?.append({
        id: `replay.started:${replay.id}`, tenantId, action: 'replay.started', actor,
        target: { type: 'run', id: replay.id },
        details: { of: run.id, traceId, mode: body.mode, from: body.from, model: body.model, agentVersion: body.agentVersion },
      });
      return replay;
    },

    /** The replay run, its original, and the step-by-step diff between them. */
    async get(tenantId: string, replayId: string) {
      const replay = await runs.get(tenantId, replayId);
      if (!replay.replayOf) throw notFound(`replay ${replayId}`);
      const run = await store.runs.get(tenantId, replay.replayOf);
      if (!run) throw notFound(`run ${replay.replayOf} (the original of replay ${replayId})`);
      return {
        replay,
        original: { id: run.id, status: run.status, outcome: run.outcome, usage: run.usage, steps: run.steps, agentVersion: run.agentVersion },
        diff: diffRuns(side(run), { status: replay.status, steps: replay.steps as RunStep[], outcome: replay.outcome as RunOutcome | null, usage: replay.usage as RunUsage | null }),
      };
    },
  };
}
export type ReplayService = ReturnType<typeof replayService>;
