// OpenAI-compatible response -> canonical result.
import type { ChatChoice, StopReason, TokenLogprob, ToolCall, Usage } from '../../types';
import type { ProviderChatResult } from '../types';

export interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export function stopReasonOf(finish: string | null | undefined, stopReason?: unknown): StopReason {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'content_filtered';
    case 'stop':
      return typeof stopReason === 'string' ? 'stop_sequence' : 'end_turn';
    default:
      return 'end_turn';
  }
}

/** vLLM's `stop_reason`: the matched stop string (a number when a stop token id matched). */
export const stopSequenceOf = (stopReason: unknown): string | undefined => (typeof stopReason === 'string' ? stopReason : undefined);

export function usageFromOpenAI(u: OpenAIUsage | null | undefined): Usage {
  const input = u?.prompt_tokens ?? 0;
  const output = u?.completion_tokens ?? 0;
  const usage: Usage = { inputTokens: input, outputTokens: output, totalTokens: u?.total_tokens ?? input + output };
  const cached = u?.prompt_tokens_details?.cached_tokens;
  if (cached) usage.cacheReadInputTokens = cached;
  return usage;
}

export function parseToolArguments(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const v = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };
  } catch {
    return { _raw: raw };
  }
}

/** `choices[].logprobs.content` (undefined when the server sent none). */
export function logprobsOf(lp: any): TokenLogprob[] | undefined {
  return Array.isArray(lp?.content) ? lp.content : undefined;
}

function choiceOf(choice: any, index: number): ChatChoice {
  const msg = choice?.message ?? {};
  const toolCalls: ToolCall[] = (msg.tool_calls ?? []).map((t: any) => ({
    id: String(t.id),
    name: String(t.function?.name ?? ''),
    arguments: parseToolArguments(t.function?.arguments),
  }));
  const out: ChatChoice = {
    index,
    content: typeof msg.content === 'string' ? msg.content : '',
    toolCalls,
    stopReason: toolCalls.length ? 'tool_use' : stopReasonOf(choice?.finish_reason, choice?.stop_reason),
  };
  const stopSequence = out.stopReason === 'stop_sequence' ? stopSequenceOf(choice?.stop_reason) : undefined;
  if (stopSequence !== undefined) out.stopSequence = stopSequence;
  const logprobs = logprobsOf(choice?.logprobs);
  if (logprobs) out.logprobs = logprobs;
  return out;
}

export function fromOpenAIResponse(body: any): ProviderChatResult {
  const raw: any[] = Array.isArray(body?.choices) && body.choices.length ? body.choices : [undefined];
  const choices = raw.map((c, i) => choiceOf(c, typeof c?.index === 'number' ? c.index : i)).sort((a, b) => a.index - b.index);
  const { index: _index, ...first } = choices[0];
  const result: ProviderChatResult = { ...first, usage: usageFromOpenAI(body?.usage) };
  if (choices.length > 1) result.choices = choices;
  return result;
}
