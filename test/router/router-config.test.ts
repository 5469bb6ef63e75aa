// Config defaults and validation, reachability probes, /v1/score fallback, caller cancellation,
// and Bedrock pools failing over on refused connections and hangs.
import { describe, expect, it } from 'vitest';
import { checkRouterHealth, createRouter, RouterConfigSchema } from '../../services/router';
import { startVllmStandin } from '../support/vllm-standin';
import { startBedrockStandin } from '../support/bedrock-standin';
import { collect, streamedText, T1, testRouter, until, user, closeAfterEach, useStandinAwsCredentials } from './fixtures';

const cleanup = closeAfterEach();
useStandinAwsCredentials();

describe('router config', () => {
  it('parses an empty section with every default', () => {
    const cfg = RouterConfigSchema.parse({});
    expect(cfg).toMatchObject({ deployments: [], models: {}, retry: { maxAttempts: 4 }, breaker: { consecutiveFailures: 5 }, priority: { interactiveReservedShare: 0.25 }, limits: { default: { requestsPerMinute: 0 }, tenants: {} }, midStreamContinuation: true });
  });

  it('rejects models naming unknown deployments or fallbacks', () => {
    const dep = { id: 'd', provider: 'openai' as const, model: 'm', endpoint: 'http://127.0.0.1:9', scrapeMetrics: false };
    expect(() => createRouter({ deployments: [dep], models: { a: { deployments: ['nope'] } } })).toThrow(/unknown deployment 'nope'/);
    expect(() => createRouter({ deployments: [dep], models: { a: { deployments: ['d'], fallbacks: ['ghost'] } } })).toThrow(/unknown model 'ghost'/);
  });
});

describe('router probes and extras', () => {
  it('probes vLLM /health and reports breaker state together', async () => {
    const up = await startVllmStandin({ model: 'm' });
    const down = await startVllmStandin({ model: 'm' });
    cleanup.push(() => up.close(), () => down.close());
    await down.setFaults({ refuse: true });
    const { router } = testRouter({
      deployments: [
        { id: 'up', provider: 'openai', model: 'm', endpoint: up.url, scrapeMetrics: false },
        { id: 'down', provider: 'openai', model: 'm', endpoint: down.url, scrapeMetrics: false },
        { id: 'br', provider: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0', region: 'us-east-1' },
      ],
      models: { m: { deployments: ['up', 'down'] } },
    });
    cleanup.push(() => router.close());
    const h = await checkRouterHealth(router, 1_000);
    expect(h.map((x) => [x.deployment, x.breaker, x.reachable])).toEqual([['up', 'closed', true], ['down', 'closed', false], ['br', 'closed', undefined]]);
  });

  it('falls back to /v1/score where /v1/rerank is missing', async () => {
    const s = await startVllmStandin({ model: 'ce', scoreOnly: true });
    cleanup.push(() => s.close());
    const { router } = testRouter({ deployments: [{ id: 'ce', provider: 'openai', model: 'ce', endpoint: s.url, scrapeMetrics: false }], models: { rerank: { deployments: ['ce'] } } });
    cleanup.push(() => router.close());
    const r = await router.rerank({ model: 'rerank', query: 'red apple', documents: ['sky', 'red apple pie', 'grass'], topN: 1 }, T1);
    expect(r.results).toHaveLength(1);
    expect(r.results[0].index).toBe(1);
  });

  it('stops a call the caller cancels, without blaming the deployment', async () => {
    const s = await startVllmStandin({ model: 'm' });
    cleanup.push(() => s.close());
    await s.setFaults({ hang: true });
    const { router } = testRouter({ deployments: [{ id: 'd', provider: 'openai', model: 'm', endpoint: s.url, scrapeMetrics: false }], models: { m: { deployments: ['d'] } } });
    cleanup.push(() => router.close());
    const ac = new AbortController();
    const p = router.chat({ model: 'm', messages: [user('x')] }, { ...T1, signal: ac.signal }).catch((e) => e);
    await until(() => s.requests.length === 1);
    ac.abort();
    const err = await p;
    expect(err.info).toMatchObject({ kind: 'cancelled', retryable: false });
    expect(router.health!()[0]).toMatchObject({ breaker: 'closed', consecutiveFailures: 0, inFlight: 0 });
  });
});

describe('bedrock pools fail over', () => {
  it('moves from a refusing or hanging Bedrock region to the next one', async () => {
    const east = await startBedrockStandin({ respond: () => ({ content: 'east' }) });
    const west = await startBedrockStandin({ respond: () => ({ content: 'west' }) });
    cleanup.push(() => east.close(), () => west.close());
    const model = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
    const { router } = testRouter({
      deployments: [
        { id: 'east', provider: 'bedrock', model, endpoint: east.url, region: 'us-east-1', timeoutMs: 300, ttftTimeoutMs: 300 },
        { id: 'west', provider: 'bedrock', model, endpoint: west.url, region: 'us-west-2' },
      ],
      models: { claude: { deployments: ['east', 'west'] } },
      breaker: { consecutiveFailures: 100 },
    }, { random: () => 0 });
    cleanup.push(() => router.close());
    await east.setFaults({ refuse: true });
    const a = await router.chat({ model: 'claude', messages: [user('x')] }, T1);
    expect(a.content).toBe('west');
    expect(a.failovers[0].error).toMatch(/^connection/);
    await east.setFaults({ hang: true });
    const b = await router.chat({ model: 'claude', messages: [user('x')] }, T1);
    expect(b.content).toBe('west');
    expect(b.failovers[0].error).toMatch(/^timeout/);
    const c = await collect(router.chatStream({ model: 'claude', messages: [user('x')] }, T1));
    expect(streamedText(c)).toBe('west');
    await east.setFaults({ exception: { name: 'ThrottlingException' } });
    const d = await router.chat({ model: 'claude', messages: [user('x')] }, T1);
    expect(d.failovers[0].error).toMatch(/^throttled: ThrottlingException/);
    expect(west.requests.at(-1)!.authorization).toMatch(/\/us-west-2\/bedrock\/aws4_request/);
  });
});
