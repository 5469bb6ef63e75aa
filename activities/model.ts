// callModel: one model turn through the router. Failures leave as typed Temporal failures; while
// an outage lasts, retryable ones are retried by Temporal until the call's outage window passes.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { z } from 'zod';
import {
  NO_MODEL_REACHABLE, errorKindPolicy, modelFailureType, modelRetryDelayMs, outageWindowPassed, toRouterErrorInfo,
  type ChatRequest, type ChatResponse, type DeploymentFailure, type ModelRouter, type RouterErrorInfo,
} from '../services/router';
import type { Store } from '../services/store';
import { compileSchemaCheck } from '../services/json-schema';
import type { StreamBus } from '../services/bus/types';
import { withHeartbeat } from './heartbeat';
import { activityWarn } from './log';
import { recordProgress } from './runs';
import type { BlobStore } from '../services/blobs';
import { DeltaPublisher, streamChat, type CoalescingOptions } from './model-stream';
import { replayTraceCache, replayedModelResponse, type ReplayTraces } from './replay';
import { CallModelInput, type AgentActivities, type CallModelResult } from './types';
import { conversationCall } from './conversation-call';
import type { ConversationStore } from './conversation';
import type { RunCallUsage } from './usage';

const noReplays = replayTraceCache(undefined);

export type ModelCallInput = z.output<typeof CallModelInput>;
type Outage = NonNullable<ModelCallInput['outage']>;

export interface ModelActivityDeps {
  router: ModelRouter;
  /** Where a run waiting for a model says so (`waiting_for_model` and why). */
  store?: { runs: Pick<Store['runs'], 'recordModelWait' | 'recordProgress'> };
  blobs?: BlobStore;
  replayTraces?: ReplayTraces;
  /** Where a streaming call's text deltas go; without it calls are not streamed. */
  bus?: StreamBus;
  coalescing?: CoalescingOptions;
  /** Claim-checked conversations (calls with `conversation`); a worker without one refuses them. */
  conversations?: ConversationStore;
  /** Where each routed call's usage row goes (once per call, across retries). */
  usage?: RunCallUsage;
}

export function modelActivities(deps: ModelActivityDeps): Pick<AgentActivities, 'callModel'> {
  const replayTraces = deps.replayTraces ?? noReplays;
  return {
    async callModel(raw) {
      const input = CallModelInput.parse(raw);
      // The step's start is recorded while the model is asked (its time to first token overlaps the
      // write); its deltas wait for the record, so every watcher sees the start before the text.
      const recorded = input.progress && deps.store
        ? recordProgress({ store: deps.store, bus: deps.bus, blobs: deps.blobs }, { runId: input.runId, ...input.progress })
        : Promise.resolve();
      recorded.catch(() => undefined); // awaited below, after the answer or after its failure
      // Each routed call's place in this activity (a summary, then the answer): part of its usage id.
      let calls = 0;
      const answer = (request: ChatRequest) =>
        input.replay?.mode === 'exact'
          ? replayedModelResponse(replayTraces, input.runId, input.replay, input.step)
          : routed(deps, input, request, true, calls++, recorded);
      const checked = (response: ChatResponse): CallModelResult => {
        const attempt = input.outage ? { attempt: attemptInfo().attempt } : {};
        if (!input.outputSchema || response.toolCalls.length > 0) return { ...response, ...attempt };
        return { ...response, ...attempt, ...checkOutput(response.content, input.outputSchema) };
      };
      const call = async (): Promise<CallModelResult> => {
        if (input.conversation) {
          if (!deps.conversations) throw ApplicationFailure.nonRetryable('this worker has no blob store for conversations', 'ConversationsUnavailable');
          return conversationCall(deps.router, deps.conversations, input, input.conversation, {
            answer: async (request) => checked(await answer(request)),
            summarise: (request) => routed(deps, input, request, false, calls++),
          });
        }
        if (!input.request) throw ApplicationFailure.nonRetryable('a model call needs a request or a conversation', 'InvalidModelCall');
        return checked(await answer(input.request));
      };
      // A call never ends before its step's start is recorded; a failed record fails the call (and is retried).
      let result: CallModelResult;
      try {
        result = await call();
      } catch (err) {
        await recorded.catch(() => undefined);
        throw err;
      }
      await recorded;
      return result;
    },
  };
}

/**
 * `streams`: the call is the step's answer, so its text streams when the run asked (a summary's
 * does not). `callIndex`: the call's place among this activity's routed calls (its usage id).
 * `deltasAfter`: what the streamed deltas wait for (the step's start being recorded).
 */
export async function routed(
  deps: Pick<ModelActivityDeps, 'router' | 'store' | 'bus' | 'coalescing' | 'usage'>, input: ModelCallInput, request: ChatRequest, streams = false, callIndex = 0,
  deltasAfter?: Promise<unknown>,
): Promise<ChatResponse> {
  let response: ChatResponse;
  try {
    response = await withHeartbeat((signal) => {
      const options = { tenantId: input.tenantId, priority: input.priority, signal, traceId: input.runId };
      if (!streams || !deps.bus || !input.stream) return deps.router.chat(request, options);
      return streamed(deps.bus, deps, input, request, input.stream.afterEventId, options, deltasAfter);
    });
  } catch (err) {
    const info = toRouterErrorInfo(err);
    const retryLater = errorKindPolicy(info.kind).retryLater;
    // The router has already failed over and retried; Temporal tries again only kinds that can pass with time.
    if (!retryLater || !input.outage) {
      throw ApplicationFailure.create({
        type: modelFailureType(info.kind),
        message: `${info.kind}: ${info.message}`,
        nonRetryable: !retryLater,
        details: [{ kind: info.kind, deployment: info.deployment }],
      });
    }
    throw await outageFailure(deps, input, input.outage, info);
  }
  await deps.usage?.record(input, callIndex, response);
  return response;
}

async function streamed(
  bus: StreamBus, deps: Pick<ModelActivityDeps, 'router' | 'coalescing'>, input: ModelCallInput, request: ChatRequest, afterEventId: number,
  options: { tenantId: string; signal: AbortSignal }, after?: Promise<unknown>,
) {
  const deltas = new DeltaPublisher(
    { runId: input.runId, step: input.step, afterEventId, publish: (m) => bus.publish(m), onPublishError: warnPublish, after },
    deps.coalescing,
  );
  try {
    return await streamChat(deps.router, request, options, deltas, heartbeat);
  } finally {
    // Every delta is on the bus before the step's step.finished can be published.
    await deltas.close();
  }
}

function heartbeat() {
  try {
    const ctx = Context.current();
    if (!ctx.info.isLocal) ctx.heartbeat(); // throttled by the SDK
  } catch {
    // Called as a plain function (benchmarks, scripts): nothing to heartbeat to.
  }
}

const warnPublish = (err: unknown) => activityWarn('could not publish a run delta', err);

/**
 * A retryable failure during an outage: records the run as waiting (with each deployment's reason)
 * and asks Temporal for the next attempt after the backoff or the failure's Retry-After, or, once
 * that attempt would start after the window, ends the call with `no_model_reachable`.
 */
async function outageFailure(deps: Pick<ModelActivityDeps, 'store'>, input: ModelCallInput, outage: Outage, info: RouterErrorInfo): Promise<ApplicationFailure> {
  const reasons = reasonsOf(info);
  const described = reasons.map((r) => `${r.deployment}: ${r.reason}`).join('; ');
  const { attempt, firstScheduledAt } = attemptInfo();
  const delayMs = modelRetryDelayMs(attempt, outage, info.retryAfterS);
  if (outageWindowPassed(firstScheduledAt, Date.now() + delayMs, outage)) {
    return ApplicationFailure.create({
      type: NO_MODEL_REACHABLE,
      message: `no model reachable within ${outage.windowSeconds} s (${attempt} attempts): ${described}`,
      nonRetryable: true,
      details: [{ kind: info.kind, reasons }],
    });
  }
  await deps.store?.runs.recordModelWait(input.runId, outage.statusAsOfEventId, {
    since: new Date(firstScheduledAt).toISOString(),
    message: `${info.kind}: waiting for a model (attempt ${attempt}, next in ${Math.round(delayMs / 1000)} s)`,
    reasons,
  }).catch(() => undefined); // the status only informs; the retry must not depend on the store
  return ApplicationFailure.create({
    type: modelFailureType(info.kind),
    message: `${info.kind}: ${info.message}`,
    details: [{ kind: info.kind, deployment: info.deployment, reasons }],
    nextRetryDelay: delayMs,
  });
}

function reasonsOf(info: RouterErrorInfo): DeploymentFailure[] {
  if (info.reasons && info.reasons.length > 0) return info.reasons;
  return [{ deployment: info.deployment ?? 'router', reason: `${info.kind}: ${info.message}` }];
}

function attemptInfo(): { attempt: number; firstScheduledAt: number } {
  try {
    const { attempt, scheduledTimestampMs } = Context.current().info;
    return { attempt, firstScheduledAt: scheduledTimestampMs };
  } catch {
    // Called as a plain function (benchmarks, scripts): one attempt, starting now.
    return { attempt: 1, firstScheduledAt: Date.now() };
  }
}

function checkOutput(content: string, schema: Record<string, unknown>): { parsedOutput?: unknown; outputError?: string } {
  const text = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { outputError: 'the answer must be JSON matching the output schema' };
  }
  let result: ReturnType<ReturnType<typeof compileSchemaCheck>>;
  try {
    result = compileSchemaCheck(schema)(parsed);
  } catch (err) {
    // Registered before patterns were checked at registration (e.g. a lookaround RE2 refuses).
    return { outputError: `the output schema cannot be used: ${(err as Error).message}` };
  }
  return result.valid ? { parsedOutput: parsed } : { outputError: `the answer does not match the output schema: ${result.errorMessage}` };
}
