// Mid-stream failure: after tokens were sent, the stream continues on another deployment from
// the text already produced, with nothing duplicated or lost; tool calls are never emitted twice.
import { describe, expect, it } from 'vitest';
import { startVllmStandin } from '../support/vllm-standin';
import { startBedrockStandin } from '../support/bedrock-standin';
import { fromConverseStream } from '../../services/router/providers/bedrock/stream';
import { collect, metricValue, streamedText, T1, testRouter, user, closeAfterEach, useStandinAwsCredentials } from './fixtures';

const FULL = 'The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun.';
const cleanup = closeAfterEach();
useStandinAwsCredentials();

async function vllmPair(reply: { content: string; toolCalls?: Array<{ name: string; arguments: Record<string, unknown> }> } = { content: FULL }) {
  const a = await startVllmStandin({ model: 'm', respond: () => reply });
  const b = await startVllmStandin({ model: 'm', respond: () => reply });
  cleanup.push(() => a.close(), () => b.close());
  const { router, registry } = testRouter({
    deployments: [a, b].map((s, i) => ({ id: i ? 'b' : 'a', provider: 'openai' as const, model: 'm', endpoint: s.url, scrapeMetrics: false })),
    models: { m: { deployments: ['a', 'b'] } },
  }, { random: () => 0 });
  cleanup.push(() => router.close());
  return { a, b, router, registry };
}

describe('mid-stream continuation', () => {
  it('continues a vLLM stream cut after K tokens to exactly the full text', async () => {
    const { a, b, router, registry } = await vllmPair();
    await a.setFaults({ disconnectAfterTokens: 4 });
    const events = await collect(router.chatStream({ model: 'm', messages: [user('tell me')] }, T1));
    expect(streamedText(events)).toBe(FULL);
    expect(events.filter((e) => e.type === 'start')).toHaveLength(1);
    expect(events.some((e) => e.type === 'error')).toBe(false);
    const end = events.at(-1)!;
    expect(end.type).toBe('end');
    if (end.type === 'end') {
      expect(end.response.content).toBe(FULL);
      expect(end.response.servedBy.deployment).toBe('b');
      expect(end.response.failovers).toMatchObject([{ deployment: 'a' }]);
    }
    const cont = b.requests.at(-1)!;
    expect(cont.continue_final_message).toBe(true);
    expect(cont.add_generation_prompt).toBe(false);
    expect(cont.messages.at(-1)).toEqual({ role: 'assistant', content: 'The quick brown fox' });
    expect(await metricValue(registry, 'keel_router_stream_continuations_total', { deployment: 'b' })).toBe(1);
  });

  it('retries transparently, without a prefill, when the cut comes before the first token', async () => {
    const { a, b, router } = await vllmPair();
    await a.setFaults({ disconnectAfterTokens: 0 });
    const events = await collect(router.chatStream({ model: 'm', messages: [user('tell me')] }, T1));
    expect(streamedText(events)).toBe(FULL);
    expect(b.requests.at(-1)!.continue_final_message).toBeUndefined();
    expect(a.requests).toHaveLength(1);
  });

  it('restarts a tool-call stream without emitting a tool call twice', async () => {
    const { a, router } = await vllmPair({ content: 'Let me check that.', toolCalls: [{ name: 'lookup', arguments: { q: 'fox' } }] });
    await a.setFaults({ disconnectAfterTokens: 4 }); // after all text, before the tool call deltas
    const events = await collect(router.chatStream({ model: 'm', messages: [user('x')], tools: [{ name: 'lookup', description: '', inputSchema: { type: 'object' } }] }, T1));
    expect(streamedText(events)).toBe('Let me check that.');
    const calls = events.filter((e) => e.type === 'tool_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ toolCall: { name: 'lookup', arguments: { q: 'fox' } } });
    const end = events.at(-1)!;
    expect(end.type === 'end' && end.response.toolCalls).toHaveLength(1);
  });

  it('continues across providers: a Bedrock in-stream exception, then vLLM', async () => {
    const br = await startBedrockStandin({ respond: () => ({ content: FULL }) });
    const v = await startVllmStandin({ model: 'm', respond: () => ({ content: FULL }) });
    cleanup.push(() => br.close(), () => v.close());
    const { router } = testRouter({
      deployments: [
        { id: 'bedrock', provider: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0', endpoint: br.url, region: 'us-east-1' },
        { id: 'vllm', provider: 'openai', model: 'm', endpoint: v.url, scrapeMetrics: false },
      ],
      models: { m: { deployments: ['bedrock', 'vllm'] } },
    }, { random: () => 0 });
    cleanup.push(() => router.close());
    await br.setFaults({ streamException: { name: 'ModelStreamErrorException', afterTokens: 6 } });
    const events = await collect(router.chatStream({ model: 'm', messages: [user('x')] }, T1));
    expect(streamedText(events)).toBe(FULL);
    const end = events.at(-1)!;
    expect(end.type === 'end' && end.response.failovers[0].error).toMatch(/^model_error: ModelStreamErrorException/);

    await br.setFaults({ disconnectAfterTokens: 5 });
    const cut = await collect(router.chatStream({ model: 'm', messages: [user('x')] }, T1));
    expect(streamedText(cut)).toBe(FULL);
    expect(v.requests.at(-1)!.messages.at(-1)).toEqual({ role: 'assistant', content: 'The quick brown fox jumps' });
  });

  it('continues on Bedrock with a prefill and no repeated whitespace', async () => {
    const text = 'Line one.\n\nLine two follows here.';
    const v = await startVllmStandin({ model: 'm', respond: () => ({ content: text }) });
    const br = await startBedrockStandin({ respond: () => ({ content: text }) });
    cleanup.push(() => br.close(), () => v.close());
    const { router } = testRouter({
      deployments: [
        { id: 'vllm', provider: 'openai', model: 'm', endpoint: v.url, scrapeMetrics: false },
        { id: 'bedrock', provider: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0', endpoint: br.url, region: 'us-east-1' },
      ],
      models: { m: { deployments: ['vllm', 'bedrock'] } },
    }, { random: () => 0 });
    cleanup.push(() => router.close());
    await v.setFaults({ disconnectAfterTokens: 2 });
    const events = await collect(router.chatStream({ model: 'm', messages: [user('x')] }, T1));
    expect(streamedText(events)).toBe(text);
    const sent = br.requests.at(-1)!.body.messages.at(-1);
    expect(sent).toEqual({ role: 'assistant', content: [{ text: 'Line one.' }] });
  });

  it('drops whitespace a trimmed Bedrock prefill makes the model repeat', async () => {
    async function* events() {
      yield { messageStart: { role: 'assistant' as const } };
      yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: '\n\nLine' } } };
      yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: ' two' } } };
      yield { messageStop: { stopReason: 'end_turn' as const } };
    }
    const out = [];
    for await (const e of fromConverseStream(events(), 'd', '\n\n')) out.push(e);
    expect(out.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text).join('')).toBe('Line two');
  });

  it('continues only on deployments that support prefill', async () => {
    const a = await startVllmStandin({ model: 'm', respond: () => ({ content: FULL }) });
    const hosted = await startVllmStandin({ model: 'm', respond: () => ({ content: FULL }) });
    const b = await startVllmStandin({ model: 'm', respond: () => ({ content: FULL }) });
    cleanup.push(() => a.close(), () => hosted.close(), () => b.close());
    const { router } = testRouter({
      deployments: [
        { id: 'a', provider: 'openai', model: 'm', endpoint: a.url, scrapeMetrics: false },
        { id: 'hosted', provider: 'openai', model: 'm', endpoint: hosted.url, scrapeMetrics: false, supportsPrefill: false },
        { id: 'b', provider: 'openai', model: 'm', endpoint: b.url, scrapeMetrics: false },
      ],
      models: { m: { deployments: ['a', 'hosted', 'b'] } },
    }, { random: () => 0 });
    cleanup.push(() => router.close());
    await a.setFaults({ disconnectAfterTokens: 3 });
    const events = await collect(router.chatStream({ model: 'm', messages: [user('x')] }, T1));
    expect(streamedText(events)).toBe(FULL);
    expect(hosted.requests).toHaveLength(0);
    expect(b.requests.at(-1)!.continue_final_message).toBe(true);
  });

  it('does not blame the deployment for a consumer slower than its chunk timeout', async () => {
    const s = await startVllmStandin({ model: 'm', respond: () => ({ content: FULL }) });
    cleanup.push(() => s.close());
    await s.setFaults({ tokenDelayMs: 10 }); // still streaming while the consumer stalls
    const { router } = testRouter({ deployments: [{ id: 'd', provider: 'openai', model: 'm', endpoint: s.url, scrapeMetrics: false, timeoutMs: 500 }], models: { m: { deployments: ['d'] } } });
    cleanup.push(() => router.close());
    let text = '';
    let end: unknown;
    for await (const e of router.chatStream({ model: 'm', messages: [user('x')] }, T1)) {
      if (e.type === 'delta') {
        text += e.text;
        if (text === 'The') await new Promise((r) => setTimeout(r, 1_200));
      }
      if (e.type === 'end') end = e.response;
    }
    expect(text).toBe(FULL);
    expect(end).toMatchObject({ failovers: [] });
  });

  it('ends with an error event after partial output when continuation is turned off', async () => {
    const { a, b, router } = await vllmPair();
    await a.setFaults({ disconnectAfterTokens: 3 });
    const events = await collect(router.chatStream({ model: 'm', messages: [user('x')] }, { ...T1, midStreamContinuation: false }));
    expect(streamedText(events)).toBe('The quick brown');
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'connection' } });
    expect((events.at(-1) as { error: { message: string } }).error.message).toMatch(/continuation disabled/);
    expect(b.requests).toHaveLength(0);
  });
});
