// The OpenAI chat-completions and embeddings wire format as the gateway accepts and returns it:
// request body schemas (zod) -> canonical requests, canonical responses / stream events -> OpenAI
// JSON and chunks. Every parameter OpenAI defines is either carried into the canonical request
// or refused by the schema (unknown keys are a 400): none is dropped silently. Whether the
// deployment can honour a carried parameter is the router's decision (routing/capabilities.ts).
import { z } from 'zod';
import type {
  ChatChoice, ChatMessage, ChatRequest, ChatResponse, ContentPart, StopReason, TokenLogprob, ToolCall, Usage,
} from '../types';
import { RequestParamError } from './request-error';

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const ImagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const FilePart = z.object({
  type: z.literal('file'),
  file: z.object({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().max(255).optional() }),
});
const Part = z.discriminatedUnion('type', [TextPart, ImagePart, FilePart]);
const Content = z.union([z.string(), z.array(Part), z.null()]).optional();
const OpenAIToolCall = z.object({ id: z.string(), type: z.literal('function').default('function'), function: z.object({ name: z.string(), arguments: z.string().default('{}') }) });
/** OpenAI's rule for function and response-format names (also what Bedrock tool names allow). */
const FunctionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64');

const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: FunctionName,
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

export const OpenAIChatRequestSchema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(z.object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: Content,
    tool_calls: z.array(OpenAIToolCall).optional(),
    tool_call_id: z.string().optional(),
    name: z.string().max(256).optional(),
  })).min(1),
  tools: z.array(z.object({ type: z.literal('function'), function: z.object({ name: FunctionName, description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }) })).optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) })]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: ResponseFormat.optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  n: z.number().int().min(1).max(16).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(8)]).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  user: z.string().max(256).optional(),
});
export type OpenAIChatRequest = z.infer<typeof OpenAIChatRequestSchema>;

export const OpenAIEmbeddingsRequestSchema = z.strictObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().max(65_536).optional(),
  input_type: z.enum(['query', 'document']).optional(),
});
export type OpenAIEmbeddingsRequest = z.infer<typeof OpenAIEmbeddingsRequestSchema>;

type Msg = OpenAIChatRequest['messages'][number];
type OpenAIPart = z.infer<typeof Part>;

const textOf = (c: Msg['content']) => (typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => (p.type === 'text' ? p.text : '')).join('') : '');

function toPart(p: OpenAIPart, at: string): ContentPart {
  switch (p.type) {
    case 'text':
      return p;
    case 'image_url':
      return p.image_url.detail ? { type: 'image', url: p.image_url.url, detail: p.image_url.detail } : { type: 'image', url: p.image_url.url };
    case 'file':
      if (!p.file.file_data) throw new RequestParamError(`${at}.file`, `${at}.file: file_id is not supported (Keel has no files API); send file_data as a data: URL`);
      return p.file.filename ? { type: 'document', data: p.file.file_data, filename: p.file.filename } : { type: 'document', data: p.file.file_data };
  }
}

function parseArgs(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };
  } catch {
    return { _raw: raw };
  }
}

function toMessage(m: Msg, i: number): ChatMessage {
  const named = toUnnamedMessage(m, i);
  // A tool message's `name` (the legacy function name) is implied by its tool_call_id.
  return m.name && named.role !== 'tool' ? { ...named, name: m.name } : named;
}

function toUnnamedMessage(m: Msg, i: number): ChatMessage {
  const content = textOf(m.content);
  if (m.role !== 'user' && Array.isArray(m.content) && m.content.some((p) => p.type !== 'text'))
    throw new RequestParamError(`messages[${i}].content`, `messages[${i}].content: image and file parts are only allowed in user messages`);
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content };
    case 'user': {
      const parts = Array.isArray(m.content) && m.content.some((p) => p.type !== 'text') ? m.content.map((p, j) => toPart(p, `messages[${i}].content[${j}]`)) : undefined;
      return parts ? { role: 'user', content, parts } : { role: 'user', content };
    }
    case 'assistant':
      return { role: 'assistant', content, toolCalls: m.tool_calls?.map((t) => ({ id: t.id, name: t.function.name, arguments: parseArgs(t.function.arguments) })) };
    case 'tool':
      return { role: 'tool', toolCallId: m.tool_call_id ?? '', content };
  }
}

/** The canonical request; throws `RequestParamError` for what OpenAI itself would refuse. */
export function fromOpenAIChatRequest(body: OpenAIChatRequest): ChatRequest {
  const req: ChatRequest = { model: body.model, messages: body.messages.map(toMessage) };
  if (body.tools?.length) req.tools = body.tools.map((t) => ({ name: t.function.name, description: t.function.description ?? '', inputSchema: t.function.parameters ?? { type: 'object', properties: {} } }));
  if (body.tool_choice) req.toolChoice = typeof body.tool_choice === 'string' ? body.tool_choice : { name: body.tool_choice.function.name };
  if (body.parallel_tool_calls != null) req.parallelToolCalls = body.parallel_tool_calls;
  const f = body.response_format;
  if (f?.type === 'json_object') req.responseFormat = { type: 'json_object' };
  else if (f?.type === 'json_schema') {
    const s = f.json_schema;
    req.responseFormat = { type: 'json_schema', name: s.name, schema: s.schema ?? { type: 'object' }, ...(s.strict != null ? { strict: s.strict } : {}) };
  }
  if (body.n != null && body.n > 1) req.n = body.n;
  if (body.user !== undefined) req.endUser = body.user;
  if (body.top_logprobs != null && !body.logprobs)
    throw new RequestParamError('top_logprobs', 'top_logprobs needs logprobs: true');
  const g: NonNullable<ChatRequest['generation']> = {};
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (maxTokens != null) g.maxTokens = maxTokens;
  if (body.temperature != null) g.temperature = body.temperature;
  if (body.top_p != null) g.topP = body.top_p;
  if (stop?.length) g.stopSequences = stop;
  if (body.seed != null) g.seed = body.seed;
  if (body.presence_penalty != null) g.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) g.frequencyPenalty = body.frequency_penalty;
  if (body.logprobs) g.logprobs = true;
  if (body.top_logprobs != null) g.topLogprobs = body.top_logprobs;
  if (Object.keys(g).length) req.generation = g;
  return req;
}

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function finishReasonOf(r: StopReason): OpenAIFinishReason {
  return r === 'tool_use' ? 'tool_calls' : r === 'max_tokens' ? 'length' : r === 'content_filtered' ? 'content_filter' : 'stop';
}

export function toOpenAIUsage(u: Usage) {
  const out: { prompt_tokens: number; completion_tokens: number; total_tokens: number; prompt_tokens_details?: { cached_tokens: number } } = { prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.totalTokens };
  if (u.cacheReadInputTokens) out.prompt_tokens_details = { cached_tokens: u.cacheReadInputTokens };
  return out;
}

export const toOpenAIToolCalls = (calls: ToolCall[]) =>
  calls.map((t, index) => ({ index, id: t.id, type: 'function' as const, function: { name: t.name, arguments: JSON.stringify(t.arguments) } }));

const logprobsJson = (lp: TokenLogprob[] | undefined) => (lp ? { content: lp, refusal: null } : null);

type OpenAIMessage = { role: 'assistant'; content: string | null; refusal: null; tool_calls?: Array<Omit<ReturnType<typeof toOpenAIToolCalls>[number], 'index'>> };

function toOpenAIChoice(c: ChatChoice) {
  const message: OpenAIMessage = { role: 'assistant', content: c.toolCalls.length && !c.content ? null : c.content, refusal: null };
  if (c.toolCalls.length) message.tool_calls = toOpenAIToolCalls(c.toolCalls).map(({ index: _i, ...t }) => t);
  return { index: c.index, message, logprobs: logprobsJson(c.logprobs), finish_reason: finishReasonOf(c.stopReason) };
}

export function toOpenAIChatResponse(id: string, created: number, model: string, r: ChatResponse) {
  const choices = r.choices ?? [{ index: 0, content: r.content, toolCalls: r.toolCalls, stopReason: r.stopReason, logprobs: r.logprobs }];
  return { id, object: 'chat.completion' as const, created, model, choices: choices.map(toOpenAIChoice), usage: toOpenAIUsage(r.usage) };
}

/** Builds `data:` lines of chat.completion.chunk objects sharing one id (a class: no closures per stream). */
export class ChunkWriter {
  private readonly head: string;

  constructor(id: string, created: number, model: string) {
    this.head = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":`;
  }

  role(index = 0): string {
    return `${this.head}[{"index":${index},"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  text(t: string, index = 0, logprobs?: TokenLogprob[]): string {
    const lp = logprobs ? JSON.stringify(logprobsJson(logprobs)) : 'null';
    return `${this.head}[{"index":${index},"delta":{"content":${JSON.stringify(t)}},"logprobs":${lp},"finish_reason":null}]}\n\n`;
  }

  toolCalls(calls: ToolCall[], index = 0): string {
    return `${this.head}[{"index":${index},"delta":{"tool_calls":${JSON.stringify(toOpenAIToolCalls(calls))}},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  finish(r: StopReason, index = 0): string {
    return `${this.head}[{"index":${index},"delta":{},"logprobs":null,"finish_reason":"${finishReasonOf(r)}"}]}\n\n`;
  }

  /** The last chunk when the client asked for `stream_options.include_usage`. */
  usage(u: Usage): string {
    return `${this.head}[],"usage":${JSON.stringify(toOpenAIUsage(u))}}\n\n`;
  }
}

/** An embedding as OpenAI encodes it: numbers, or base64 of little-endian float32 values. */
export function encodeEmbedding(v: number[], format: 'float' | 'base64' | undefined): number[] | string {
  if (format !== 'base64') return v;
  const buf = Buffer.allocUnsafe(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i], i * 4);
  return buf.toString('base64');
}
