// ConverseStream events -> canonical stream events. Exceptions that arrive as events after
// HTTP 200 surface from the SDK's iterator as thrown errors and are classified by name.
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { RouterError } from '../../errors';
import type { StopReason, Usage } from '../../types';
import type { ProviderStreamEvent } from '../types';
import { stopReasonOf, stopSequenceOf, usageFromBedrock } from './response';

/** `answerTool`: the forced tool of a `response_format` request, whose input streams out as the answer's text. */
export async function* fromConverseStream(events: AsyncIterable<ConverseStreamOutput>, deployment: string, skipLeading = '', answerTool?: string): AsyncGenerator<ProviderStreamEvent> {
  const tools = new Map<number, { id: string; name: string; input: string }>();
  let stopReason: StopReason | undefined;
  let stopSequence: string | undefined;
  let usage: Usage | undefined;
  let skip = skipLeading;
  for await (const ev of events) {
    if (ev.contentBlockStart?.start?.toolUse) {
      const t = ev.contentBlockStart.start.toolUse;
      if (answerTool !== undefined && t.name === answerTool) continue;
      tools.set(ev.contentBlockStart.contentBlockIndex ?? 0, { id: t.toolUseId ?? '', name: t.name ?? '', input: '' });
    } else if (ev.contentBlockDelta) {
      const d = ev.contentBlockDelta.delta;
      if (answerTool !== undefined) {
        if (d?.toolUse?.input && !tools.has(ev.contentBlockDelta.contentBlockIndex ?? 0)) yield { type: 'delta', text: d.toolUse.input };
      } else if (d?.text) {
        let text = d.text;
        // A trimmed prefill makes the model repeat the trimmed whitespace: drop it once.
        while (skip && text && text[0] === skip[0]) {
          text = text.slice(1);
          skip = skip.slice(1);
        }
        if (text) {
          skip = '';
          yield { type: 'delta', text };
        }
      } else if (d?.toolUse) {
        const t = tools.get(ev.contentBlockDelta.contentBlockIndex ?? 0);
        if (t) t.input += d.toolUse.input ?? '';
      }
    } else if (ev.contentBlockStop) {
      const idx = ev.contentBlockStop.contentBlockIndex ?? 0;
      const t = tools.get(idx);
      if (t) {
        tools.delete(idx);
        let args: Record<string, unknown> = {};
        try {
          args = t.input ? JSON.parse(t.input) : {};
        } catch {
          args = { _raw: t.input };
        }
        yield { type: 'tool_call', toolCall: { id: t.id, name: t.name, arguments: args } };
      }
    } else if (ev.messageStop) {
      stopReason = answerTool !== undefined && ev.messageStop.stopReason === 'tool_use' ? 'end_turn' : stopReasonOf(ev.messageStop.stopReason);
      if (stopReason === 'stop_sequence') stopSequence = stopSequenceOf(ev.messageStop.additionalModelResponseFields);
    } else if (ev.metadata) {
      usage = usageFromBedrock(ev.metadata.usage);
    }
  }
  if (!stopReason) throw new RouterError('connection', 'ConverseStream ended before messageStop', { deployment });
  yield { type: 'done', stopReason, usage: usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, ...(stopSequence !== undefined ? { stopSequence } : {}) };
}
