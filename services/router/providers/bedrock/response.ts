// Bedrock Converse output -> canonical result.
import type { ContentBlock, ConverseOutput, StopReason as BedrockStopReason, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { StopReason, ToolCall, Usage } from '../../types';
import { usageOf, type ProviderChatResult } from '../types';

export function stopReasonOf(r: BedrockStopReason | string | undefined): StopReason {
  switch (r) {
    case 'tool_use':
      return 'tool_use';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_tokens';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filtered';
    default:
      return 'end_turn';
  }
}

/** The matched stop sequence an Anthropic model reports (requested through `additionalModelResponseFieldPaths`). */
export function stopSequenceOf(fields: unknown): string | undefined {
  const v = (fields as { stop_sequence?: unknown } | undefined)?.stop_sequence;
  return typeof v === 'string' ? v : undefined;
}

/** Total input = input + cache read + cache write (Bedrock reports them apart). */
export function usageFromBedrock(u: TokenUsage | undefined): Usage {
  return usageOf(u?.inputTokens ?? 0, u?.outputTokens ?? 0, u?.cacheReadInputTokens ?? 0, u?.cacheWriteInputTokens ?? 0);
}

/**
 * `answerTool`: the forced tool of a `response_format` request; its input is the answer, as JSON
 * text (any text the model wrote around it is not part of a JSON answer).
 */
export function fromConverseOutput(out: { output?: ConverseOutput; stopReason?: string; usage?: TokenUsage; additionalModelResponseFields?: unknown }, answerTool?: string): ProviderChatResult {
  const blocks: ContentBlock[] = out.output?.message?.content ?? [];
  let content = '';
  const toolCalls: ToolCall[] = [];
  if (answerTool !== undefined) {
    const answer = blocks.find((b) => b.toolUse?.name === answerTool)?.toolUse;
    const stopReason = out.stopReason === 'tool_use' ? 'end_turn' : stopReasonOf(out.stopReason);
    return { content: answer ? JSON.stringify(answer.input ?? {}) : '', toolCalls, stopReason, usage: usageFromBedrock(out.usage) };
  }
  for (const b of blocks) {
    if (b.text !== undefined) content += b.text;
    else if (b.toolUse) toolCalls.push({ id: b.toolUse.toolUseId ?? '', name: b.toolUse.name ?? '', arguments: (b.toolUse.input ?? {}) as Record<string, unknown> });
  }
  const result: ProviderChatResult = { content, toolCalls, stopReason: stopReasonOf(out.stopReason), usage: usageFromBedrock(out.usage) };
  const stopSequence = result.stopReason === 'stop_sequence' ? stopSequenceOf(out.additionalModelResponseFields) : undefined;
  if (stopSequence !== undefined) result.stopSequence = stopSequence;
  return result;
}
