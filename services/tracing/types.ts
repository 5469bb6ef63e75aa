// The local trace shape: one trace per run, observations in Langfuse's model (agent /
// generation / tool / retriever / span / event). Pure zod + pure ids: safe to import from
// workflows. Both sinks (Langfuse export, local store) and both readers use this shape.
import { z } from 'zod';
import { OBSERVATION_ID_PATTERN, TRACE_ID_PATTERN, rootObservationId } from './ids';

export { observationId, rootObservationId, traceIdForWorkflow, TRACE_ID_PATTERN, OBSERVATION_ID_PATTERN } from './ids';

export const TraceIdSchema = z.string().regex(TRACE_ID_PATTERN, 'trace id must be 32 lowercase hex chars');
export const ObservationIdSchema = z.string().regex(OBSERVATION_ID_PATTERN, 'observation id must be 16 lowercase hex chars');

/** ISO-8601 timestamp with milliseconds (what `new Date().toISOString()` gives). */
const Timestamp = z.iso.datetime({ offset: true });
const JsonRecord = z.record(z.string(), z.unknown());

export const TraceSchema = z.object({
  id: TraceIdSchema,
  name: z.string().min(1),
  workflowId: z.string().min(1),
  runId: z.string().min(1),
  tenantId: z.string().min(1),
  userId: z.string().optional(),
  /** Conversation id. */
  sessionId: z.string().optional(),
  agentName: z.string().optional(),
  agentVersion: z.string().optional(),
  environment: z.string().min(1).default('default'),
  tags: z.array(z.string()).default([]),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  /** Trace id of the run this one replays. */
  replayOf: TraceIdSchema.optional(),
  startTime: Timestamp,
  endTime: Timestamp.optional(),
  metadata: JsonRecord.default({}),
  /** How the run ended, shown on the root observation: ERROR for failed, WARNING for cut short. */
  level: z.enum(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']).optional(),
  statusMessage: z.string().optional(),
});
export type Trace = z.infer<typeof TraceSchema>;
export type TraceInput = z.input<typeof TraceSchema>;

export const ObservationTypeSchema = z.enum(['agent', 'generation', 'tool', 'retriever', 'span', 'event']);
export type ObservationType = z.infer<typeof ObservationTypeSchema>;

/** Langfuse's observation levels. */
export const ObservationLevelSchema = z.enum(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']);
export type ObservationLevel = z.infer<typeof ObservationLevelSchema>;

export const UsageSchema = z.object({
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative().optional(),
  cacheWrite: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ObservationSchema = z.object({
  id: ObservationIdSchema,
  traceId: TraceIdSchema,
  /** Defaults to the trace's root (agent) observation when omitted on a non-root observation. */
  parentId: ObservationIdSchema.optional(),
  type: ObservationTypeSchema,
  name: z.string().min(1),
  startTime: Timestamp,
  endTime: Timestamp.optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  level: ObservationLevelSchema.default('DEFAULT'),
  statusMessage: z.string().optional(),
  /**
   * Free-form details by type. generation: logicalModel, deployment, provider, failovers;
   * tool: server, tool, approval, durationMs; retriever: collection, topK, rerank.
   */
  metadata: JsonRecord.default({}),
  /** Provider model id (generation). */
  model: z.string().optional(),
  modelParameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  usage: UsageSchema.optional(),
  costUsd: z.number().nonnegative().optional(),
  timeToFirstTokenMs: z.number().nonnegative().optional(),
});
export type Observation = z.infer<typeof ObservationSchema>;
export type ObservationInput = z.input<typeof ObservationSchema>;

export interface TraceWithObservations {
  trace: Trace;
  /** Ordered by start time; includes the root agent observation. */
  observations: Observation[];
}

export const TraceSourceSchema = z.enum(['local', 'langfuse']);
export type TraceSource = z.infer<typeof TraceSourceSchema>;

/**
 * The run itself as an observation (type agent, id = rootObservationId(trace.id)): Langfuse
 * builds the trace tree from spans, so the trace needs a root span carrying its attributes.
 */
export function rootObservationOf(trace: Trace): Observation {
  return {
    id: rootObservationId(trace.id),
    traceId: trace.id,
    type: 'agent',
    name: trace.name,
    startTime: trace.startTime,
    endTime: trace.endTime,
    input: trace.input,
    output: trace.output,
    level: trace.level ?? 'DEFAULT',
    statusMessage: trace.statusMessage,
    metadata: trace.metadata,
  };
}
