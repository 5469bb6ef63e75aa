// Wraps the worker's activities so each run is traced without touching the workflow:
//  - callModel      → a generation observation (usage, cost, ttft, failovers; ERROR on failure)
//  - callTool       → a tool observation (and, with an audit sink, a `tool.executed` entry)
//  - the first model call and recordRunOutcome → the trace itself (start, then output and end)
// Observation ids come from the workflow id and step, so retried attempts upsert one record.
// Tracing never changes an activity's result or error.
import { Context } from '@temporalio/activity';
import { observationId, traceIdForWorkflow } from './ids';
import { generationObservation, runTrace, toolObservation, type GenerationResponseLike } from './observations';
import type { TraceRecorder } from './recorder';

/** What the run's store record says about it (the lead's RunRecord fits). */
export interface TracedRunRecord {
  id: string;
  tenantId: string;
  agentName: string;
  agentVersion: number | string;
  workflowId: string;
  input: string;
  createdAt: string;
  /** Set when the run replays another: its trace becomes the trace's `replayOf`. */
  replay?: { of: string; traceId: string; mode: string } | null;
}

export interface TracingHooks {
  recorder: TraceRecorder;
  lookupRun(tenantId: string, runId: string): Promise<TracedRunRecord | undefined>;
  environment?: string;
  /** Receives `tool.executed` entries (arguments are masked by the audit log). */
  audit?: { append(entry: ToolExecutedEntry): Promise<unknown> };
}

export interface ToolExecutedEntry {
  id: string;
  tenantId: string;
  action: 'tool.executed';
  actor: { type: 'workflow'; id: string };
  target: { type: 'tool'; id: string };
  details: Record<string, unknown>;
}

type AnyActivity = (input: any) => Promise<any>;

interface ModelInput { tenantId: string; runId: string; step: number; request: { model: string; messages: unknown[]; tools?: Array<{ name: string }>; generation?: Record<string, unknown> } }
interface ToolInput { tenantId: string; runId: string; server: string; tool: string; arguments: Record<string, unknown>; idempotencyKey: string }
interface OutcomeInput { runId: string; tenantId: string; outcome: { status: string; output?: unknown; error?: unknown } & Record<string, unknown>; usage?: unknown }

function workflowContext(): { workflowId: string; temporalRunId: string; attempt: number } | undefined {
  try {
    const info = Context.current().info;
    const execution = info.workflowExecution;
    return execution ? { workflowId: execution.workflowId, temporalRunId: execution.runId, attempt: info.attempt } : undefined;
  } catch {
    return undefined; // called outside an activity (unit tests): nothing to attribute
  }
}

export function withTracing<A extends Record<string, AnyActivity>>(activities: A, hooks: TracingHooks): A {
  const wrapped: Record<string, AnyActivity> = { ...activities };
  const safely = async (fn: () => Promise<void> | void) => {
    try {
      await fn();
    } catch {
      // Tracing must not change the activity's outcome; the recorder counts its own failures.
    }
  };

  async function recordRun(input: { tenantId: string; runId: string }, ctx: { workflowId: string; temporalRunId: string }, end?: OutcomeInput) {
    const run = await hooks.lookupRun(input.tenantId, input.runId);
    if (!run) return;
    const outcome = end?.outcome;
    const status = outcome ? outcomeLevel(outcome) : {};
    hooks.recorder.recordTrace(
      runTrace({
        workflowId: run.workflowId,
        runId: run.id,
        tenantId: run.tenantId,
        agentName: run.agentName,
        agentVersion: run.agentVersion,
        environment: hooks.environment,
        input: run.input,
        output: outcome ? (outcome.output ?? outcome) : undefined,
        startTime: new Date(run.createdAt).toISOString(),
        endTime: end ? new Date().toISOString() : undefined,
        replayOf: run.replay?.traceId,
        metadata: {
          temporalRunId: ctx.temporalRunId,
          ...(run.replay ? { replay: { of: run.replay.of, mode: run.replay.mode } } : {}),
          ...(outcome ? { status: outcome.status, usage: end?.usage } : {}),
        },
        ...status,
      }),
    );
  }

  if (activities.callModel) {
    const inner = activities.callModel;
    wrapped.callModel = async (input: ModelInput) => {
      const ctx = workflowContext();
      const startTime = new Date().toISOString();
      // The trace record needs a store read: off the activity's path.
      if (ctx && input.step === 0 && ctx.attempt === 1) hooks.recorder.track(safely(() => recordRun(input, ctx)));
      try {
        const response = (await inner(input)) as GenerationResponseLike;
        if (ctx) await safely(() => hooks.recorder.recordObservation(generationObservation({ workflowId: ctx.workflowId, step: input.step, request: input.request, response, startTime, endTime: new Date().toISOString() }), { tenantId: input.tenantId }));
        return response;
      } catch (err) {
        if (ctx) await safely(() => hooks.recorder.recordObservation(generationObservation({ workflowId: ctx.workflowId, step: input.step, request: input.request, error: (err as Error).message, startTime, endTime: new Date().toISOString() }), { tenantId: input.tenantId }));
        throw err;
      }
    };
  }

  if (activities.callTool) {
    const inner = activities.callTool;
    wrapped.callTool = async (input: ToolInput) => {
      const ctx = workflowContext();
      const startTime = new Date().toISOString();
      const record = (result: { content: string; isError: boolean } | undefined, error: string | undefined) =>
        safely(async () => {
          if (!ctx) return;
          const [step, callIndex] = input.idempotencyKey.split(':').slice(-2).map(Number);
          const obs = toolObservation({
            workflowId: ctx.workflowId,
            step: Number.isInteger(step) ? step : -1,
            callIndex: Number.isInteger(callIndex) ? callIndex : 0,
            server: input.server,
            tool: input.tool,
            arguments: input.arguments,
            result,
            error,
            startTime,
            endTime: new Date().toISOString(),
          });
          if (!Number.isInteger(step) || !Number.isInteger(callIndex)) obs.id = observationId(traceIdForWorkflow(ctx.workflowId), `tool:${input.idempotencyKey}`);
          hooks.recorder.recordObservation(obs, { tenantId: input.tenantId });
          // Audited once the tool answered (a transport failure may not have reached it); a
          // result a replay served from the original trace executed nothing.
          if (!result || (result as { replayed?: boolean }).replayed) return;
          await hooks.audit?.append({
            id: `tool.executed:${input.idempotencyKey}`,
            tenantId: input.tenantId,
            action: 'tool.executed',
            actor: { type: 'workflow', id: ctx.workflowId },
            target: { type: 'tool', id: `${input.server}/${input.tool}` },
            details: { runId: input.runId, arguments: input.arguments, isError: result.isError },
          });
        });
      try {
        const result = await inner(input);
        await record(result, undefined);
        return result;
      } catch (err) {
        await record(undefined, (err as Error).message);
        throw err;
      }
    };
  }

  if (activities.recordRunOutcome) {
    const inner = activities.recordRunOutcome;
    wrapped.recordRunOutcome = async (input: OutcomeInput) => {
      const result = await inner(input);
      const ctx = workflowContext();
      if (ctx) hooks.recorder.track(safely(() => recordRun(input, ctx, input)));
      return result;
    };
  }
  return wrapped as A;
}

function outcomeLevel(outcome: OutcomeInput['outcome']): { level?: 'WARNING' | 'ERROR'; statusMessage?: string } {
  if (outcome.status === 'failed') {
    const error = outcome.error as { code?: string; message?: string } | undefined;
    return { level: 'ERROR', statusMessage: error?.message ?? 'run failed' };
  }
  if (outcome.status === 'completed') return {};
  const limit = typeof outcome.limit === 'string' ? `: ${outcome.limit}` : '';
  return { level: 'WARNING', statusMessage: `${outcome.status}${limit}` };
}
