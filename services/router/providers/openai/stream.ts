// OpenAI-compatible SSE chunks -> canonical stream events. Tool-call deltas are assembled by
// index and emitted whole; usage comes from the final `choices: []` chunk (include_usage).
// One generator parses the bytes and maps the chunks, so each event costs a single hop.
import { RouterError } from '../../errors';
import type { StopReason, Usage } from '../../types';
import type { ProviderStreamEvent } from '../types';
import { parseToolArguments, stopReasonOf, usageFromOpenAI } from './response';

const EVENT_END = /\r?\n\r?\n/;

/** The `data:` payload of one SSE event block ('' when it has none). */
export function sseDataOf(block: string): string {
  let data = '';
  for (const line of block.split(/\r?\n/)) if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line[5] === ' ' ? 6 : 5);
  return data;
}

export async function* fromOpenAIStream(body: AsyncIterable<Buffer | Uint8Array | string>, deployment: string): AsyncGenerator<ProviderStreamEvent> {
  const calls = new Map<number, { id: string; name: string; args: string }>();
  const decoder = new TextDecoder();
  let stopReason: StopReason | undefined;
  let usage: Usage | undefined;
  let done = false;
  let buf = '';
  const out: ProviderStreamEvent[] = [];
  const flushCalls = () => {
    for (const [, c] of [...calls.entries()].sort((a, b) => a[0] - b[0]))
      out.push({ type: 'tool_call', toolCall: { id: c.id, name: c.name, arguments: parseToolArguments(c.args) } });
    calls.clear();
  };
  const handle = (data: string) => {
    if (data === '[DONE]') return void (done = true); // keep reading to the end: leaving early makes undici abort the body
    let chunk: any;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new RouterError('model_error', `malformed stream chunk: ${data.slice(0, 200)}`, { deployment });
    }
    if (chunk.error || chunk.object === 'error') {
      const e = chunk.error ?? chunk;
      const code = Number(e.code);
      throw new RouterError(code === 429 ? 'throttled' : code === 400 ? 'validation' : 'model_error', `stream error: ${e.message ?? JSON.stringify(e)}`, { deployment });
    }
    if (chunk.usage) usage = usageFromOpenAI(chunk.usage);
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content) out.push({ type: 'delta', text: delta.content });
    for (const tc of delta.tool_calls ?? []) {
      const idx = Number(tc.index ?? 0);
      const cur = calls.get(idx) ?? { id: '', name: '', args: '' };
      if (tc.id) cur.id = tc.id;
      if (tc.function?.name) cur.name += tc.function.name;
      if (tc.function?.arguments) cur.args += tc.function.arguments;
      calls.set(idx, cur);
    }
    if (choice.finish_reason) {
      stopReason = calls.size ? 'tool_use' : stopReasonOf(choice.finish_reason, choice.stop_reason);
      flushCalls();
    }
  };
  for await (const piece of body) {
    buf += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    let m: RegExpExecArray | null;
    while ((m = EVENT_END.exec(buf))) {
      const block = buf.slice(0, m.index);
      buf = buf.slice(m.index + m[0].length);
      if (done) continue;
      const data = sseDataOf(block);
      if (data) handle(data);
    }
    if (out.length) {
      for (const e of out) yield e;
      out.length = 0;
    }
  }
  if (!done && !stopReason) throw new RouterError('connection', 'stream ended before completion', { deployment });
  flushCalls();
  for (const e of out) yield e;
  yield { type: 'done', stopReason: stopReason ?? 'end_turn', usage: usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
}
