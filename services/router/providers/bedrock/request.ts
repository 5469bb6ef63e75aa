// Canonical request -> Bedrock Converse input. Consecutive same-role turns are merged (Converse
// requires alternation), tool results travel as user toolResult blocks, blank text is dropped.
// `response_format` becomes a forced tool whose input schema is the requested schema; the tool's
// input is the answer (response.ts / stream.ts turn it back into text).
import type { ContentBlock, ConverseStreamCommandInput, Message, SystemContentBlock, Tool, ToolChoice } from '@aws-sdk/client-bedrock-runtime';
import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat } from '../../types';
import { toConverseBlock } from './content';
import { estimateTokens } from '../../tokens';

/** Converse has no participant name: a named message's text starts with `name: ` instead. */
const named = (name: string | undefined, text: string) => (name ? `${name}: ${text}` : text);

function namedParts(m: Extract<ChatMessage, { role: 'user' }>): ContentPart[] {
  const parts = m.parts!;
  if (!m.name) return parts;
  const at = parts.findIndex((p) => p.type === 'text');
  if (at < 0) return [{ type: 'text', text: `${m.name}:` }, ...parts];
  return parts.map((p, i) => (i === at && p.type === 'text' ? { type: 'text', text: named(m.name, p.text) } : p));
}

/** Anthropic models on Bedrock take `top_k` and report the matched stop sequence as model-specific fields. */
export const isAnthropicModel = (modelId: string) => /(^|[.:/])anthropic\./.test(modelId);

export function toBedrockMessages(req: ChatRequest): { system: SystemContentBlock[]; messages: Message[] } {
  const system: SystemContentBlock[] = [];
  const messages: Message[] = [];
  const push = (role: 'user' | 'assistant', content: ContentBlock[]) => {
    if (!content.length) return;
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content = [...(last.content ?? []), ...content];
    else messages.push({ role, content });
  };
  for (const m of req.messages) {
    switch (m.role) {
      case 'system':
        if (m.content) system.push({ text: named(m.name, m.content) });
        break;
      case 'user':
        if (m.parts) push('user', namedParts(m).map((p, i) => toConverseBlock(p, i + 1)).filter((b): b is ContentBlock => !!b));
        else push('user', m.content.trim() ? [{ text: named(m.name, m.content) }] : []);
        break;
      case 'assistant':
        push('assistant', [
          ...(m.content.trim() ? [{ text: named(m.name, m.content) }] : []),
          ...(m.toolCalls ?? []).map((t): ContentBlock => ({ toolUse: { toolUseId: t.id, name: t.name, input: t.arguments as never } })),
        ]);
        break;
      case 'tool':
        push('user', [{ toolResult: { toolUseId: m.toolCallId, content: [{ text: m.content || '(empty)' }], status: m.isError ? 'error' : 'success' } }]);
        break;
    }
  }
  return { system, messages };
}

/** Bedrock rejects a final assistant turn ending in whitespace, so the prefill is trimmed. */
export function prefillOf(prefix: string): { text: string; trimmed: string } {
  const text = prefix.replace(/\s+$/, '');
  return { text, trimmed: prefix.slice(text.length) };
}

/** The forced tool that carries a `response_format` answer. */
export function responseTool(f: ResponseFormat): Tool {
  const name = f.type === 'json_schema' ? f.name : 'json_response';
  const schema = f.type === 'json_schema' ? f.schema : { type: 'object' };
  return { toolSpec: { name, description: 'Give the answer as this tool\'s input.', inputSchema: { json: schema as never } } };
}

export function toConverseInput(req: ChatRequest, modelId: string, continuation?: { prefix: string }): ConverseStreamCommandInput {
  const { system, messages } = toBedrockMessages(req);
  if (continuation) {
    const { text } = prefillOf(continuation.prefix);
    if (text) {
      const last = messages[messages.length - 1];
      if (last?.role === 'assistant') last.content = [...(last.content ?? []), { text }];
      else messages.push({ role: 'assistant', content: [{ text }] });
    }
  }
  const input: ConverseStreamCommandInput = { modelId, messages };
  if (system.length) input.system = system;
  const g = req.generation;
  if (g && (g.maxTokens !== undefined || g.temperature !== undefined || g.topP !== undefined || g.stopSequences?.length)) {
    input.inferenceConfig = {};
    if (g.maxTokens !== undefined) input.inferenceConfig.maxTokens = g.maxTokens;
    if (g.temperature !== undefined) input.inferenceConfig.temperature = g.temperature;
    if (g.topP !== undefined) input.inferenceConfig.topP = g.topP;
    if (g.stopSequences?.length) input.inferenceConfig.stopSequences = g.stopSequences;
  }
  const historyUsesTools = messages.some((m) => m.content?.some((b) => b.toolUse || b.toolResult));
  // Converse has no "none" choice: leave tools out unless the history needs the toolConfig.
  if (req.responseFormat) {
    const tool = responseTool(req.responseFormat);
    input.toolConfig = { tools: [tool], toolChoice: { tool: { name: tool.toolSpec!.name! } } };
  } else if (req.tools?.length && (req.toolChoice !== 'none' || historyUsesTools)) {
    const tools: Tool[] = req.tools.map((t) => ({ toolSpec: { name: t.name, description: t.description || t.name, inputSchema: { json: t.inputSchema as never } } }));
    const c = req.toolChoice;
    const toolChoice: ToolChoice | undefined = c === 'required' ? { any: {} } : c === 'auto' ? { auto: {} } : typeof c === 'object' ? { tool: { name: c.name } } : undefined;
    input.toolConfig = toolChoice ? { tools, toolChoice } : { tools };
  }
  if (isAnthropicModel(modelId)) {
    if (g?.topK !== undefined) input.additionalModelRequestFields = { top_k: g.topK };
    if (g?.stopSequences?.length) input.additionalModelResponseFieldPaths = ['/stop_sequence'];
  }
  if (continuation && input.inferenceConfig?.maxTokens !== undefined)
    input.inferenceConfig.maxTokens = Math.max(1, input.inferenceConfig.maxTokens - estimateTokens(continuation.prefix));
  const ext = req.providerExtensions?.bedrock;
  if (ext && typeof ext === 'object') Object.assign(input, ext);
  return input;
}
