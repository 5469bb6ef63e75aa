// Maps the local trace shape onto the span attributes Langfuse's OTel ingestion reads
// (langfuse.observation.*, langfuse.trace.*, user.id, session.id). Only langfuse.* usage keys
// are set: adding gen_ai.usage.* too risks Langfuse counting tokens twice.
// Values arrive here already masked.
import { LangfuseOtelSpanAttributes as A, createObservationAttributes, createTraceAttributes } from '@langfuse/tracing';
import type { Attributes } from '@opentelemetry/api';
import type { Observation, Trace } from './types';

/** Trace fields Langfuse has no column for travel as string trace metadata. */
export const KEEL_TRACE_METADATA_KEYS = ['workflowId', 'runId', 'tenantId', 'agentName', 'agentVersion', 'replayOf', 'endTime'] as const;

/** Langfuse's canonical usage keys (cache reads/writes are normalised to these). */
export function usageDetails(usage: NonNullable<Observation['usage']>): Record<string, number> {
  const details: Record<string, number> = { input: usage.input, output: usage.output, total: usage.total };
  if (usage.cacheRead !== undefined) details.input_cached_tokens = usage.cacheRead;
  if (usage.cacheWrite !== undefined) details.input_cache_creation = usage.cacheWrite;
  return details;
}

/** Attributes every span of a trace carries, so Langfuse can attribute any span to the trace. */
export function traceLevelAttributes(trace: Trace): Attributes {
  const attrs: Attributes = {
    [A.TRACE_NAME]: trace.name,
    [A.ENVIRONMENT]: trace.environment,
  };
  if (trace.userId) attrs[A.TRACE_USER_ID] = trace.userId;
  if (trace.sessionId) attrs[A.TRACE_SESSION_ID] = trace.sessionId;
  if (trace.agentVersion) attrs[A.VERSION] = trace.agentVersion;
  if (trace.tags.length > 0) attrs[A.TRACE_TAGS] = trace.tags;
  for (const key of KEEL_TRACE_METADATA_KEYS) {
    const value = trace[key];
    if (typeof value === 'string' && value !== '') attrs[`${A.TRACE_METADATA}.${key}`] = value;
  }
  return attrs;
}

/** Attributes of one observation span; `trace` is known for the root and cached traces. */
export function observationAttributes(obs: Observation, trace: Trace | undefined, isRoot: boolean): Attributes {
  const completionStartTime =
    obs.timeToFirstTokenMs !== undefined ? new Date(Date.parse(obs.startTime) + obs.timeToFirstTokenMs) : undefined;
  const attrs: Attributes = {
    ...(trace ? traceLevelAttributes(trace) : {}),
    ...createObservationAttributes(obs.type, {
      input: obs.input,
      output: obs.output,
      level: obs.level,
      statusMessage: obs.statusMessage,
      metadata: obs.metadata,
      model: obs.model,
      modelParameters: obs.modelParameters as Record<string, string | number> | undefined,
      usageDetails: obs.usage ? usageDetails(obs.usage) : undefined,
      costDetails: obs.costUsd !== undefined ? { total: obs.costUsd } : undefined,
      completionStartTime,
    }),
  };
  if (isRoot && trace) Object.assign(attrs, createTraceAttributes({ input: trace.input, output: trace.output }));
  return attrs;
}
