// What a replay run's activities serve from the original trace: the trace is read once per
// replay run and cached; `exact` answers every model and tool call from it, `model` answers the
// tool calls it can match (tool + arguments) and refuses to run unmatched destructive ones.
import { ApplicationFailure } from '@temporalio/activity';
import { isDestructive, type ToolCallResult, type ToolDescriptor } from '../services/mcp';
import type { ChatResponse } from '../services/router/types';
import type { TraceSource, TraceWithObservations } from '../services/tracing';
import {
  ReplayTraceIncomplete,
  matchRecordedToolCall,
  recordedModelResponse,
  recordedToolCall,
  type ReplayCall,
  type ReplayToolCall,
} from '../services/replay';

export type ReplayTraceReader = (traceId: string, from: TraceSource) => Promise<TraceWithObservations | null>;
export type ReplayedToolResult = ToolCallResult & { replayed: true };

const CACHED_RUNS = 32;

/** The original trace of a replay run, read once per run (a few runs at a time are cached). */
export function replayTraceCache(read: ReplayTraceReader | undefined) {
  const cache = new Map<string, Promise<TraceWithObservations>>();
  return async (runId: string, replay: ReplayCall): Promise<TraceWithObservations> => {
    if (!read) throw ApplicationFailure.nonRetryable('this worker cannot read traces, so it cannot replay', 'ReplayUnavailable');
    const key = `${runId}|${replay.from}|${replay.traceId}`;
    let trace = cache.get(key);
    if (!trace) {
      trace = read(replay.traceId, replay.from).then((found) => {
        if (!found) throw ApplicationFailure.nonRetryable(`trace ${replay.traceId} was not found in ${replay.from}`, 'ReplayTraceMissing');
        return found;
      });
      // A failed read (source down) is retried by the activity, not served from the cache.
      trace.catch(() => cache.delete(key));
      if (cache.size >= CACHED_RUNS) cache.delete(cache.keys().next().value as string);
      cache.set(key, trace);
    }
    return trace;
  };
}
export type ReplayTraces = ReturnType<typeof replayTraceCache>;

function incomplete(err: unknown): never {
  if (err instanceof ReplayTraceIncomplete) throw ApplicationFailure.nonRetryable(err.message, 'ReplayTraceIncomplete');
  throw err;
}

/** exact mode: the model answer the original run got at this step. */
export async function replayedModelResponse(traces: ReplayTraces, runId: string, replay: ReplayCall, step: number): Promise<ChatResponse> {
  const trace = await traces(runId, replay);
  try {
    return recordedModelResponse(trace, step);
  } catch (err) {
    return incomplete(err);
  }
}

export interface ReplayToolDeps {
  traces: ReplayTraces;
  /** The tools a server offers the tenant (their annotations decide what may run live). */
  listTools(tenantId: string, server: string): Promise<ToolDescriptor[]>;
}

interface ToolCallInput {
  tenantId: string;
  runId: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  replay: ReplayToolCall;
}

/** The result a replay serves for a tool call, or undefined when the call should run live. */
export async function replayedToolResult(deps: ReplayToolDeps, input: ToolCallInput): Promise<ReplayedToolResult | undefined> {
  const { replay } = input;
  if (replay.mode === 'live') return undefined;
  const trace = await deps.traces(input.runId, replay);
  const name = `${input.server}/${input.tool}`;
  if (replay.mode === 'exact') {
    const recorded = recordedToolCall(trace, replay.step, replay.callIndex);
    if (!recorded) incomplete(new ReplayTraceIncomplete(`the trace has no tool call for step ${replay.step} call ${replay.callIndex}`));
    if (recorded.server !== input.server || recorded.tool !== input.tool) {
      throw ApplicationFailure.nonRetryable(`the replay called ${name} where the original called ${recorded.server}/${recorded.tool}`, 'ReplayDiverged');
    }
    // The original call failed below the tool: the replay fails the same way.
    if (!recorded.result) throw ApplicationFailure.nonRetryable(recorded.error ?? 'the tool call failed', 'ReplayedToolFailure');
    return { ...recorded.result, replayed: true };
  }

  const matched = matchRecordedToolCall(trace, input);
  if (matched?.result) return { ...matched.result, replayed: true };
  const tools = await deps.listTools(input.tenantId, input.server);
  const tool = tools.find((t) => t.name === input.tool);
  if (!tool || isDestructive(tool)) {
    return refusal(`Not executed: ${name} is a destructive tool and the original run made no call of it with these arguments; a replay never runs destructive tools.`);
  }
  if (replay.needsApproval) {
    return refusal(`Not executed: the original run made no call of ${name} with these arguments, and this call needs approval, which a replay never asks for.`);
  }
  return undefined;
}

const refusal = (content: string): ReplayedToolResult => ({ content, isError: true, replayed: true });
