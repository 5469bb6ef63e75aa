// OpenAI-compatible SSE chunks -> canonical stream events. Tool-call deltas are assembled by
// index and emitted whole; usage comes from the final `choices: []` chunk (include_usage).
import { RouterError } from '../../errors';
import type { StopReason, Usage } from '../../types';
import type { ProviderStreamEvent } from '../types';
import { parseToolArguments, stopReasonOf, usageFromOpenAI } from './response';

/** Yields the `data:` payloads of an SSE byte stream. */
export async function* sseData(body: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let sep: number;
    while ((sep = buf.search(/\r?\n\r?\n/)) >= 0) {
      const event = buf.slice(0, sep);
      buf = buf.slice(sep + (buf[sep] === '\r' ? 4 : 2));
      let data = '';
      for (const line of event.split(/\r?\n/)) {
        if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line[5] === ' ' ? 6 : 5);
      }
      if (data) yield data;
    }
  }
}

export async function* fromOpenAIStream(body: AsyncIterable<Buffer | Uint8Array | string>, deployment: string): AsyncGenerator<ProviderStreamEvent> {
  const calls = new Map<number, { id: string; name: string; args: string }>();
  let stopReason: StopReason | undefined;
  let usage: Usage | undefined;
  let done = false;
  const flushCalls = function* (): Generator<ProviderStreamEvent> {
    for (const [, c] of [...calls.entries()].sort((a, b) => a[0] - b[0]))
      yield { type: 'tool_call', toolCall: { id: c.id, name: c.name, arguments: parseToolArguments(c.args) } };
    calls.clear();
  };
  for await (const data of sseData(body)) {
    if (data === '[DONE]') {
      done = true; // read on to the end of the body: leaving early makes undici abort it
      continue;
    }
    if (done) continue;
    let chunk: any;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new RouterError('model_error', `malformed stream chunk: ${data.slice(0, 200)}`, { deployment });
    }
    if (chunk.error || chunk.object === 'error') {
      const e = chunk.error ?? chunk;
      const code = Number(e.code);
      const kind = code === 429 ? 'throttled' : code === 400 ? 'validation' : 'model_error';
      throw new RouterError(kind, `stream error: ${e.message ?? JSON.stringify(e)}`, { deployment });
    }
    if (chunk.usage) usage = usageFromOpenAI(chunk.usage);
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content) yield { type: 'delta', text: delta.content };
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
      yield* flushCalls();
    }
  }
  if (!done && !stopReason) throw new RouterError('connection', 'stream ended before completion', { deployment });
  yield* flushCalls();
  yield { type: 'done', stopReason: stopReason ?? 'end_turn', usage: usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
}
