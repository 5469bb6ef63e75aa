// Reads what a recorded trace says a run's model and tool calls returned. Pure: the activities
// use these to serve a replay's results, the tests use them on hand-made traces.
import { isDeepStrictEqual } from 'node:util';
import { observationId, type Observation, type TraceWithObservations } from '../tracing/types';
import { ChatResponseSchema, type ChatResponse } from '../router/types';

export class ReplayTraceIncomplete extends Error {}

function byId(trace: TraceWithObservations, key: string): Observation | undefined {
  const id = observationId(trace.trace.id, key);
  return trace.observations.find((o) => o.id === id);
}

const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

/** The model answer recorded for `model:<step>`; throws when the trace has none (or only a failure). */
export function recordedModelResponse(trace: TraceWithObservations, step: number): ChatResponse {
  const obs = byId(trace, `model:${step}`);
  if (!obs) throw new ReplayTraceIncomplete(`the trace has no model call for step ${step}`);
  const output = obs.output as { content?: unknown; toolCalls?: unknown; stopReason?: unknown } | undefined;
  if (!output) throw new ReplayTraceIncomplete(`the model call of step ${step} failed in the original run: ${obs.statusMessage ?? 'no answer recorded'}`);
  const meta = obs.metadata;
  const usage = obs.usage ?? { input: 0, output: 0, total: 0 };
  return ChatResponseSchema.parse({
    content: str(output.content),
    toolCalls: Array.isArray(output.toolCalls) ? output.toolCalls : [],
    stopReason: str(output.stopReason, 'end_turn'),
    usage: {
      inputTokens: usage.input,
      outputTokens: usage.output,
      totalTokens: usage.total,
      ...(usage.cacheRead !== undefined ? { cacheReadInputTokens: usage.cacheRead } : {}),
      ...(usage.cacheWrite !== undefined ? { cacheWriteInputTokens: usage.cacheWrite } : {}),
    },
    servedBy: {
      logicalModel: str(meta.logicalModel),
      deployment: str(meta.deployment),
      provider: str(meta.provider),
      providerModel: str(obs.model),
    },
    costUsd: num(obs.costUsd),
    latencyMs: num(meta.latencyMs),
    ...(obs.timeToFirstTokenMs !== undefined ? { timeToFirstTokenMs: obs.timeToFirstTokenMs } : {}),
    failovers: Array.isArray(meta.failovers) ? meta.failovers : [],
  });
}

export interface RecordedToolOutcome {
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** What the tool answered; absent when the call failed below the tool (then `error`). */
  result?: { content: string; isError: boolean; structuredContent?: unknown };
  error?: string;
}

function toolOutcome(obs: Observation): RecordedToolOutcome {
  const out = obs.output as { content?: unknown; isError?: unknown; structuredContent?: unknown } | undefined;
  return {
    server: str(obs.metadata.server),
    tool: str(obs.metadata.tool),
    arguments: (obs.input ?? {}) as Record<string, unknown>,
    result: out
      ? { content: str(out.content), isError: out.isError === true, ...(out.structuredContent !== undefined ? { structuredContent: out.structuredContent } : {}) }
      : undefined,
    error: out ? undefined : (obs.statusMessage ?? 'the tool call failed'),
  };
}

/** The tool call recorded as `tool:<step>:<callIndex>`, if any. */
export function recordedToolCall(trace: TraceWithObservations, step: number, callIndex: number): RecordedToolOutcome | undefined {
  const obs = byId(trace, `tool:${step}:${callIndex}`);
  return obs && obs.type === 'tool' ? toolOutcome(obs) : undefined;
}

/** The first recorded call of the same tool with equal arguments that got an answer. */
export function matchRecordedToolCall(
  trace: TraceWithObservations,
  call: { server: string; tool: string; arguments: Record<string, unknown> },
): RecordedToolOutcome | undefined {
  for (const obs of trace.observations) {
    if (obs.type !== 'tool') continue;
    const o = toolOutcome(obs);
    if (o.result && o.server === call.server && o.tool === call.tool && isDeepStrictEqual(o.arguments, call.arguments)) return o;
  }
  return undefined;
}
