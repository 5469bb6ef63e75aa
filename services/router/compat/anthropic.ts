// The Anthropic Messages wire format as the API's POST /v1/messages accepts and returns it: request
// body schema (zod) -> canonical request, canonical response / stream events -> Anthropic JSON and
// SSE events. Pure: no I/O, unit-tested in test/router/anthropic-compat.test.ts.
import { z } from 'zod';
import type { ChatMessage, ChatRequest, ChatResponse, ContentPart, ServedBy, StopReason, ToolCall, Usage } from '../types';
import { RequestParamError } from './request-error';

/** `anthropic-version` values answered in the same shape (the official SDK v1 sends 2026-10-21). */
export const ANTHROPIC_VERSIONS = ['2023-06-01', '2026-10-21'] as const;
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

const MAX_TEXT = 1_000_000;
/** Base64 of a 5 MB image, Anthropic's own per-image limit. */
const MAX_IMAGE_BASE64 = Math.ceil((5 * 1024 * 1024) / 3) * 4;
/** Base64 of 32 MB, Anthropic's request limit (the router's `media.maxDocumentBytes` is the real bound). */
const MAX_DOCUMENT_BASE64 = Math.ceil((32 * 1024 * 1024) / 3) * 4;

const CacheControl = z.object({ type: z.literal('ephemeral'), ttl: z.string().optional() }).optional();
const TextBlock = z.object({ type: z.literal('text'), text: z.string().max(MAX_TEXT), cache_control: CacheControl }).strict();
const ImageBlock = z.object({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('base64'), media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']), data: z.string().max(MAX_IMAGE_BASE64) }),
    z.object({ type: z.literal('url'), url: z.string().url().max(8_192) }),
  ]),
  cache_control: CacheControl,
}).strict();
/** A PDF as base64 (Anthropic's `document` block); the router's media limits bound its size. */
const DocumentBlock = z.object({
  type: z.literal('document'),
  source: z.object({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string().max(MAX_DOCUMENT_BASE64) }).strict(),
  title: z.string().max(500).nullable().optional(),
  context: z.string().max(MAX_TEXT).nullable().optional(),
  cache_control: CacheControl,
}).strict();
const ToolUseBlock = z.object({
  type: z.literal('tool_use'), id: z.string().min(1).max(256), name: z.string().min(1).max(128), input: z.record(z.string(), z.unknown()), cache_control: CacheControl,
}).strict();
const ToolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1).max(256),
  content: z.union([z.string().max(MAX_TEXT), z.array(z.discriminatedUnion('type', [TextBlock, ImageBlock])).max(100)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: CacheControl,
}).strict();
const ContentBlock = z.discriminatedUnion('type', [TextBlock, ImageBlock, DocumentBlock, ToolUseBlock, ToolResultBlock]);
type ContentBlock = z.infer<typeof ContentBlock>;

const Message = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string().max(MAX_TEXT), z.array(ContentBlock).max(1_000)]),
}).strict();

const Tool = z.object({
  type: z.literal('custom').optional(),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, 'tool names are 1-128 letters, digits, _ or -'),
  description: z.string().max(100_000).optional(),
  input_schema: z.object({ type: z.literal('object') }).passthrough(),
  cache_control: CacheControl,
}).strict();

const ToolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('none') }).strict(),
]);

export const AnthropicMessagesRequestSchema = z.object({
  model: z.string().min(1).max(256),
  max_tokens: z.number().int().positive(),
  messages: z.array(Message).min(1).max(10_000),
  system: z.union([z.string().max(MAX_TEXT), z.array(TextBlock).max(100)]).optional(),
  tools: z.array(Tool).max(128).optional(),
  tool_choice: ToolChoice.optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().positive().optional(),
  stop_sequences: z.array(z.string().min(1).max(1_000)).max(8).optional(),
  metadata: z.object({ user_id: z.string().max(256).nullable().optional() }).strict().optional(),
  stream: z.boolean().optional(),
}).strict();
export type AnthropicMessagesRequest = z.infer<typeof AnthropicMessagesRequestSchema>;

/** The Anthropic name of the shared compat error (a 400 naming the parameter). */
export { RequestParamError as AnthropicUnsupportedError };

const textOfBlocks = (blocks: Array<{ type: string; text?: string }>, param: string): string =>
  blocks.map((b, i) => {
    if (b.type !== 'text') throw new RequestParamError(`${param}.${i}`, `${param}.${i}: ${b.type} blocks are not supported by Keel's deployments yet`);
    return b.text ?? '';
  }).join('');

type ImageSource = z.infer<typeof ImageBlock>['source'];

/** An image block as a canonical image part: base64 as a `data:` URL, a URL as it is (Bedrock cannot fetch it: 400). */
const imagePart = (source: ImageSource): ContentPart =>
  ({ type: 'image', url: source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url });

/** One Anthropic message as canonical messages: tool results become tool turns before the user's text. */
function toCanonical(m: z.infer<typeof Message>, index: number): ChatMessage[] {
  const param = `messages.${index}.content`;
  if (typeof m.content === 'string') return [{ role: m.role, content: m.content }];
  const out: ChatMessage[] = [];
  let text = '';
  const parts: ContentPart[] = [];
  let media = false;
  const toolCalls: ToolCall[] = [];
  m.content.forEach((b: ContentBlock, j) => {
    switch (b.type) {
      case 'text':
        text += b.text;
        parts.push({ type: 'text', text: b.text });
        return;
      case 'image':
      case 'document':
        if (m.role !== 'user') throw new RequestParamError(`${param}.${j}`, `${param}.${j}: ${b.type} blocks belong in user messages`);
        media = true;
        parts.push(b.type === 'image' ? imagePart(b.source) : {
          type: 'document', data: `data:application/pdf;base64,${b.source.data}`, ...(b.title ? { filename: b.title } : {}),
        });
        return;
      case 'tool_use':
        if (m.role !== 'assistant') throw new RequestParamError(`${param}.${j}`, `${param}.${j}: tool_use blocks belong in assistant messages`);
        toolCalls.push({ id: b.id, name: b.name, arguments: b.input });
        return;
      case 'tool_result': {
        if (m.role !== 'user') throw new RequestParamError(`${param}.${j}`, `${param}.${j}: tool_result blocks belong in user messages`);
        const content = typeof b.content === 'string' ? b.content : textOfBlocks(b.content ?? [], `${param}.${j}.content`);
        out.push({ role: 'tool', toolCallId: b.tool_use_id, content, ...(b.is_error ? { isError: true } : {}) });
        return;
      }
    }
  });
  if (m.role === 'assistant') out.push({ role: 'assistant', content: text, ...(toolCalls.length ? { toolCalls } : {}) });
  else if (media) out.push({ role: 'user', content: text, parts });
  else if (text || out.length === 0) out.push({ role: 'user', content: text });
  return out;
}

export function fromAnthropicRequest(body: AnthropicMessagesRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (body.system !== undefined) {
    const system = typeof body.system === 'string' ? body.system : textOfBlocks(body.system, 'system');
    if (system) messages.push({ role: 'system', content: system });
  }
  body.messages.forEach((m, i) => messages.push(...toCanonical(m, i)));

  const req: ChatRequest = { model: body.model, messages };
  if (body.tools?.length) req.tools = body.tools.map((t) => ({ name: t.name, description: t.description ?? '', inputSchema: t.input_schema as Record<string, unknown> }));
  const choice = body.tool_choice;
  if (choice?.type === 'tool') {
    if (!req.tools?.some((t) => t.name === choice.name))
      throw new RequestParamError('tool_choice.name', `tool_choice.name: no tool named ${JSON.stringify(choice.name)} in tools`);
    req.toolChoice = { name: choice.name };
  } else if (choice) req.toolChoice = choice.type === 'auto' ? 'auto' : choice.type === 'none' ? 'none' : 'required';
  // Capability-checked: a deployment that cannot keep to one tool call per turn refuses the call.
  if (choice && 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use) req.parallelToolCalls = false;
  // Anthropic's SDK-based tools send metadata.user_id on every call; it is abuse-monitoring
  // metadata, not a generation parameter, so deployments without `user` (Bedrock) leave it out.
  if (body.metadata?.user_id) {
    req.endUser = body.metadata.user_id;
    req.endUserOptional = true;
  }

  req.generation = { maxTokens: body.max_tokens };
  if (body.temperature !== undefined) req.generation.temperature = body.temperature;
  if (body.top_p !== undefined) req.generation.topP = body.top_p;
  if (body.top_k !== undefined) req.generation.topK = body.top_k;
  if (body.stop_sequences?.length) req.generation.stopSequences = body.stop_sequences;
  return req;
}

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export const anthropicStopReason = (r: StopReason): AnthropicStopReason => (r === 'content_filtered' ? 'refusal' : r);

export function toAnthropicUsage(u: Usage) {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheWriteInputTokens ?? 0,
    cache_read_input_tokens: u.cacheReadInputTokens ?? 0,
  };
}

type AnthropicContent = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export function toAnthropicResponse(id: string, model: string, r: ChatResponse) {
  const content: AnthropicContent[] = [];
  if (r.content || r.toolCalls.length === 0) content.push({ type: 'text', text: r.content });
  for (const t of r.toolCalls) content.push({ type: 'tool_use', id: t.id, name: t.name, input: t.arguments });
  return {
    id, type: 'message' as const, role: 'assistant' as const, model, content,
    stop_reason: anthropicStopReason(r.stopReason), stop_sequence: r.stopSequence ?? null, usage: toAnthropicUsage(r.usage),
  };
}

const event = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Anthropic's SSE events for one streamed message, in Anthropic's order: message_start,
 * (content_block_start, ping once, content_block_delta…, content_block_stop) per block,
 * message_delta, message_stop. Text is one block, opened at the first delta; tool calls are
 * sent whole at the end (as the OpenAI stream does), each as one input_json_delta.
 */
export class AnthropicEventWriter {
  private blocks = 0;
  private textOpen = false;
  private pinged = false;

  constructor(private readonly id: string, private readonly model: string) {}

  start(_servedBy?: ServedBy): string {
    return event('message_start', {
      type: 'message_start',
      message: { id: this.id, type: 'message', role: 'assistant', content: [], model: this.model, stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
    });
  }

  text(text: string): string {
    let out = '';
    if (!this.textOpen) {
      this.textOpen = true;
      out += this.blockStart({ type: 'text', text: '' });
    }
    return out + event('content_block_delta', { type: 'content_block_delta', index: this.blocks - 1, delta: { type: 'text_delta', text } });
  }

  end(r: ChatResponse): string {
    let out = '';
    if (this.textOpen) out += this.blockStop();
    else if (r.toolCalls.length === 0) out += this.blockStart({ type: 'text', text: '' }) + this.blockStop();
    for (const t of r.toolCalls) {
      out += this.blockStart({ type: 'tool_use', id: t.id, name: t.name, input: {} });
      out += event('content_block_delta', { type: 'content_block_delta', index: this.blocks - 1, delta: { type: 'input_json_delta', partial_json: JSON.stringify(t.arguments) } });
      out += this.blockStop();
    }
    return out +
      event('message_delta', { type: 'message_delta', delta: { stop_reason: anthropicStopReason(r.stopReason), stop_sequence: r.stopSequence ?? null }, usage: toAnthropicUsage(r.usage) }) +
      event('message_stop', { type: 'message_stop' });
  }

  error(type: string, message: string): string {
    return event('error', { type: 'error', error: { type, message } });
  }

  private blockStart(block: Record<string, unknown>): string {
    const out = event('content_block_start', { type: 'content_block_start', index: this.blocks++, content_block: block });
    if (this.pinged) return out;
    this.pinged = true;
    return out + event('ping', { type: 'ping' });
  }

  private blockStop(): string {
    this.textOpen = false;
    return event('content_block_stop', { type: 'content_block_stop', index: this.blocks - 1 });
  }
}

/** Anthropic's error type for an HTTP status (the router's statuses come from policy.ts). */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400: case 409: case 415: case 422: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 503: case 529: return 'overloaded_error';
    case 504: return 'timeout_error';
    default: return 'api_error';
  }
}
