// The OpenAI chat-completions wire format as the gateway accepts and returns it: request body
// schema (zod) -> canonical request, canonical response / stream events -> OpenAI JSON and chunks.
import { z } from 'zod';
import type { ChatMessage, ChatRequest, ChatResponse, StopReason, ToolCall, Usage } from '../types';

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const Content = z.union([z.string(), z.array(TextPart), z.null()]).optional();
const OpenAIToolCall = z.object({ id: z.string(), type: z.literal('function').default('function'), function: z.object({ name: z.string(), arguments: z.string().default('{}') }) });

export const OpenAIChatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: Content,
    tool_calls: z.array(OpenAIToolCall).optional(),
    tool_call_id: z.string().optional(),
    name: z.string().optional(),
  })).min(1),
  tools: z.array(z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }) })).optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) })]).optional(),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop: z.union([z.string(), z.array(z.string()).max(8)]).optional(),
  user: z.string().optional(),
});
export type OpenAIChatRequest = z.infer<typeof OpenAIChatRequestSchema>;

export const OpenAIEmbeddingsRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float']).optional(),
  dimensions: z.number().int().positive().optional(),
  input_type: z.enum(['query', 'document']).optional(),
});

const textOf = (c: z.infer<typeof Content>) => (typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => p.text).join('') : '');

function parseArgs(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };
  } catch {
    return { _raw: raw };
  }
}

export function fromOpenAIChatRequest(body: OpenAIChatRequest): ChatRequest {
  const messages: ChatMessage[] = body.messages.map((m): ChatMessage => {
    const content = textOf(m.content);
    switch (m.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content };
      case 'user':
        return { role: 'user', content };
      case 'assistant':
        return { role: 'assistant', content, toolCalls: m.tool_calls?.map((t) => ({ id: t.id, name: t.function.name, arguments: parseArgs(t.function.arguments) })) };
      case 'tool':
        return { role: 'tool', toolCallId: m.tool_call_id ?? '', content };
    }
  });
  const req: ChatRequest = { model: body.model, messages };
  if (body.tools?.length) req.tools = body.tools.map((t) => ({ name: t.function.name, description: t.function.description ?? '', inputSchema: t.function.parameters ?? { type: 'object', properties: {} } }));
  if (body.tool_choice) req.toolChoice = typeof body.tool_choice === 'string' ? body.tool_choice : 'required';
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (maxTokens !== undefined || body.temperature !== undefined || body.top_p !== undefined || stop?.length)
    req.generation = { maxTokens, temperature: body.temperature, topP: body.top_p, stopSequences: stop?.length ? stop : undefined };
  return req;
}

export function finishReasonOf(r: StopReason): string {
  return r === 'tool_use' ? 'tool_calls' : r === 'max_tokens' ? 'length' : r === 'content_filtered' ? 'content_filter' : 'stop';
}

export function toOpenAIUsage(u: Usage) {
  const out: Record<string, unknown> = { prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.totalTokens };
  if (u.cacheReadInputTokens) out.prompt_tokens_details = { cached_tokens: u.cacheReadInputTokens };
  return out;
}

export const toOpenAIToolCalls = (calls: ToolCall[]) =>
  calls.map((t, index) => ({ index, id: t.id, type: 'function' as const, function: { name: t.name, arguments: JSON.stringify(t.arguments) } }));

export function toOpenAIChatResponse(id: string, created: number, model: string, r: ChatResponse) {
  const message: Record<string, unknown> = { role: 'assistant', content: r.toolCalls.length && !r.content ? null : r.content };
  if (r.toolCalls.length) message.tool_calls = toOpenAIToolCalls(r.toolCalls).map(({ index: _i, ...t }) => t);
  return { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonOf(r.stopReason) }], usage: toOpenAIUsage(r.usage) };
}

/** Builds `data:` lines of chat.completion.chunk objects sharing one id (a class: no closures per stream). */
export class ChunkWriter {
  private readonly head: string;

  constructor(id: string, created: number, model: string) {
    this.head = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":`;
  }

  role(): string {
    return `${this.head}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  text(t: string): string {
    return `${this.head}[{"index":0,"delta":{"content":${JSON.stringify(t)}},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  toolCalls(calls: ToolCall[]): string {
    return `${this.head}[{"index":0,"delta":{"tool_calls":${JSON.stringify(toOpenAIToolCalls(calls))}},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  finish(r: StopReason): string {
    return `${this.head}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"${finishReasonOf(r)}"}]}\n\n`;
  }

  usage(u: Usage): string {
    return `${this.head}[],"usage":${JSON.stringify(toOpenAIUsage(u))}}\n\n`;
  }
}
