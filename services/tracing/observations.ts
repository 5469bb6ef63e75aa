// Builders for the records activities send to the TraceRecorder: the run's trace and one
// observation per model call, tool call and retrieval, with ids derived from the workflow id
// and the step, so a retried activity records the same ids. Pure: no Node built-ins.
import { observationId, rootObservationId, traceIdForWorkflow } from './ids';
import type { ObservationInput, ObservationLevel, TraceInput } from './types';

export interface RunTraceParams {
  workflowId: string;
  runId: string;
  tenantId: string;
  /** Trace name; defaults to the agent name. */
  name?: string;
  agentName?: string;
  agentVersion?: string | number;
  userId?: string;
  sessionId?: string;
  environment?: string;
  tags?: string[];
  input?: unknown;
  output?: unknown;
  replayOf?: string;
  startTime: string;
  endTime?: string;
  metadata?: Record<string, unknown>;
  level?: ObservationLevel;
  statusMessage?: string;
}

export function runTrace(p: RunTraceParams): TraceInput {
  return {
    id: traceIdForWorkflow(p.workflowId),
    name: p.name ?? p.agentName ?? p.workflowId,
    workflowId: p.workflowId,
    runId: p.runId,
    tenantId: p.tenantId,
    userId: p.userId,
    sessionId: p.sessionId,
    agentName: p.agentName,
    agentVersion: p.agentVersion === undefined ? undefined : String(p.agentVersion),
    environment: p.environment,
    tags: p.tags ?? [],
    input: p.input,
    output: p.output,
    replayOf: p.replayOf,
    startTime: p.startTime,
    endTime: p.endTime,
    metadata: p.metadata ?? {},
    level: p.level,
    statusMessage: p.statusMessage,
  };
}

/** Structural subset of the router's ChatRequest / ChatResponse (kept here to stay pure). */
export interface GenerationRequestLike {
  model: string;
  messages: unknown[];
  tools?: Array<{ name: string }>;
  generation?: Record<string, unknown>;
}
export interface GenerationResponseLike {
  content: string;
  toolCalls: unknown[];
  stopReason: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
  servedBy: { logicalModel: string; deployment: string; provider: string; providerModel: string };
  costUsd: number;
  latencyMs?: number;
  timeToFirstTokenMs?: number;
  failovers: Array<{ deployment: string; error: string }>;
}

export interface GenerationParams {
  workflowId: string;
  /** Model step index within the run (the journal's step index). */
  step: number;
  request: GenerationRequestLike;
  response?: GenerationResponseLike;
  /** Set when the call failed; the observation is recorded at level ERROR. */
  error?: string;
  startTime: string;
  endTime: string;
}

export function generationObservation(p: GenerationParams): ObservationInput {
  const traceId = traceIdForWorkflow(p.workflowId);
  const r = p.response;
  const parameters = Object.fromEntries(
    Object.entries(p.request.generation ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'),
  ) as Record<string, string | number | boolean>;
  return {
    id: observationId(traceId, `model:${p.step}`),
    traceId,
    parentId: rootObservationId(traceId),
    type: 'generation',
    name: `model:${p.request.model}`,
    startTime: p.startTime,
    endTime: p.endTime,
    input: { messages: p.request.messages, tools: p.request.tools?.map((t) => t.name) },
    output: r ? { content: r.content, toolCalls: r.toolCalls, stopReason: r.stopReason } : undefined,
    ...levelOf(p.error),
    model: r?.servedBy.providerModel,
    modelParameters: Object.keys(parameters).length > 0 ? parameters : undefined,
    usage: r
      ? {
          input: r.usage.inputTokens,
          output: r.usage.outputTokens,
          total: r.usage.totalTokens,
          cacheRead: r.usage.cacheReadInputTokens,
          cacheWrite: r.usage.cacheWriteInputTokens,
        }
      : undefined,
    costUsd: r?.costUsd,
    timeToFirstTokenMs: r?.timeToFirstTokenMs,
    metadata: {
      step: p.step,
      logicalModel: p.request.model,
      ...(r
        ? { deployment: r.servedBy.deployment, provider: r.servedBy.provider, latencyMs: r.latencyMs, failovers: r.failovers }
        : {}),
    },
  };
}

export interface ToolParams {
  workflowId: string;
  step: number;
  callIndex: number;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  result?: { content: string; isError: boolean; structuredContent?: unknown };
  error?: string;
  /** approved / rejected / not_required, and who decided. */
  approval?: { decision: string; by?: string; reason?: string };
  destructive?: boolean;
  startTime: string;
  endTime: string;
}

export function toolObservation(p: ToolParams): ObservationInput {
  const traceId = traceIdForWorkflow(p.workflowId);
  return {
    id: observationId(traceId, `tool:${p.step}:${p.callIndex}`),
    traceId,
    parentId: rootObservationId(traceId),
    type: 'tool',
    name: `${p.server}/${p.tool}`,
    startTime: p.startTime,
    endTime: p.endTime,
    input: p.arguments,
    output: p.result,
    ...levelOf(p.error ?? (p.result?.isError ? p.result.content.slice(0, 500) : undefined), p.result?.isError ? 'WARNING' : 'ERROR'),
    metadata: {
      step: p.step,
      callIndex: p.callIndex,
      server: p.server,
      tool: p.tool,
      durationMs: Date.parse(p.endTime) - Date.parse(p.startTime),
      ...(p.approval ? { approval: p.approval } : {}),
      ...(p.destructive !== undefined ? { destructive: p.destructive } : {}),
    },
  };
}

export interface RetrievalParams {
  workflowId: string;
  /** Unique within the run, e.g. `retrieval:3` or `rerank:3`. */
  key: string;
  query: string;
  collection: string;
  results: Array<{ id: string; score: number; text?: string; [k: string]: unknown }>;
  /** `rerank` records a rerank step as its own retriever observation. */
  kind?: 'search' | 'rerank';
  model?: string;
  error?: string;
  startTime: string;
  endTime: string;
}

export function retrieverObservation(p: RetrievalParams): ObservationInput {
  const traceId = traceIdForWorkflow(p.workflowId);
  return {
    id: observationId(traceId, p.key),
    traceId,
    parentId: rootObservationId(traceId),
    type: 'retriever',
    name: `${p.kind ?? 'search'}:${p.collection}`,
    startTime: p.startTime,
    endTime: p.endTime,
    input: { query: p.query, collection: p.collection },
    output: p.results,
    ...levelOf(p.error),
    model: p.model,
    metadata: { collection: p.collection, kind: p.kind ?? 'search', resultCount: p.results.length },
  };
}

function levelOf(message: string | undefined, level: ObservationLevel = 'ERROR'): { level: ObservationLevel; statusMessage?: string } {
  return message === undefined ? { level: 'DEFAULT' } : { level, statusMessage: message };
}

export interface ChildAgentCallParams {
  /** The parent run's workflow, and where in it the child agent was called. */
  parent: { workflowId: string; step: number; callIndex: number };
  childWorkflowId: string;
  childRunId: string;
  agentName: string;
  input?: unknown;
  output?: unknown;
  startTime: string;
  endTime?: string;
  level?: ObservationLevel;
  statusMessage?: string;
}

/** Where a child agent's trace hangs in its parent's: the parent trace, and the call's observation in it. */
export function parentTraceLink(parent: ChildAgentCallParams['parent']) {
  const traceId = traceIdForWorkflow(parent.workflowId);
  return { traceId, observationId: observationId(traceId, `agent:${parent.step}:${parent.callIndex}`) };
}

/** The parent's side of a child agent call: an agent observation in the parent's trace pointing at the child's trace. */
export function childAgentCallObservation(p: ChildAgentCallParams): ObservationInput {
  const link = parentTraceLink(p.parent);
  return {
    id: link.observationId,
    traceId: link.traceId,
    parentId: rootObservationId(link.traceId),
    type: 'agent',
    name: `agent:${p.agentName}`,
    startTime: p.startTime,
    endTime: p.endTime,
    input: p.input,
    output: p.output,
    ...(p.level ? { level: p.level } : {}),
    ...(p.statusMessage ? { statusMessage: p.statusMessage } : {}),
    metadata: {
      step: p.parent.step,
      callIndex: p.parent.callIndex,
      childRunId: p.childRunId,
      childTraceId: traceIdForWorkflow(p.childWorkflowId),
    },
  };
}
