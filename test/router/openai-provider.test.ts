// The router against one vLLM stand-in: canonical <-> OpenAI mapping both ways, JSON and SSE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { createRouter, RouterError, type ChatStreamEvent, type ModelRouter } from '../../services/router';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';

let vllm: VllmStandin;
let router: ModelRouter;
const opts = { tenantId: 't1' };

beforeAll(async () => {
  vllm = await startVllmStandin({
    model: 'qwen',
    respond: (req) => {
      const last = req.messages[req.messages.length - 1];
      if (req.tools?.length && last.role === 'user')
        return { content: 'Let me look.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo', days: 2 } }] };
      if (last.role === 'tool') return { content: `weather is ${last.content}` };
      return { content: `echo: ${last.content}`, usage: { prompt_tokens: 11, completion_tokens: 3 } };
    },
  });
  router = createRouter(
    {
      deployments: [
        { id: 'vllm-a', provider: 'openai', model: 'qwen', endpoint: vllm.url },
        { id: 'vllm-v1', provider: 'openai', model: 'qwen', endpoint: `${vllm.url}/v1/`, scrapeMetrics: false },
      ],
      models: { chat: { deployments: ['vllm-a'] }, 'chat-v1': { deployments: ['vllm-v1'] }, embed: { deployments: ['vllm-a'] } },
    },
    { registry: new Registry() },
  );
});
afterAll(async () => {
  await router?.close();
  await vllm?.close();
});

async function collect(it: AsyncIterable<ChatStreamEvent>) {
  const events: ChatStreamEvent[] = [];
  for await (const e of it) events.push(e);
  return events;
}

describe('openai-compatible provider', () => {
  it('maps a plain chat both ways', async () => {
    const res = await router.chat({ model: 'chat', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there' }], generation: { temperature: 0.2, topP: 0.9, maxTokens: 50, stopSequences: ['END'] } }, opts);
    expect(res.content).toBe('echo: hello there');
    expect(res.stopReason).toBe('end_turn');
    expect(res.usage).toEqual({ inputTokens: 11, outputTokens: 3, totalTokens: 14 });
    expect(res.servedBy).toEqual({ logicalModel: 'chat', deployment: 'vllm-a', provider: 'openai', providerModel: 'qwen' });
    const sent = vllm.requests.at(-1)!;
    expect(sent).toMatchObject({ model: 'qwen', stream: false, temperature: 0.2, top_p: 0.9, max_tokens: 50, stop: ['END'] });
    expect(sent.messages).toEqual([{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there' }]);
  });

  it('accepts an endpoint that already ends in /v1', async () => {
    const res = await router.chat({ model: 'chat-v1', messages: [{ role: 'user', content: 'x' }] }, opts);
    expect(res.servedBy.deployment).toBe('vllm-v1');
  });

  it('maps tools, tool calls and tool results', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const first = await router.chat({ model: 'chat', messages: [{ role: 'user', content: 'weather?' }], tools, toolChoice: 'auto' }, opts);
    expect(first.stopReason).toBe('tool_use');
    expect(first.content).toBe('Let me look.');
    expect(first.toolCalls).toHaveLength(1);
    expect(first.toolCalls[0]).toMatchObject({ name: 'get_weather', arguments: { city: 'Oslo', days: 2 } });
    expect(vllm.requests.at(-1)!.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: tools[0].inputSchema } }]);
    expect(vllm.requests.at(-1)!.tool_choice).toBe('auto');

    const call = first.toolCalls[0];
    const second = await router.chat({
      model: 'chat', tools,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: first.content, toolCalls: [call] },
        { role: 'tool', toolCallId: call.id, content: 'sunny' },
      ],
    }, opts);
    expect(second.content).toBe('weather is sunny');
    expect(vllm.requests.at(-1)!.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: call.id, type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(call.arguments) } }] },
      { role: 'tool', tool_call_id: call.id, content: 'sunny' },
    ]);
  });

  it('streams text deltas, tool calls and the final usage chunk', async () => {
    const events = await collect(router.chatStream({ model: 'chat', messages: [{ role: 'user', content: 'one two three four' }] }, opts));
    expect(events[0]).toMatchObject({ type: 'start', servedBy: { deployment: 'vllm-a' } });
    const text = events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text).join('');
    expect(text).toBe('echo: one two three four');
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(3);
    const end = events.at(-1)!;
    expect(end.type).toBe('end');
    if (end.type === 'end') {
      expect(end.response.content).toBe(text);
      expect(end.response.usage).toEqual({ inputTokens: 11, outputTokens: 3, totalTokens: 14 });
    }
    expect(vllm.requests.at(-1)!.stream_options).toEqual({ include_usage: true });

    const tools = [{ name: 'get_weather', description: '', inputSchema: { type: 'object' } }];
    const withTools = await collect(router.chatStream({ model: 'chat', messages: [{ role: 'user', content: 'weather?' }], tools }, opts));
    const calls = withTools.filter((e) => e.type === 'tool_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ toolCall: { name: 'get_weather', arguments: { city: 'Oslo', days: 2 } } });
    const last = withTools.at(-1)!;
    expect(last.type === 'end' && last.response.stopReason).toBe('tool_use');
  });

  it('embeds and reranks through the same deployment', async () => {
    const emb = await router.embed({ model: 'embed', input: ['alpha beta', 'gamma'] }, opts);
    expect(emb.vectors).toHaveLength(2);
    expect(emb.vectors[0].length).toBe(32);
    expect(emb.usage.inputTokens).toBeGreaterThan(0);
    const rr = await router.rerank({ model: 'embed', query: 'red apple', documents: ['blue sky', 'a red apple pie', 'green grass'], topN: 2 }, opts);
    expect(rr.results).toHaveLength(2);
    expect(rr.results[0].index).toBe(1);
  });

  it('fails a bad request at once with a typed error', async () => {
    const bad = createRouter({ deployments: [{ id: 'wrong', provider: 'openai', model: 'nope', endpoint: vllm.url, scrapeMetrics: false }], models: { m: { deployments: ['wrong'] } } }, { registry: new Registry() });
    const before = vllm.requests.length;
    const err = await bad.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, opts).catch((e) => e);
    expect(err).toBeInstanceOf(RouterError);
    expect(err.info.kind).toBe('not_found');
    expect(err.info.retryable).toBe(false);
    expect(vllm.requests.length - before).toBe(1);
    const unknown = await bad.chat({ model: 'missing', messages: [{ role: 'user', content: 'x' }] }, opts).catch((e) => e);
    expect(unknown.info.kind).toBe('not_found');
    await bad.close();
  });
  it('frames each of n answers with choice_start / deltas / choice_end, interleaved as they stream', async () => {
    const events = await collect(router.chatStream({ model: 'chat', messages: [{ role: 'user', content: 'a b' }], n: 2, generation: { logprobs: true } }, opts));
    const framing = events.filter((e) => e.type !== 'delta').map((e) => (e.type === 'choice_start' || e.type === 'choice_end' ? `${e.type}:${e.index}` : e.type));
    expect(framing).toEqual(['start', 'choice_start:0', 'choice_start:1', 'choice_end:0', 'choice_end:1', 'end']);
    const deltas = events.filter((e): e is Extract<ChatStreamEvent, { type: 'delta' }> => e.type === 'delta');
    expect(deltas.map((d) => d.index ?? 0).slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(deltas.every((d) => d.logprobs?.length === 1)).toBe(true);
    // Each sequence's deltas lie between its own start and end.
    for (const index of [0, 1]) {
      const at = (type: string) => events.findIndex((e) => e.type === type && (e as { index?: number }).index === index);
      const own = events.flatMap((e, i) => (e.type === 'delta' && (e.index ?? 0) === index ? [i] : []));
      expect(Math.min(...own)).toBeGreaterThan(at('choice_start'));
      expect(Math.max(...own)).toBeLessThan(at('choice_end'));
    }
    const end = events.at(-1) as Extract<ChatStreamEvent, { type: 'end' }>;
    expect(end.response.choices!.map((c) => c.content)).toEqual(['echo: a b', 'echo: a b #1']);
    expect(end.response.content).toBe('echo: a b');
    expect(end.response.logprobs!.map((l) => l.token).join('')).toBe('echo: a b');
  });

  it('returns n answers of a unary call as choices', async () => {
    const res = await router.chat({ model: 'chat', messages: [{ role: 'user', content: 'q' }], n: 3 }, opts);
    expect(res.choices!.map((c) => [c.index, c.content, c.stopReason])).toEqual([[0, 'echo: q', 'end_turn'], [1, 'echo: q #1', 'end_turn'], [2, 'echo: q #2', 'end_turn']]);
    expect(vllm.requests.at(-1)).toMatchObject({ n: 3 });
  });
});
