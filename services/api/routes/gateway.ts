// OpenAI-compatible gateway over the model router: POST /v1/chat/completions (JSON or SSE with a
// final usage chunk and an explicit `event: error` mid-stream), POST /v1/embeddings, GET /v1/models.
// Tenant from the auth hook; headers X-Trace-Id (echoed), X-Priority (interactive | batch) and
// X-Mid-Stream-Continuation (off to opt out of continuing a failed stream elsewhere).
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  OpenAIChatRequestSchema, OpenAIEmbeddingsRequestSchema, ChunkWriter, fromOpenAIChatRequest, toOpenAIChatResponse,
  errorKindPolicy, pushFromIterable, toRouterErrorInfo, type ChatRequest, type ChatStreamControl, type ChatStreamEvent, type ChatStreamSink, type ModelRouter, type RouteOptions,
} from '../../router';
import { ApiError } from '../errors';

/** A classified router failure as the HTTP error the API speaks (never a 500). */
export function routerErrorToApi(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const info = toRouterErrorInfo(err);
  const headers: Record<string, string> = info.retryAfterS !== undefined ? { 'retry-after': String(Math.ceil(info.retryAfterS)) } : {};
  const { httpStatus, apiCode } = errorKindPolicy(info.kind);
  return new ApiError(httpStatus, apiCode ?? info.kind, info.message, { kind: info.kind, retryable: info.retryable, deployment: info.deployment }, headers);
}

/**
 * Model calls are the API's hottest path: no per-request access lines (the router's Prometheus
 * metrics count them); server errors (5xx) still log.
 */
const HOT_PATH_LOG_LEVEL = 'warn';

function routeOptions(request: FastifyRequest, signal?: AbortSignal): RouteOptions {
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

function abortOnClose(reply: FastifyReply): AbortController {
  const c = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) c.abort();
  });
  return c;
}

/**
 * An SSE chat completion. Events are pushed by the router as upstream chunks arrive and written
 * in the same tick (one write per upstream read). Nothing is sent until the first event, so
 * failures before output are plain HTTP errors; later ones end the stream with `event: error`.
 */
function streamChatCompletion(router: ModelRouter, reply: FastifyReply, canonical: ChatRequest, options: RouteOptions, w: ChunkWriter): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sse = new SseChatResponse(reply, w, options.traceId, resolve, reject);
    sse.control = router.chatStreamTo ? router.chatStreamTo(canonical, options, sse) : pushFromIterable(router, canonical, options, sse);
    if (sse.closedEarly) sse.control.cancel();
  });
}

/** The chat stream's sink: SSE lines out to the client, the client's pace and departure back (one object per stream). */
class SseChatResponse implements ChatStreamSink {
  control?: ChatStreamControl;
  closedEarly = false;
  private pending = '';
  private opened = false;
  private readonly res: FastifyReply['raw'];

  constructor(private readonly reply: FastifyReply, private readonly w: ChunkWriter, private readonly traceId: string | undefined,
    private readonly resolve: () => void, private readonly reject: (e: unknown) => void) {
    this.res = reply.raw;
    this.res.on('close', this.onClose);
  }

  /** The client went away before the end: cancel upstream (the deployment is not blamed). */
  private readonly onClose = () => {
    if (this.res.writableFinished) return;
    if (this.control) this.control.cancel();
    else this.closedEarly = true;
  };

  private readonly onDrain = () => this.control?.resume();

  event(ev: ChatStreamEvent): void {
    if (!this.opened) {
      if (ev.type === 'error') {
        this.res.off('close', this.onClose);
        return this.reject(routerErrorToApi(ev.error));
      }
      this.open(ev.type === 'start' ? ev.servedBy.deployment : undefined);
    }
    switch (ev.type) {
      case 'start':
        this.pending += this.w.role();
        return;
      case 'delta':
        this.pending += this.w.text(ev.text);
        return;
      case 'tool_call':
        return; // sent whole with the end event, so restarted streams never repeat one
      case 'end':
        if (ev.response.toolCalls.length) this.pending += this.w.toolCalls(ev.response.toolCalls);
        this.pending += this.w.finish(ev.response.stopReason) + this.w.usage(ev.response.usage);
        return this.finish('data: [DONE]\n\n');
      case 'error': {
        const e = routerErrorToApi(ev.error);
        return this.finish(`event: error\ndata: ${JSON.stringify({ error: { code: e.code, message: e.message, type: ev.error.kind, details: e.details } })}\n\n`);
      }
    }
  }

  flush(): void {
    const res = this.res;
    if (!this.pending || res.writableEnded || res.destroyed) return;
    const s = this.pending;
    this.pending = '';
    // The client reads slower than the model writes: stop reading upstream until it drains.
    if (!res.write(s) && this.control) {
      this.control.pause();
      res.once('drain', this.onDrain);
    }
  }

  private open(deployment: string | undefined): void {
    this.opened = true;
    this.reply.hijack();
    const headers: Record<string, string> = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };
    if (deployment) headers['x-keel-deployment'] = deployment;
    if (this.traceId !== undefined) headers['x-trace-id'] = this.traceId;
    this.res.writeHead(200, headers);
    this.resolve();
  }

  private finish(last: string): void {
    const s = this.pending + last;
    this.pending = '';
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end(s);
  }
}

export const gatewayRoutes: FastifyPluginAsyncZod<{ router: ModelRouter }> = async (app, { router }) => {
  app.addHook('onSend', async (request, reply) => {
    const trace = request.headers['x-trace-id'];
    if (typeof trace === 'string') reply.header('x-trace-id', trace);
  });

  app.post('/chat/completions', {
    config: { scope: 'gateway' },
    logLevel: HOT_PATH_LOG_LEVEL,
    schema: { summary: 'OpenAI-compatible chat completions through the model router', tags: ['gateway'], body: OpenAIChatRequestSchema },
  }, async (request, reply) => {
    const body = request.body;
    // A stream is cancelled through its control when the client leaves; a plain call through a signal.
    const options = routeOptions(request, body.stream ? undefined : abortOnClose(reply).signal);
    const canonical = fromOpenAIChatRequest(body);
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    const created = Math.floor(Date.now() / 1000);

    if (!body.stream) {
      const res = await router.chat(canonical, options).catch((e) => {
        throw routerErrorToApi(e);
      });
      reply.header('x-keel-deployment', res.servedBy.deployment);
      return toOpenAIChatResponse(id, created, body.model, res);
    }

    return streamChatCompletion(router, reply, canonical, options, new ChunkWriter(id, created, body.model));
  });

  app.post('/embeddings', {
    config: { scope: 'gateway' },
    logLevel: HOT_PATH_LOG_LEVEL,
    schema: { summary: 'OpenAI-compatible embeddings through the model router', tags: ['gateway'], body: OpenAIEmbeddingsRequestSchema },
  }, async (request, reply) => {
    const b = request.body;
    const input = typeof b.input === 'string' ? [b.input] : b.input;
    const res = await router.embed({ model: b.model, input, dimensions: b.dimensions, inputType: b.input_type }, routeOptions(request)).catch((e) => {
      throw routerErrorToApi(e);
    });
    reply.header('x-keel-deployment', res.servedBy.deployment);
    return {
      object: 'list', model: b.model,
      data: res.vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: { prompt_tokens: res.usage.inputTokens, total_tokens: res.usage.inputTokens },
    };
  });

  app.get('/models', { config: { scope: 'gateway' }, schema: { summary: 'Logical models served by the gateway', tags: ['gateway'] } }, async () => ({
    object: 'list',
    data: router.listModels().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: 'keel', deployments: m.deployments })),
  }));
};
