// Load-aware choice: spillover to on-demand capacity, least-loaded with weights, and the vLLM
// /metrics queue as a saturation signal.
import { describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { startBedrockStandin } from '../support/bedrock-standin';
import { collect, deferred, metricValue, seeded, T1, testRouter, until, user, closeAfterEach, useStandinAwsCredentials } from './fixtures';
import type { ModelRouter } from '../../services/router';

const cleanup = closeAfterEach();
useStandinAwsCredentials();
const track = <T extends { close(): Promise<void> }>(x: T) => (cleanup.push(() => x.close()), x);

describe('spillover', () => {
  it('absorbs a burst on on-demand Bedrock once provisioned vLLM is saturated, with zero errors', async () => {
    let running = 0;
    let maxRunning = 0;
    const vllm = track(await startVllmStandin({
      model: 'm',
      respond: async () => {
        maxRunning = Math.max(maxRunning, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return { content: 'from vllm' };
      },
    }));
    const br = track(await startBedrockStandin({ latencyMs: 5 }));
    const { router, registry } = testRouter({
      deployments: [
        { id: 'prov', provider: 'openai', model: 'm', endpoint: vllm.url, capacity: 'provisioned', maxConcurrency: 3, scrapeMetrics: false },
        { id: 'od', provider: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0', endpoint: br.url, region: 'us-east-1', capacity: 'on-demand', maxConcurrency: 64 },
      ],
      models: { m: { deployments: ['prov', 'od'] } },
    });
    track(router);
    const calls = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? router.chat({ model: 'm', messages: [user(`q${i}`)] }, T1).then((r) => ({ ok: true, by: r.servedBy.deployment, failovers: r.failovers.length }))
        : collect(router.chatStream({ model: 'm', messages: [user(`q${i}`)] }, T1)).then((ev) => {
          const end = ev.at(-1)!;
          return { ok: end.type === 'end', by: end.type === 'end' ? end.response.servedBy.deployment : 'error', failovers: end.type === 'end' ? end.response.failovers.length : -1 };
        }));
    const results = await Promise.all(calls);
    expect(results.every((r) => r.ok && r.failovers === 0)).toBe(true);
    const byProv = results.filter((r) => r.by === 'prov').length;
    const byOd = results.filter((r) => r.by === 'od').length;
    expect(byProv).toBeGreaterThanOrEqual(3);
    expect(byOd).toBeGreaterThan(0);
    expect(byProv + byOd).toBe(40);
    expect(maxRunning).toBeLessThanOrEqual(3);
    expect(await metricValue(registry, 'keel_router_spillovers_total', { deployment: 'od' })).toBe(byOd);
  });

  it('treats a vLLM queue above its threshold (from /metrics) as saturation', async () => {
    const gate = deferred();
    const vllm = track(await startVllmStandin({ model: 'm', maxRunning: 1, respond: async () => (await gate.promise, { content: 'vllm' }) }));
    const spare = track(await startVllmStandin({ model: 'm', respond: () => ({ content: 'spare' }) }));
    const { router } = testRouter({
      deployments: [
        { id: 'self', provider: 'openai', model: 'm', endpoint: vllm.url, capacity: 'self-hosted', maxConcurrency: 50, maxQueueWaiting: 0 },
        { id: 'od', provider: 'openai', model: 'm', endpoint: spare.url, capacity: 'on-demand', scrapeMetrics: false },
      ],
      models: { m: { deployments: ['self', 'od'] } },
      loadScrapeIntervalMs: 20,
    });
    track(router);
    const held = [router.chat({ model: 'm', messages: [user('a')] }, T1), router.chat({ model: 'm', messages: [user('b')] }, T1)];
    await until(() => vllm.stats().waiting === 1);
    await until(() => router.health!().find((h) => h.deployment === 'self')!.engineQueue === 1);
    const spilled = await router.chat({ model: 'm', messages: [user('c')] }, T1);
    expect(spilled.servedBy.deployment).toBe('od');
    gate.resolve();
    expect((await Promise.all(held)).map((r) => r.servedBy.deployment)).toEqual(['self', 'self']);
  });
});

describe('choice within a class', () => {
  async function pair(weights: [number, number]) {
    const a = track(await startVllmStandin({ model: 'm', respond: () => ({ content: 'a' }) }));
    const b = track(await startVllmStandin({ model: 'm', respond: () => ({ content: 'b' }) }));
    return { a, b, dep: (id: string, s: VllmStandin, w: number) => ({ id, provider: 'openai' as const, model: 'm', endpoint: s.url, weight: w, scrapeMetrics: false }), weights };
  }

  it('sends a canary its weighted share', async () => {
    const { a, b, dep } = await pair([9, 1]);
    const router: ModelRouter = track(testRouter({ deployments: [dep('main', a, 9), dep('canary', b, 1)], models: { m: { deployments: ['main', 'canary'] } } }, { random: seeded(7) }).router);
    let canary = 0;
    for (let i = 0; i < 200; i++) if ((await router.chat({ model: 'm', messages: [user('x')] }, T1)).servedBy.deployment === 'canary') canary++;
    expect(canary).toBeGreaterThan(8);
    expect(canary).toBeLessThan(40);
  });

  it('prefers the least-loaded deployment', async () => {
    const gate = deferred();
    const busy = track(await startVllmStandin({ model: 'm', respond: async () => (await gate.promise, { content: 'busy' }) }));
    const idle = track(await startVllmStandin({ model: 'm', respond: () => ({ content: 'idle' }) }));
    const dep = (id: string, s: VllmStandin) => ({ id, provider: 'openai' as const, model: 'm', endpoint: s.url, scrapeMetrics: false });
    let pick = 0;
    const router = track(testRouter({ deployments: [dep('busy', busy), dep('idle', idle)], models: { m: { deployments: ['busy', 'idle'] } } }, { random: () => pick }).router);
    const held = [1, 2, 3].map(() => router.chat({ model: 'm', messages: [user('x')] }, T1));
    await until(() => busy.requests.length === 3);
    pick = 0.5;
    const res = await router.chat({ model: 'm', messages: [user('y')] }, T1);
    expect(res.servedBy.deployment).toBe('idle');
    gate.resolve();
    await Promise.all(held);
  });
});
