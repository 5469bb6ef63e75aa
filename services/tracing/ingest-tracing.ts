// An activity inbound interceptor that makes every ingestion job one trace (id from its workflow
// id): the plan, each batch with its counts, and the deletion of stale documents are span
// observations. Recording never changes an activity's result or fails it.
import type { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { TraceRecorder } from './recorder';
import { runTrace } from './observations';
import { observationId, rootObservationId, traceIdForWorkflow } from './ids';

interface JobInput { tenantId: string; collection: string; batchIndex?: number }

export interface IngestTracingHooks {
  recorder: TraceRecorder;
  environment?: string;
}

const SPAN_NAMES: Record<string, (input: JobInput) => string> = {
  ingestPlan: () => 'plan',
  ingestBatch: (input) => `batch ${input.batchIndex ?? 0}`,
  ingestDeleteStale: () => 'delete stale documents',
};

/** Worker interceptor factory: `interceptors: { activity: [ingestTracing(hooks)] }`. */
export function ingestTracing(hooks: IngestTracingHooks): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new IngestTracingInbound(ctx, hooks) });
}

export class IngestTracingInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly hooks: IngestTracingHooks,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { activityType } = this.ctx.info;
    const spanName = SPAN_NAMES[activityType];
    if (!spanName) return next(input);
    const startTime = new Date().toISOString();
    const result = await next(input);
    const job = input.args[0] as JobInput;
    try {
      this.record(activityType, spanName(job), job, result, startTime);
    } catch {
      // Tracing never fails the job; the recorder counts its own errors.
    }
    return result;
  }

  private record(activity: string, span: string, input: JobInput, result: unknown, startTime: string) {
    const exec = this.ctx.info.workflowExecution;
    if (!exec) return;
    const traceId = traceIdForWorkflow(exec.workflowId);
    const endTime = new Date().toISOString();
    const { recorder, environment } = this.hooks;
    const trace = (extra: { output?: unknown; endTime?: string }) =>
      recorder.recordTrace(runTrace({
        workflowId: exec.workflowId, runId: exec.runId, tenantId: input.tenantId, name: `ingest ${input.collection}`,
        environment, tags: ['ingest'], startTime, metadata: { kind: 'ingest', collection: input.collection }, ...extra,
      }));
    if (activity === 'ingestPlan') trace({});
    recorder.recordObservation(
      {
        id: observationId(traceId, span), traceId, parentId: rootObservationId(traceId), type: 'span', name: span,
        startTime, endTime, input: { collection: input.collection, batchIndex: input.batchIndex }, output: summarize(result),
      },
      { tenantId: input.tenantId },
    );
    if (activity === 'ingestDeleteStale') trace({ output: summarize(result), endTime });
  }
}

/** Counts and references only: document text never goes into a trace from here. */
function summarize(result: unknown): unknown {
  if (!result || typeof result !== 'object') return result;
  const r = result as Record<string, unknown>;
  const keep = ['counts', 'deleted', 'total', 'batches', 'deletions', 'failuresOmitted', 'chunks'];
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(r).filter(([k]) => keep.includes(k)));
  if (Array.isArray(r.failures)) out.failures = r.failures.length;
  return out;
}
