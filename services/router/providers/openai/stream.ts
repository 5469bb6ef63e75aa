// OpenAI-compatible SSE chunks -> canonical stream events. Tool-call deltas are assembled by
// index and emitted whole; usage comes from the final `choices: []` chunk (include_usage).
// Several answers (`n` > 1) arrive interleaved by choice index; each ends with a `choice_end`.
// `OpenAIStreamParser` is push-based (bytes in, events out) so the HTTP layer can feed it
// straight from the socket without a stream or a promise per chunk.
import { StringDecoder } from 'node:string_decoder';
import { RouterError } from '../../errors';
import type { StopReason, Usage } from '../../types';
import type { ProviderStreamEvent } from '../types';
import { logprobsOf, parseToolArguments, stopReasonOf, stopSequenceOf, usageFromOpenAI } from './response';

const EVENT_END = /\r?\n\r?\n/;

/** The `data:` payload of one SSE event block ('' when it has none). */
export function sseDataOf(block: string): string {
  // Common case (vLLM, OpenAI): a single `data: ` line.
  if (block.startsWith('data: ') && !block.includes('\n')) return block.slice(6);
  let data = '';
  for (const line of block.split(/\r?\n/)) if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line[5] === ' ' ? 6 : 5);
  return data;
}

// The tail every plain text-delta chunk of vLLM / OpenAI ends with; anything else takes the full parse.
const CONTENT_AT = '"choices":[{"index":0,"delta":{"content":"';
const CONTENT_TAIL = '"},"logprobs":null,"finish_reason":null}]}';

/**
 * The text of a plain content-delta chunk without parsing the whole chunk, or undefined when the
 * chunk is anything else (role, tool calls, finish, usage, error, another layout).
 */
export function sniffContentDelta(data: string): string | undefined {
  if (!data.endsWith(CONTENT_TAIL) || !data.startsWith('{"id":')) return undefined;
  const at = data.indexOf(CONTENT_AT);
  if (at < 0) return undefined;
  const head = data.slice(0, at);
  if (head.includes('"usage"') || head.includes('"error"')) return undefined;
  // From the opening quote to the closing one: must be exactly one JSON string literal.
  const literal = data.slice(at + CONTENT_AT.length - 1, data.length - CONTENT_TAIL.length + 1);
  if (!literal.includes('\\')) return literal.indexOf('"', 1) === literal.length - 1 ? literal.slice(1, -1) : undefined;
  try {
    const v = JSON.parse(literal);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export class OpenAIStreamParser {
  /** Events parsed so far and not yet taken by the consumer. */
  out: ProviderStreamEvent[] = [];
  /** Tool calls being assembled, by choice index then tool-call index. */
  private readonly calls = new Map<number, Map<number, { id: string; name: string; args: string }>>();
  private readonly decoder = new StringDecoder('utf8');
  private stopReason?: StopReason;
  private stopSequence?: string;
  private usage?: Usage;
  private done = false;
  private buf = '';

  /** `data: [DONE]` arrived: the answer is complete even if the body has not ended yet. */
  get sawDone(): boolean {
    return this.done;
  }

  /** `choices`: how many answers were asked for (`n`); above 1 each answer's end is reported. */
  constructor(private readonly deployment: string, private readonly choices = 1) {}

  /** Feeds raw bytes; throws a classified RouterError for error events and malformed chunks. */
  push(piece: Uint8Array | string): void {
    const text = typeof piece === 'string' ? piece : this.decoder.write(piece as Buffer);
    let buf = this.buf ? this.buf + text : text;
    if (!buf.includes('\r')) {
      for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        if (!this.done) this.block(block);
      }
    } else {
      for (let m = EVENT_END.exec(buf); m; m = EVENT_END.exec(buf)) {
        const block = buf.slice(0, m.index);
        buf = buf.slice(m.index + m[0].length);
        if (!this.done) this.block(block);
      }
    }
    this.buf = buf;
  }

  /** The body ended: throws when the stream stopped before completion, else emits `done`. */
  end(): void {
    if (!this.done && !this.stopReason) throw new RouterError('connection', 'stream ended before completion', { deployment: this.deployment });
    for (const index of [...this.calls.keys()]) this.flushCalls(index);
    const done: ProviderStreamEvent = { type: 'done', stopReason: this.stopReason ?? 'end_turn', usage: this.usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
    if (this.stopSequence !== undefined) done.stopSequence = this.stopSequence;
    this.out.push(done);
  }

  private block(block: string) {
    const data = sseDataOf(block);
    if (!data) return;
    if (data === '[DONE]') return void (this.done = true); // keep reading to the end so the connection is reused
    const text = sniffContentDelta(data);
    if (text !== undefined) {
      if (text) this.out.push({ type: 'delta', text });
      return;
    }
    let chunk: any;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new RouterError('model_error', `malformed stream chunk: ${data.slice(0, 200)}`, { deployment: this.deployment });
    }
    if (chunk.error || chunk.object === 'error') {
      const e = chunk.error ?? chunk;
      const code = Number(e.code);
      throw new RouterError(code === 429 ? 'throttled' : code === 400 ? 'validation' : 'model_error', `stream error: ${e.message ?? JSON.stringify(e)}`, { deployment: this.deployment });
    }
    if (chunk.usage) this.usage = usageFromOpenAI(chunk.usage);
    if (Array.isArray(chunk.choices)) for (const choice of chunk.choices) this.choice(choice);
  }

  private choice(choice: any) {
    const index = Number(choice.index ?? 0);
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content) {
      const logprobs = logprobsOf(choice.logprobs);
      const ev: ProviderStreamEvent = { type: 'delta', text: delta.content };
      if (index) ev.index = index;
      if (logprobs) ev.logprobs = logprobs;
      this.out.push(ev);
    }
    if (delta.tool_calls) {
      let calls = this.calls.get(index);
      if (!calls) this.calls.set(index, (calls = new Map()));
      for (const tc of delta.tool_calls) {
        const idx = Number(tc.index ?? 0);
        const cur = calls.get(idx) ?? { id: '', name: '', args: '' };
        if (tc.id) cur.id = tc.id;
        if (tc.function?.name) cur.name += tc.function.name;
        if (tc.function?.arguments) cur.args += tc.function.arguments;
        calls.set(idx, cur);
      }
    }
    if (choice.finish_reason) {
      const stopReason: StopReason = this.calls.get(index)?.size ? 'tool_use' : stopReasonOf(choice.finish_reason, choice.stop_reason);
      if (index === 0 || this.stopReason === undefined) {
        this.stopReason = stopReason;
        this.stopSequence = stopReason === 'stop_sequence' ? stopSequenceOf(choice.stop_reason) : undefined;
      }
      this.flushCalls(index);
      if (this.choices > 1) this.out.push({ type: 'choice_end', index, stopReason });
    }
  }

  private flushCalls(index: number) {
    const calls = this.calls.get(index);
    if (!calls) return;
    for (const [, c] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
      const ev: ProviderStreamEvent = { type: 'tool_call', toolCall: { id: c.id, name: c.name, arguments: parseToolArguments(c.args) } };
      if (index) ev.index = index;
      this.out.push(ev);
    }
    this.calls.delete(index);
  }
}
