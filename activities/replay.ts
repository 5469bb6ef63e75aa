// The original trace a replay run's activities serve recorded results from: read once per replay
// run and cached. Model calls are answered here; tool calls in ./tools.
import { ApplicationFailure } from '@temporalio/activity';
import type { ChatResponse } from '../services/router/types';
import type { TraceSource, TraceWithObservations } from '../services/tracing';
import { ReplayTraceIncomplete, recordedModelResponse, type ReplayCall } from '../services/replay';

export type ReplayTraceReader = (traceId: string, from: TraceSource) => Promise<TraceWithObservations | null>;

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

/** A trace that lacks the recorded call fails the replay for good; other errors pass through. */
export function rethrowIncomplete(err: unknown): never {
  if (err instanceof ReplayTraceIncomplete) throw ApplicationFailure.nonRetryable(err.message, 'ReplayTraceIncomplete');
  throw err;
}

/** exact mode: the model answer the original run got at this step. */
export async function replayedModelResponse(traces: ReplayTraces, runId: string, replay: ReplayCall, step: number): Promise<ChatResponse> {
  const trace = await traces(runId, replay);
  try {
    return recordedModelResponse(trace, step);
  } catch (err) {
    return rethrowIncomplete(err);
  }
}
