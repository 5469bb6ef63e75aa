// OpenAI-compatible gateway over the model router: POST /v1/chat/completions (JSON or SSE with a
// final usage chunk and an explicit `event: error` mid-stream), POST /v1/embeddings, GET /v1/models.
// Tenant from the auth hook; headers X-Trace-Id (echoed), X-Priority (interactive | batch) and
// X-Mid-Stream-Continuation (off to opt out of continuing a failed stream elsewhere).
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  OpenAIChatRequestSchema, OpenAIEmbeddingsRequestSchema, chunkWriter, fromOpenAIChatRequest, toOpenAIChatResponse,
  toRouterErrorInfo, type ChatStreamEvent, type ModelRouter, type RouteOptions, type RouterErrorInfo,
} from '../../router';
import { ApiError } from '../errors';

const STATUS: Record<RouterErrorInfo['kind'], number> = {
  validation: 400, context_window: 400, not_found: 404, rate_limited: 429, cancelled: 499,
  throttled: 503, quota_exceeded: 503, shed: 503, unavailable: 503, no_deployment: 503, model_not_ready: 503,
  connection: 502, model_error: 502, access_denied: 502, timeout: 504,
};

/** A classified router failure as the HTTP error the API speaks (never a 500). */
export function routerErrorToApi(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const info = toRouterErrorInfo(err);
  const headers: Record<string, string> = info.retryAfterS !== undefined ? { 'retry-after': String(Math.ceil(info.retryAfterS)) } : {};
  const code = info.kind === 'context_window' ? 'context_length_exceeded' : info.kind === 'not_found' ? 'model_not_found' : info.kind;
  return new ApiError(STATUS[info.kind] ?? 502, code, info.message, { kind: info.kind, retryable: info.retryable, deployment: info.deployment }, headers);
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

function abortOnClose(request: FastifyRequest, reply: FastifyReply): AbortController {
  const c = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) c.abort();
  });
  return c;
}

export const gatewayRoutes: FastifyPluginAsyncZod<{ router: ModelRouter }> = async (app, { router }) => {
  app.addHook('onSend', async (request, reply) => {
    const trace = request.headers['x-trace-id'];
    if (typeof trace === 'string') reply.header('x-trace-id', trace);
  });

  app.post('/v1/chat/completions', {
    logLevel: HOT_PATH_LOG_LEVEL,
    schema: { summary: 'OpenAI-compatible chat completions through the model router', tags: ['gateway'], body: OpenAIChatRequestSchema },
  }, async (request, reply) => {
    const body = request.body;
    const abort = abortOnClose(request, reply);
    const options = routeOptions(request, abort.signal);
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

    const it = router.chatStream(canonical, options)[Symbol.asyncIterator]();
    // Nothing is sent until the first event, so failures before output are plain HTTP errors.
    const first = await it.next();
    if (first.done) throw new ApiError(502, 'model_error', 'stream ended without output');
    if (first.value.type === 'error') throw routerErrorToApi(first.value.error);

    reply.hijack();
    const res = reply.raw;
    const headers: Record<string, string> = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };
    if (first.value.type === 'start') headers['x-keel-deployment'] = first.value.servedBy.deployment;
    const trace = request.headers['x-trace-id'];
    if (typeof trace === 'string') headers['x-trace-id'] = trace;
    res.writeHead(200, headers);
    const w = chunkWriter(id, created, body.model);
    // Chunks produced in the same tick (one upstream packet) leave as one string in one write.
    let pending = '';
    const flush = () => {
      const s = pending;
      pending = '';
      if (s && !res.destroyed) res.write(s);
    };
    const send = (s: string) => {
      if (!pending) process.nextTick(flush);
      pending += s;
    };
    const finish = (last: string) => {
      const s = pending + last;
      pending = '';
      if (!res.destroyed) res.end(s);
    };
    const write = (ev: ChatStreamEvent): boolean => {
      switch (ev.type) {
        case 'start':
          send(w.role());
          return true;
        case 'delta':
          send(w.text(ev.text));
          return true;
        case 'tool_call':
          return true; // sent whole with the end event, so restarted streams never repeat one
        case 'end':
          if (ev.response.toolCalls.length) send(w.toolCalls(ev.response.toolCalls));
          send(w.finish(ev.response.stopReason));
          send(w.usage(ev.response.usage));
          finish('data: [DONE]\n\n');
          return false;
        case 'error': {
          const e = routerErrorToApi(ev.error);
          finish(`event: error\ndata: ${JSON.stringify({ error: { code: e.code, message: e.message, type: ev.error.kind, details: e.details } })}\n\n`);
          return false;
        }
      }
    };
    try {
      if (write(first.value))
        for (let n = await it.next(); !n.done; n = await it.next()) if (!write(n.value) || abort.signal.aborted) break;
    } catch (err) {
      if (!res.writableEnded && !res.destroyed) finish(`event: error\ndata: ${JSON.stringify({ error: { code: 'internal', message: String((err as Error)?.message ?? err) } })}\n\n`);
    } finally {
      if (!res.writableEnded && !res.destroyed) finish('');
      await it.return?.();
    }
  });

  app.post('/v1/embeddings', {
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

  app.get('/v1/models', { schema: { summary: 'Logical models served by the gateway', tags: ['gateway'] } }, async () => ({
    object: 'list',
    data: router.listModels().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: 'keel', deployments: m.deployments })),
  }));
};
