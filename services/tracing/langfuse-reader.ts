// Reads a trace back from Langfuse's public API (`GET /api/public/traces/:id` through
// @langfuse/client) and maps it onto the local shape, undoing what otel-attributes.ts wrote.
import { LangfuseClient } from '@langfuse/client';
import type { LangfuseConfig } from './config';
import { KEEL_TRACE_METADATA_KEYS } from './otel-attributes';
import {
  ObservationLevelSchema,
  ObservationSchema,
  TraceSchema,
  rootObservationId,
  type Observation,
  type ObservationType,
  type TraceWithObservations,
  type Usage,
} from './types';

type LangfuseTrace = Awaited<ReturnType<LangfuseClient['api']['trace']['get']>>;
type LangfuseObservation = LangfuseTrace['observations'][number];

/** Keys Langfuse's OTel ingestion adds to observation metadata; not part of what we recorded. */
const INGESTION_METADATA_KEYS = new Set(['resourceAttributes', 'scope']);

export async function readLangfuseTrace(traceId: string, config: LangfuseConfig): Promise<TraceWithObservations | null> {
  const client = new LangfuseClient({
    publicKey: config.publicKey,
    secretKey: config.secretKey,
    baseUrl: config.baseUrl,
    timeout: config.timeoutSeconds,
  });
  try {
    const trace = await client.api.trace.get(traceId);
    return fromLangfuseTrace(trace);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

const TYPE_MAP: Record<string, ObservationType> = {
  AGENT: 'agent',
  GENERATION: 'generation',
  EMBEDDING: 'generation',
  TOOL: 'tool',
  RETRIEVER: 'retriever',
  EVENT: 'event',
};

export function fromLangfuseTrace(t: LangfuseTrace): TraceWithObservations {
  const md = asRecord(t.metadata);
  const rootId = rootObservationId(t.id);
  const observations = (t.observations ?? []).map((o) => fromLangfuseObservation(o, t.id));
  observations.sort((a, b) => a.startTime.localeCompare(b.startTime));
  const root = observations.find((o) => o.id === rootId);
  const str = (key: (typeof KEEL_TRACE_METADATA_KEYS)[number]) => (typeof md[key] === 'string' ? (md[key] as string) : undefined);
  const trace = TraceSchema.parse({
    id: t.id,
    name: t.name ?? root?.name ?? 'trace',
    workflowId: str('workflowId'),
    runId: str('runId'),
    tenantId: str('tenantId'),
    userId: t.userId ?? undefined,
    sessionId: t.sessionId ?? undefined,
    agentName: str('agentName'),
    agentVersion: t.version ?? str('agentVersion'),
    environment: t.environment || 'default',
    tags: t.tags ?? [],
    input: decodeIo(t.input),
    output: decodeIo(t.output),
    replayOf: str('replayOf'),
    startTime: root?.startTime ?? iso(t.timestamp),
    endTime: str('endTime') ?? root?.endTime,
    metadata: root?.metadata ?? {},
    level: root && root.level !== 'DEFAULT' ? root.level : undefined,
    statusMessage: root?.statusMessage,
  });
  return { trace, observations };
}

function fromLangfuseObservation(o: LangfuseObservation, traceId: string): Observation {
  const startTime = iso(o.startTime);
  const completion = o.completionStartTime ? Date.parse(iso(o.completionStartTime)) : undefined;
  const metadata = Object.fromEntries(Object.entries(asRecord(o.metadata)).filter(([k]) => !INGESTION_METADATA_KEYS.has(k)));
  return ObservationSchema.parse({
    id: o.id,
    traceId: o.traceId ?? traceId,
    parentId: o.parentObservationId ?? undefined,
    type: TYPE_MAP[String(o.type).toUpperCase()] ?? 'span',
    name: o.name ?? String(o.type).toLowerCase(),
    startTime,
    endTime: o.endTime ? iso(o.endTime) : undefined,
    input: decodeIo(o.input),
    output: decodeIo(o.output),
    level: ObservationLevelSchema.catch('DEFAULT').parse(o.level),
    statusMessage: o.statusMessage ?? undefined,
    metadata,
    model: o.model ?? undefined,
    modelParameters: isEmpty(o.modelParameters) ? undefined : o.modelParameters,
    usage: usageFrom(o.usageDetails),
    costUsd: o.costDetails?.total ?? o.calculatedTotalCost ?? undefined,
    timeToFirstTokenMs: completion !== undefined ? Math.max(0, completion - Date.parse(startTime)) : undefined,
  });
}

function usageFrom(details: Record<string, number> | undefined): Usage | undefined {
  if (!details || Object.keys(details).length === 0) return undefined;
  const input = details.input ?? 0;
  const output = details.output ?? 0;
  const usage: Usage = { input, output, total: details.total ?? input + output };
  if (details.input_cached_tokens !== undefined) usage.cacheRead = details.input_cached_tokens;
  if (details.input_cache_creation !== undefined) usage.cacheWrite = details.input_cache_creation;
  return usage;
}

/** Langfuse returns JSON input/output parsed, but older servers hand back the raw string. */
function decodeIo(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  const decoded = decodeIo(value);
  return decoded && typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : {};
}

function isEmpty(value: unknown): boolean {
  return value == null || (typeof value === 'object' && Object.keys(value as object).length === 0);
}

function iso(value: string | Date): string {
  return new Date(value).toISOString();
}
