// The Anthropic Messages API over the model router: POST /v1/messages (JSON, or SSE with Anthropic's
// event types), so clients built on Anthropic's SDKs get Keel's routing, failover and quotas. Same
// tenant limits, X-Priority and X-Trace-Id as the OpenAI gateway; errors in Anthropic's shape
// `{ type: 'error', error: { type, message } }`, typed from the status the router's policy table gives.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnthropicEventWriter, AnthropicMessagesRequestSchema, ANTHROPIC_VERSIONS, DEFAULT_ANTHROPIC_VERSION, anthropicErrorType, fromAnthropicRequest, toAnthropicResponse,
  type AnthropicMessagesRequest, type ChatResponse, type ModelRouter, type RouterErrorInfo,
} from '../../router';
import { ApiError, toErrorResponse } from '../errors';
import { AnthropicErrorResponse } from '../openapi';
import type { UsageRecorder } from '../../usage';
import { abortOnClose, echoTraceId, HOT_PATH_LOG_LEVEL, recordGatewayUsage, routeOptions, routed, streamChat, type ChatStreamEncoder } from '../model-calls';

/** Anthropic's events for one answer (the Messages API has no `n`): tool calls and the stop reason come with the end. */
class AnthropicStreamEncoder implements ChatStreamEncoder {
  constructor(private readonly w: AnthropicEventWriter) {}
  start(): string {
    return this.w.start();
  }
  choiceStart(): string {
    return '';
  }
  text(t: string): string {
    return this.w.text(t);
  }
  choiceEnd(): string {
    return '';
  }
  end(r: ChatResponse): string {
    return this.w.end(r);
  }
  error(e: ApiError, _info: RouterErrorInfo): string {
    return this.w.error(anthropicErrorType(e.statusCode), e.message);
  }
}

/** Every failure of these routes, auth and validation included, in Anthropic's error shape. */
function anthropicErrorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const e = toErrorResponse(err);
  if (e.status >= 500 && e.code === 'internal') request.log.error({ err }, 'unhandled error');
  for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
  return reply.status(e.status).send({ type: 'error', error: { type: anthropicErrorType(e.status), message: e.message } });
}

const MessagesHeaders = z.looseObject({
  'anthropic-version': z.string().optional().describe(`One of ${ANTHROPIC_VERSIONS.join(', ')} (default ${DEFAULT_ANTHROPIC_VERSION})`),
  'x-trace-id': z.string().optional().describe('Trace id for this call (echoed back in X-Trace-Id)'),
  'x-priority': z.string().optional().describe('interactive (default) or batch'),
});

const AnthropicMessage = z.object({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), text: z.string() }),
    z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) }),
  ])),
  stop_reason: z.string(),
  stop_sequence: z.string().nullable(),
  usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int(), cache_creation_input_tokens: z.number().int(), cache_read_input_tokens: z.number().int() }),
}).describe('A message (stream: false)');

const anthropicError = (description: string) => AnthropicErrorResponse.describe(description);

/** Versions that removed the sampling parameters, as Anthropic's API refuses them there. */
const WITHOUT_SAMPLING = new Set(['2026-10-21']);

function checkVersion(request: FastifyRequest, body: AnthropicMessagesRequest): void {
  const v = request.headers['anthropic-version'] ?? DEFAULT_ANTHROPIC_VERSION;
  if (typeof v !== 'string' || !(ANTHROPIC_VERSIONS as readonly string[]).includes(v))
    throw new ApiError(400, 'invalid_request', `anthropic-version: ${JSON.stringify(v)} is not a supported version (${ANTHROPIC_VERSIONS.join(', ')})`);
  if (WITHOUT_SAMPLING.has(v)) {
    const sent = (['temperature', 'top_p', 'top_k'] as const).find((k) => body[k] !== undefined);
    if (sent) throw new ApiError(400, 'invalid_request', `${sent}: not a parameter in anthropic-version ${v} (send anthropic-version: 2023-06-01 to set it)`, { param: sent });
  }
}

export const messagesRoutes: FastifyPluginAsyncZod<{ router: ModelRouter; bodyLimit?: number; usage?: UsageRecorder }> = async (app, { router, bodyLimit, usage }) => {
  app.setErrorHandler(anthropicErrorHandler);
  app.addHook('onSend', echoTraceId);

  app.post('/messages', {
    bodyLimit,
    config: { scope: 'gateway' },
    logLevel: HOT_PATH_LOG_LEVEL,
    schema: {
      operationId: 'createMessage',
      summary: 'Anthropic Messages API through the model router',
      tags: ['gateway'],
      headers: MessagesHeaders,
      body: AnthropicMessagesRequestSchema,
      response: { 200: AnthropicMessage, 502: anthropicError('Every deployment failed'), 503: anthropicError('No deployment available (breakers open, quota)') },
      eventStream: { description: "stream: true — Anthropic's events (message_start, content_block_start/delta/stop, message_delta, message_stop; `error` mid-stream)" },
      errorSchema: 'AnthropicErrorResponse',
    },
  }, async (request, reply) => {
    const body = request.body;
    checkVersion(request, body);
    const options = routeOptions(request, body.stream ? undefined : abortOnClose(reply).signal);
    const canonical = fromAnthropicRequest(body);
    const id = `msg_${randomUUID().replace(/-/g, '')}`;

    if (!body.stream) {
      const response = await routed(reply, router.chat(canonical, options));
      await recordGatewayUsage(usage, request, id, response);
      return toAnthropicResponse(id, body.model, response);
    }
    return streamChat(router, reply, canonical, options, new AnthropicStreamEncoder(new AnthropicEventWriter(id, body.model)),
      (response) => void recordGatewayUsage(usage, request, id, response));
  });
};
