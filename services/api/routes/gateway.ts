// OpenAI-compatible gateway over the model router: POST /v1/chat/completions (JSON or SSE: one
// chunk stream per answer, interleaved by choice index when `n` > 1, a final usage chunk when
// `stream_options.include_usage` asks for it, an explicit `event: error` mid-stream),
// POST /v1/embeddings (float or base64), GET /v1/models.
// Tenant from the auth hook; headers X-Trace-Id (echoed), X-Priority (interactive | batch) and
// X-Mid-Stream-Continuation (off to opt out of continuing a failed stream elsewhere).
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  OpenAIChatRequestSchema, OpenAIEmbeddingsRequestSchema, TokenLogprobSchema, ChunkWriter, encodeEmbedding, fromOpenAIChatRequest, toOpenAIChatResponse,
  type ChatResponse, type ModelRouter, type RouterErrorInfo, type StopReason, type TokenLogprob, type ToolCall,
} from '../../router';
import type { ApiError } from '../errors';
import { errorBody } from '../openapi';
import type { UsageRecorder } from '../../usage';
import { abortOnClose, echoTraceId, HOT_PATH_LOG_LEVEL, recordGatewayUsage, routeOptions, routed, streamChat, type ChatStreamEncoder } from '../model-calls';

export { routerErrorToApi } from '../model-calls';

const GatewayHeaders = z.looseObject({
  'x-trace-id': z.string().optional().describe('Trace id for this call (echoed back in X-Trace-Id)'),
  'x-priority': z.string().optional().describe('interactive (default) or batch'),
  'x-mid-stream-continuation': z.string().optional().describe('off: do not continue a failed stream on another deployment'),
});

const OpenAIToolCall = z.object({ id: z.string(), type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }) });
const OpenAIUsage = z.looseObject({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int() }).optional(),
});
const ChatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(z.object({
    index: z.number().int(),
    message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), refusal: z.null(), tool_calls: z.array(OpenAIToolCall).optional() }),
    logprobs: z.object({ content: z.array(TokenLogprobSchema), refusal: z.null() }).nullable(),
    finish_reason: z.enum(['stop', 'length', 'tool_calls', 'content_filter']),
  })),
  usage: OpenAIUsage,
}).describe('A chat completion (stream: false)');
const Embeddings = z.object({
  object: z.literal('list'),
  model: z.string(),
  data: z.array(z.object({ object: z.literal('embedding'), index: z.number().int(), embedding: z.union([z.array(z.number()), z.string().describe('base64 of little-endian float32')]) })),
  usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
});
const ModelList = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string(), deployments: z.number().int().describe('Deployments serving this logical model') })),
});

/** chat.completion.chunk lines: per answer a role chunk, deltas, tool calls and finish; then usage if asked, [DONE]. */
class OpenAIChunkEncoder implements ChatStreamEncoder {
  constructor(private readonly w: ChunkWriter, private readonly includeUsage: boolean) {}

  start(): string {
    return '';
  }

  choiceStart(index: number): string {
    return this.w.role(index);
  }

  text(t: string, index: number, logprobs?: TokenLogprob[]): string {
    return this.w.text(t, index, logprobs);
  }

  choiceEnd(index: number, stopReason: StopReason, toolCalls: ToolCall[]): string {
    return (toolCalls.length ? this.w.toolCalls(toolCalls, index) : '') + this.w.finish(stopReason, index);
  }

  end(r: ChatResponse): string {
    return (this.includeUsage ? this.w.usage(r.usage) : '') + 'data: [DONE]\n\n';
  }

  error(e: ApiError, info: RouterErrorInfo): string {
    return `event: error\ndata: ${JSON.stringify({ error: { code: e.code, message: e.message, type: info.kind, details: e.details } })}\n\n`;
  }
}

export const gatewayRoutes: FastifyPluginAsyncZod<{ router: ModelRouter; bodyLimit?: number; usage?: UsageRecorder }> = async (app, { router, bodyLimit, usage }) => {
  app.addHook('onSend', echoTraceId);

  app.post('/chat/completions', {
    bodyLimit,
    config: { scope: 'gateway' },
    logLevel: HOT_PATH_LOG_LEVEL,
    schema: {
      operationId: 'createChatCompletion',
      summary: 'OpenAI-compatible chat completions through the model router',
      tags: ['gateway'],
      headers: GatewayHeaders,
      body: OpenAIChatRequestSchema,
      response: { 200: ChatCompletion, 502: errorBody('Every deployment failed'), 503: errorBody('No deployment available (breakers open, quota)') },
      eventStream: { description: 'stream: true — chat.completion.chunk objects as `data:` lines, `data: [DONE]` last; a failure mid-stream is an `event: error`' },
    },
  }, async (request, reply) => {
    const body = request.body;
    // A stream is cancelled through its control when the client leaves; a plain call through a signal.
    const options = routeOptions(request, body.stream ? undefined : abortOnClose(reply).signal);
    const canonical = fromOpenAIChatRequest(body);
    const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
    const created = Math.floor(Date.now() / 1000);

    if (!body.stream) {
      const response = await routed(reply, router.chat(canonical, options));
      await recordGatewayUsage(usage, request, id, response);
      return toOpenAIChatResponse(id, created, body.model, response);
    }

    const encoder = new OpenAIChunkEncoder(new ChunkWriter(id, created, body.model), body.stream_options?.include_usage === true);
    return streamChat(router, reply, canonical, options, encoder, (response) => void recordGatewayUsage(usage, request, id, response));
  });

  app.post('/embeddings', {
    config: { scope: 'gateway' },
    logLevel: HOT_PATH_LOG_LEVEL,
    schema: {
      operationId: 'createEmbedding',
      summary: 'OpenAI-compatible embeddings through the model router',
      tags: ['gateway'],
      headers: GatewayHeaders,
      body: OpenAIEmbeddingsRequestSchema,
      response: { 200: Embeddings, 502: errorBody('Every deployment failed'), 503: errorBody('No deployment available (breakers open, quota)') },
    },
  }, async (request, reply) => {
    const b = request.body;
    const input = typeof b.input === 'string' ? [b.input] : b.input;
    const res = await routed(reply, router.embed({ model: b.model, input, dimensions: b.dimensions, inputType: b.input_type }, routeOptions(request)));
    return {
      object: 'list' as const, model: b.model,
      data: res.vectors.map((v, index) => ({ object: 'embedding' as const, index, embedding: encodeEmbedding(v, b.encoding_format) })),
      usage: { prompt_tokens: res.usage.inputTokens, total_tokens: res.usage.inputTokens },
    };
  });

  app.get('/models', { config: { scope: 'gateway' }, schema: { operationId: 'listModels', summary: 'Logical models served by the gateway', tags: ['gateway'], response: { 200: ModelList } } }, async () => ({
    object: 'list' as const,
    data: router.listModels().map((m) => ({ id: m.id, object: 'model' as const, created: 0, owned_by: 'keel', deployments: m.deployments })),
  }));
};
