// Canonical request -> OpenAI-compatible /v1/chat/completions body (vLLM, TGI, SGLang, Ollama, hosted).
import type { ChatMessage, ChatRequest } from '../../types';
import { estimateTokens } from '../../tokens';

export interface OpenAIMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export function toOpenAIMessage(m: ChatMessage): OpenAIMessage {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
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
    if (req.toolChoice) body.tool_choice = req.toolChoice;
  }
  const g = req.generation;
  if (g?.maxTokens !== undefined) body.max_tokens = g.maxTokens;
  if (g?.temperature !== undefined) body.temperature = g.temperature;
  if (g?.topP !== undefined) body.top_p = g.topP;
  if (g?.stopSequences?.length) body.stop = g.stopSequences;
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
