// The push SSE parser of the OpenAI-compatible provider: the content-delta fast path must read
// exactly what a full JSON parse reads, and fall back for every other chunk layout.
import { describe, expect, it } from 'vitest';
import { OpenAIStreamParser, sniffContentDelta } from '../../services/router/providers/openai/stream';

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}, finish: string | null = null) =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', ...extra, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });

describe('sniffContentDelta', () => {
  it('reads the same text as JSON.parse, escapes and look-alike tails included', () => {
    for (const text of [' word', '', 'say "hi"', 'a\\b\n\t', '"},"logprobs":null,"finish_reason":null}]}', 'ünï 😀', '\u0000\u2028']) {
      const data = chunk({ content: text });
      expect(sniffContentDelta(data)).toBe(JSON.parse(data).choices[0].delta.content);
    }
  });

  it('declines role, finish, usage, tool-call and foreign layouts', () => {
    expect(sniffContentDelta(chunk({ role: 'assistant', content: '' }))).toBeUndefined();
    expect(sniffContentDelta(chunk({ content: '' }, {}, 'stop'))).toBeUndefined();
    expect(sniffContentDelta(chunk({ content: 'x' }, { usage: { prompt_tokens: 1 } }))).toBeUndefined();
    expect(sniffContentDelta(chunk({ content: 'x', tool_calls: [] }))).toBeUndefined();
    expect(sniffContentDelta(JSON.stringify({ choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }] }))).toBeUndefined();
  });
});

describe('OpenAIStreamParser', () => {
  it('keeps usage that arrives before choices, splits packets anywhere and completes at [DONE]', () => {
    const p = new OpenAIStreamParser('d');
    const body = [
      `data: ${chunk({ content: 'Hel' })}\n\n`,
      `data: ${chunk({ content: 'lo' }, { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\r\n\r\n`,
      `data: ${chunk({}, {}, 'stop')}\n\n`,
      'data: [DONE]\n\n',
    ].join('');
    for (let i = 0; i < body.length; i += 7) p.push(body.slice(i, i + 7));
    expect(p.sawDone).toBe(true);
    p.end();
    expect(p.out).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'done', stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } },
    ]);
  });

  it('throws a classified error for an error event and for a body cut before completion', () => {
    const p = new OpenAIStreamParser('d');
    expect(() => p.push(`data: ${JSON.stringify({ error: { message: 'boom', code: 500 } })}\n\n`)).toThrow(/boom/);
    const q = new OpenAIStreamParser('d');
    q.push(`data: ${chunk({ content: 'x' })}\n\n`);
    expect(() => q.end()).toThrow(/before completion/);
  });
});
