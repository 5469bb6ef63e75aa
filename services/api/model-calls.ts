// What the model-call routes share (the OpenAI gateway, the Anthropic Messages API): route options
// from headers, router failures as API errors, and the one SSE writer a pushed chat stream goes
// through. Each wire format brings its own `ChatStreamEncoder`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  errorKindPolicy, pushFromIterable, toRouterErrorInfo,
  type ChatRequest, type ChatResponse, type ChatStreamControl, type ChatStreamEvent, type ChatStreamSink, type ModelRouter, type RouteOptions, type RouterErrorInfo, type ServedBy, type StopReason, type TokenLogprob, type ToolCall,
} from '../router';
import type { RouterConfig } from '../router/config';
import type { UsageRecorder } from '../usage';
import { ApiError } from './errors';
import { SseWriter } from './sse';

/** Every route's request body limit, unless it sets its own. */
export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;
/** The most a model call may carry, whatever the media limits allow. */
export const MAX_MODEL_CALL_BODY = 32 * 1024 * 1024;

/**
 * The body limit of the model-call routes: the most media parts the router takes, each at its
 * limit as base64, plus the ordinary limit for the text around them, capped at 32 MiB — so a
 * request within the media limits reaches the router's checks instead of a 413 from the parser.
 */
export function modelCallBodyLimit(media: RouterConfig['media'] | undefined): number {
  if (!media) return DEFAULT_BODY_LIMIT;
  const base64 = (bytes: number) => Math.ceil(bytes / 3) * 4;
  const parts = base64(Math.max(media.maxImageBytes, media.maxDocumentBytes)) * media.maxPartsPerRequest;
  return Math.min(MAX_MODEL_CALL_BODY, DEFAULT_BODY_LIMIT + parts);
}

/**
 * Model calls are the API's hottest path: no per-request access lines (the router's Prometheus
 * metrics count them); server errors (5xx) still log.
 */
export const HOT_PATH_LOG_LEVEL = 'warn';

/**
 * Records a gateway call's usage (no agent or workflow) under its response id. A failed write is
 * logged, not thrown: the client has its answer, and the router already charged the tenant's limits.
 */
export function recordGatewayUsage(usage: UsageRecorder | undefined, request: FastifyRequest, responseId: string, response: ChatResponse): Promise<void> {
  if (!usage) return Promise.resolve();
  return usage.record({ id: `gateway:${responseId}`, tenantId: request.tenant.id, source: 'gateway', outcome: response })
    .then(() => undefined, (err) => request.log.warn({ err }, 'could not record model usage'));
}

/** A classified router failure as the HTTP error the API speaks (never a 500). */
export function routerErrorToApi(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const info = toRouterErrorInfo(err);
  const headers: Record<string, string> = info.retryAfterS !== undefined ? { 'retry-after': String(Math.ceil(info.retryAfterS)) } : {};
  const { httpStatus, apiCode } = errorKindPolicy(info.kind);
  const details: Record<string, unknown> = { kind: info.kind, retryable: info.retryable, deployment: info.deployment };
  if (info.param !== undefined) details.param = info.param;
  return new ApiError(httpStatus, apiCode ?? info.kind, info.message, details, headers);
}

/** Tenant, X-Priority (interactive | batch), X-Trace-Id and X-Mid-Stream-Continuation (off opts out). */
export function routeOptions(request: FastifyRequest, signal?: AbortSignal): RouteOptions {
  const p = request.headers['x-priority'];
  if (p !== undefined && p !== 'interactive' && p !== 'batch')
    throw new ApiError(400, 'invalid_request', "X-Priority must be 'interactive' or 'batch'");
  const trace = request.headers['x-trace-id'];
  const options: RouteOptions = { tenantId: request.tenant.id, priority: p ?? 'interactive', traceId: typeof trace === 'string' ? trace : undefined, signal };
  // X-Mid-Stream-Continuation: off — end with an error event instead of continuing elsewhere.
  const cont = request.headers['x-mid-stream-continuation'];
  if (cont === 'off' || cont === 'false') options.midStreamContinuation = false;
  return options;
}

/** Echoes X-Trace-Id on every answer of the routes registered beside it. */
export async function echoTraceId(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const trace = request.headers['x-trace-id'];
  if (typeof trace === 'string') reply.header('x-trace-id', trace);
}

export function abortOnClose(reply: FastifyReply): AbortController {
  const c = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) c.abort();
  });
  return c;
}

/** One wire format's SSE text for the events of a chat stream (stateful per stream if it needs to be). */
export interface ChatStreamEncoder {
  start(servedBy: ServedBy): string;
  /** One answer (choice `index`) begins; formats without several answers ignore the index. */
  choiceStart(index: number): string;
  text(text: string, index: number, logprobs?: TokenLogprob[]): string;
  /** One answer ends, with its tool calls (the router sends them whole, so a restarted stream never repeats one). */
  choiceEnd(index: number, stopReason: StopReason, toolCalls: ToolCall[]): string;
  /** Everything after the last answer, the stream's terminator included. */
  end(response: ChatResponse): string;
  /** The failure after the stream opened, as the format's error event. */
  error(err: ApiError, info: RouterErrorInfo): string;
}

/** A routed call's answer: router failures as API errors, the serving deployment in X-Keel-Deployment. */
export async function routed<T extends { servedBy: ServedBy }>(reply: FastifyReply, call: Promise<T>): Promise<T> {
  const res = await call.catch((e) => {
    throw routerErrorToApi(e);
  });
  reply.header('x-keel-deployment', res.servedBy.deployment);
  return res;
}

/**
 * Streams a chat as SSE. Events are pushed by the router as upstream chunks arrive and written
 * in the same tick (one write per upstream read). Nothing is sent until the first event, so
 * failures before output are plain HTTP errors (the promise rejects); later ones end the stream
 * with the encoder's error event.
 */
export function streamChat(
  router: ModelRouter, reply: FastifyReply, canonical: ChatRequest, options: RouteOptions, encoder: ChatStreamEncoder, onEnd?: (response: ChatResponse) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sse = new SseChatResponse(reply, encoder, options.traceId, resolve, reject, onEnd);
    sse.control = router.chatStreamTo ? router.chatStreamTo(canonical, options, sse) : pushFromIterable(router, canonical, options, sse);
    if (sse.closedEarly) sse.control.cancel();
  });
}

/** The chat stream's sink: SSE lines out to the client, the client's pace and departure back (one object per stream). */
class SseChatResponse implements ChatStreamSink {
  control?: ChatStreamControl;
  closedEarly = false;
  private pending = '';
  private readonly sse: SseWriter;
  private heldToolCalls: Array<{ index: number; toolCall: ToolCall }> = [];

  constructor(reply: FastifyReply, private readonly encoder: ChatStreamEncoder, private readonly traceId: string | undefined,
    private readonly resolve: () => void, private readonly reject: (e: unknown) => void, private readonly onEnd?: (response: ChatResponse) => void) {
    this.sse = new SseWriter(reply);
    this.sse.onClientGone(this.onClose);
  }

  /** The client went away before the end: cancel upstream (the deployment is not blamed). */
  private readonly onClose = () => {
    if (this.rejected) return;
    if (this.control) this.control.cancel();
    else this.closedEarly = true;
  };

  private rejected = false;
  private readonly onDrain = () => this.control?.resume();

  event(ev: ChatStreamEvent): void {
    if (!this.sse.isOpen) {
      if (ev.type === 'error') {
        this.rejected = true;
        return this.reject(routerErrorToApi(ev.error));
      }
      this.open(ev.type === 'start' ? ev.servedBy.deployment : undefined);
    }
    switch (ev.type) {
      case 'start':
        this.pending += this.encoder.start(ev.servedBy);
        return;
      case 'choice_start':
        this.pending += this.encoder.choiceStart(ev.index);
        return;
      case 'delta':
        this.pending += this.encoder.text(ev.text, ev.index ?? 0, ev.logprobs);
        return;
      case 'tool_call':
        this.heldToolCalls.push({ index: ev.index ?? 0, toolCall: ev.toolCall });
        return;
      case 'choice_end': {
        const calls = this.heldToolCalls.filter((c) => c.index === ev.index).map((c) => c.toolCall);
        this.heldToolCalls = this.heldToolCalls.filter((c) => c.index !== ev.index);
        this.pending += this.encoder.choiceEnd(ev.index, ev.stopReason, calls);
        return;
      }
      case 'end':
        this.onEnd?.(ev.response);
        return this.finish(this.encoder.end(ev.response));
      case 'error':
        return this.finish(this.encoder.error(routerErrorToApi(ev.error), ev.error));
    }
  }

  flush(): void {
    if (!this.pending) return;
    const s = this.pending;
    this.pending = '';
    // The client reads slower than the model writes: stop reading upstream until it drains.
    if (!this.sse.write(s) && this.control && !this.sse.clientGone) {
      this.control.pause();
      this.sse.onDrain(this.onDrain);
    }
  }

  private open(deployment: string | undefined): void {
    const headers: Record<string, string> = {};
    if (deployment) headers['x-keel-deployment'] = deployment;
    if (this.traceId !== undefined) headers['x-trace-id'] = this.traceId;
    this.sse.open(headers);
    this.resolve();
  }

  private finish(last: string): void {
    const s = this.pending + last;
    this.pending = '';
    this.sse.end(s);
  }
}
