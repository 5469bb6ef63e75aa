// What an activity tells its tracing interceptor beyond its input and result: a claim-checking
// model call's whole request and answer (its input holds references, its result a preview), or
// a tool call's whole result. Keyed by the activity's context, which the interceptor also holds.
import type { GenerationRequestLike, GenerationResponseLike } from './observations';

export interface ActivityTraceDetail {
  request?: GenerationRequestLike;
  response?: GenerationResponseLike;
  toolResult?: { content: string; isError: boolean; structuredContent?: unknown };
  /** A workflow's `retrieve` step: what it searched and every result with its score (its result may be a reference). */
  retrieval?: { query: string; collection: string; results: Array<{ id: string; score: number; [k: string]: unknown }> };
}

const details = new WeakMap<object, ActivityTraceDetail>();

export function setActivityTraceDetail(activityContext: object, detail: ActivityTraceDetail): void {
  details.set(activityContext, { ...details.get(activityContext), ...detail });
}

export function activityTraceDetail(activityContext: object): ActivityTraceDetail | undefined {
  return details.get(activityContext);
}
