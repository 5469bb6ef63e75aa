// Every ingestion job is one trace (id from its workflow id): the plan, each batch with its
// counts, and the deletion of stale documents are span observations. Recording never changes an
// activity's result or fails it.
import { Context } from '@temporalio/activity';
import type { TraceRecorder } from './recorder';
import { runTrace } from './observations';
import { observationId, rootObservationId, traceIdForWorkflow } from './ids';

type AnyActivity = (input: any) => Promise<any>;
interface JobInput { tenantId: string; collection: string; batchIndex?: number }

export interface IngestTracingHooks {
  recorder: TraceRecorder;
  environment?: string;
}

function execution(): { workflowId: string; runId: string } | undefined {
  try {
    const e = Context.current().info.workflowExecution;
    return e ? { workflowId: e.workflowId, runId: e.runId } : undefined;
  } catch {
    return undefined;
  }
}

export function withIngestTracing<A extends Record<string, AnyActivity>>(activities: A, hooks: IngestTracingHooks): A {
  const wrapped: Record<string, AnyActivity> = { ...activities };
  const spans: Record<string, (input: JobInput) => string> = {
    ingestPlan: () => 'plan',
    ingestBatch: (input) => `batch ${input.batchIndex ?? 0}`,
    ingestDeleteStale: () => 'delete stale documents',
  };
  for (const [name, spanName] of Object.entries(spans)) {
    const original = activities[name];
    if (!original) continue;
    wrapped[name] = async (input: JobInput) => {
      const startTime = new Date().toISOString();
      const result = await original(input);
      try {
        record(name, spanName(input), input, result, startTime);
      } catch {
        // Tracing never fails the job; the recorder counts its own errors.
      }
      return result;
    };
  }
  return wrapped as A;

  function record(activity: string, span: string, input: JobInput, result: unknown, startTime: string) {
    const exec = execution();
    if (!exec) return;
    const traceId = traceIdForWorkflow(exec.workflowId);
    const endTime = new Date().toISOString();
    const { recorder } = hooks;
    const trace = (extra: { output?: unknown; endTime?: string }) =>
      recorder.recordTrace(runTrace({
        workflowId: exec.workflowId, runId: exec.runId, tenantId: input.tenantId, name: `ingest ${input.collection}`,
        environment: hooks.environment, tags: ['ingest'], startTime, metadata: { kind: 'ingest', collection: input.collection }, ...extra,
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
