// Canonical request -> OpenAI-compatible /v1/chat/completions body (vLLM, TGI, SGLang, Ollama, hosted).
import type { ChatMessage, ChatRequest, ContentPart } from '../../types';
import { estimateTokens } from '../../tokens';

export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | { type: 'file'; file: { file_data: string; filename?: string } };

export interface OpenAIMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | OpenAIContentPart[] | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
}

/** Content parts as OpenAI writes them; image URLs (https or data:) are forwarded for the server to fetch. */
export function toOpenAIPart(p: ContentPart): OpenAIContentPart {
  switch (p.type) {
    case 'text':
      return p;
    case 'image':
      return { type: 'image_url', image_url: p.detail ? { url: p.url, detail: p.detail } : { url: p.url } };
    case 'document':
      return { type: 'file', file: p.filename ? { file_data: p.data, filename: p.filename } : { file_data: p.data } };
  }
}

export function toOpenAIMessage(m: ChatMessage): OpenAIMessage {
  const out = toUnnamedOpenAIMessage(m);
  if (m.role !== 'tool' && m.name !== undefined) out.name = m.name;
  return out;
}

function toUnnamedOpenAIMessage(m: ChatMessage): OpenAIMessage {
  switch (m.role) {
    case 'system':
      return { role: m.role, content: m.content };
    case 'user':
      return { role: m.role, content: m.parts ? m.parts.map(toOpenAIPart) : m.content };
    case 'assistant': {
      const out: OpenAIMessage = { role: 'assistant', content: m.content || (m.toolCalls?.length ? null : '') };
      if (m.toolCalls?.length)
        out.tool_calls = m.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: JSON.stringify(t.arguments) } }));
      return out;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.isError ? `Error: ${m.content}` : m.content };
  }
}

export function toOpenAIChatBody(req: ChatRequest, model: string, stream: boolean, continuation?: { prefix: string }) {
  const messages = req.messages.map(toOpenAIMessage);
  const body: Record<string, unknown> = { model, messages, stream };
  if (stream) body.stream_options = { include_usage: true };
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
    if (req.toolChoice) body.tool_choice = typeof req.toolChoice === 'string' ? req.toolChoice : { type: 'function', function: { name: req.toolChoice.name } };
    if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  }
  const f = req.responseFormat;
  if (f) body.response_format = f.type === 'json_object' ? f : { type: 'json_schema', json_schema: { name: f.name, schema: f.schema, ...(f.strict !== undefined ? { strict: f.strict } : {}) } };
  if (req.n !== undefined && req.n > 1) body.n = req.n;
  if (req.endUser !== undefined) body.user = req.endUser;
  const g = req.generation;
  if (g?.maxTokens !== undefined) body.max_tokens = g.maxTokens;
  if (g?.temperature !== undefined) body.temperature = g.temperature;
  if (g?.topP !== undefined) body.top_p = g.topP;
  if (g?.topK !== undefined) body.top_k = g.topK;
  if (g?.stopSequences?.length) body.stop = g.stopSequences;
  if (g?.seed !== undefined) body.seed = g.seed;
  if (g?.presencePenalty !== undefined) body.presence_penalty = g.presencePenalty;
  if (g?.frequencyPenalty !== undefined) body.frequency_penalty = g.frequencyPenalty;
  if (g?.logprobs || g?.topLogprobs !== undefined) body.logprobs = true;
  if (g?.topLogprobs !== undefined) body.top_logprobs = g.topLogprobs;
  if (continuation) {
    // vLLM's assistant prefill: the model continues the final assistant message.
    messages.push({ role: 'assistant', content: continuation.prefix });
    body.continue_final_message = true;
    body.add_generation_prompt = false;
    if (g?.maxTokens !== undefined) body.max_tokens = Math.max(1, g.maxTokens - estimateTokens(continuation.prefix));
  }
  const ext = req.providerExtensions?.openai;
  if (ext && typeof ext === 'object') Object.assign(body, ext);
  return body;
}
