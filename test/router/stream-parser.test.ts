// The push SSE parser of the OpenAI-compatible provider: the content-delta fast path must read
// exactly what a full JSON parse reads, and fall back for every other chunk layout.
import { describe, expect, it } from 'vitest';
import { DeploymentSchema } from '../../services/router/config';
import { createOpenAIProvider } from '../../services/router/providers/openai';
import { OpenAIStreamParser, sniffContentDelta } from '../../services/router/providers/openai/stream';
import type { ProviderStreamEvent, ProviderStreamHandle, ProviderStreamSink } from '../../services/router/providers/types';
import { until } from './fixtures';
import { startVllmStandin } from '../support/vllm-standin';

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

/** Collects a pushed stream; `onBatch` may pause or abort through the handle. */
function pushed(onBatch: (handle: ProviderStreamHandle, events: ProviderStreamEvent[]) => void = () => {}) {
  const events: ProviderStreamEvent[] = [];
  let handle!: ProviderStreamHandle;
  let settle!: (outcome: unknown) => void;
  const ended = new Promise<unknown>((resolve) => (settle = resolve));
  const sink: ProviderStreamSink = {
    events(batch) {
      events.push(...batch);
      if (batch.some((e) => e.type === 'done')) return settle('done');
      onBatch(handle, batch);
    },
    error: (err) => settle(err),
  };
  return { events, sink, ended, bind: (h: ProviderStreamHandle) => (handle = h) };
}

const textOf = (events: ProviderStreamEvent[]) => events.map((e) => (e.type === 'delta' ? e.text : '')).join('');

describe('OpenAI provider stream over the dispatcher', () => {
  it('delivers every delta to a consumer far slower than the socket (pause and resume)', async () => {
    const words = Array.from({ length: 600 }, (_, i) => ` w${i}`).join('');
    const vllm = await startVllmStandin({ model: 'm', respond: () => ({ content: words }) });
    const provider = createOpenAIProvider(DeploymentSchema.parse({ id: 'd', provider: 'openai', model: 'm', endpoint: vllm.url }));
    try {
      let pauses = 0;
      let seen = 0;
      const s = pushed((handle, batch) => {
        const before = seen;
        seen += batch.length;
        if (Math.floor(seen / 100) === Math.floor(before / 100)) return;
        pauses++;
        handle.pause(); // lets the stand-in run far ahead while the socket is not read
        setTimeout(() => handle.resume(), 20);
      });
      s.bind(provider.chatStreamPush!({ model: 'm', messages: [{ role: 'user', content: 'go' }] }, {}, s.sink));
      expect(await s.ended).toBe('done');
      expect(textOf(s.events)).toBe(words);
      expect(s.events.filter((e) => e.type === 'done')).toHaveLength(1);
      expect(pauses).toBeGreaterThan(1);
    } finally {
      await provider.close();
      await vllm.close();
    }
  });

  it('drops the connection when the consumer aborts early, and the next stream still works', async () => {
    const vllm = await startVllmStandin({ model: 'm', respond: () => ({ content: 'a b c d e f g h' }) });
    await vllm.setFaults({ tokenDelayMs: 5 });
    const provider = createOpenAIProvider(DeploymentSchema.parse({ id: 'd', provider: 'openai', model: 'm', endpoint: vllm.url }));
    const req = { model: 'm', messages: [{ role: 'user' as const, content: 'go' }] };
    try {
      const first = pushed((handle, batch) => {
        if (batch.some((e) => e.type === 'delta')) handle.abort(new Error('consumer left'));
      });
      first.bind(provider.chatStreamPush!(req, {}, first.sink));
      await until(() => first.events.length > 0);
      const second = pushed();
      second.bind(provider.chatStreamPush!(req, {}, second.sink));
      expect(await second.ended).toBe('done');
      expect(textOf(second.events)).toBe('a b c d e f g h');
      expect(first.events.some((e) => e.type === 'done')).toBe(false);
    } finally {
      await provider.close();
      await vllm.close();
    }
  });
});
