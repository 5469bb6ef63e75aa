// In-process router overhead and failover, for bench/router.ts.
import { Registry } from 'prom-client';
import { createRouter, type RouterConfigInput } from '../../services/router';
import type { Provider } from '../../services/router/providers/types';
import { createProvider } from '../../services/router/providers';
import { FAILOVER_CALLS, INPROC_CALLS, INPROC_WARMUP, MODEL, PROMPT, pct, routerConfig } from './router-bench';

/**
 * Sequential router.chat calls, each followed by a direct call to the same provider client.
 * Either side's gap is its call time minus the provider's own call time (timed inside); the
 * direct side's gap is what this harness itself adds (await hops, clock reads), so the router's
 * overhead is the router gap minus the direct gap, percentile by percentile.
 */
export async function inprocOverhead(url: string) {
  let providerMs = 0;
  let client: Provider | undefined;
  const timed = (dep: Parameters<typeof createProvider>[0]): Provider => {
    const p = createProvider(dep);
    client = {
      ...p,
      chat: async (req, ctx) => {
        const s = performance.now();
        try {
          return await p.chat(req, ctx);
        } finally {
          providerMs = performance.now() - s;
        }
      },
    };
    return client;
  };
  const router = createRouter(routerConfig(url), { registry: new Registry(), providerFactory: timed });
  const req = { model: 'chat', messages: [{ role: 'user' as const, content: PROMPT }] };
  const direct = { model: MODEL, messages: req.messages };
  const never = new AbortController().signal; // one signal: the direct side should add nothing per call
  const routed: number[] = [];
  const harness: number[] = [];
  for (let i = 0; i < INPROC_CALLS + INPROC_WARMUP; i++) {
    let s = performance.now();
    await router.chat(req, { tenantId: 'bench' });
    const r = performance.now() - s - providerMs;
    s = performance.now();
    await client!.chat(direct, { signal: never });
    const d = performance.now() - s - providerMs;
    if (i >= INPROC_WARMUP) {
      routed.push(r * 1000);
      harness.push(d * 1000);
    }
  }
  await router.close();
  return { routed, harness };
}

/** Chat calls where the first-choice deployment refuses connections, against calls with none. */
export async function failover(url: string) {
  const dead = 'http://127.0.0.1:9'; // discard port: nothing listens, connections are refused
  const base = (deps: string[]): RouterConfigInput => ({
    deployments: [
      { id: 'dead', provider: 'openai', model: MODEL, endpoint: dead, scrapeMetrics: false },
      { id: 'live', provider: 'openai', model: MODEL, endpoint: url, scrapeMetrics: false },
    ],
    models: { chat: { deployments: deps } },
    breaker: { consecutiveFailures: 1_000_000, minCalls: 1_000_000 }, // measure every failover, not the breaker
  });
  // random() = 0 always tries the first listed deployment first.
  const withDead = createRouter(base(['dead', 'live']), { registry: new Registry(), random: () => 0 });
  const healthy = createRouter(base(['live']), { registry: new Registry() });
  const req = { model: 'chat', messages: [{ role: 'user' as const, content: PROMPT }] };
  const direct: number[] = [];
  const failed: number[] = [];
  let ok = 0;
  for (let i = 0; i < FAILOVER_CALLS; i++) {
    let s = performance.now();
    await healthy.chat(req, { tenantId: 'bench' });
    direct.push(performance.now() - s);
    s = performance.now();
    try {
      const r = await withDead.chat(req, { tenantId: 'bench' });
      if (r.servedBy.deployment === 'live' && r.failovers.length === 1) ok++;
      failed.push(performance.now() - s);
    } catch {
      /* counted as a failure */
    }
  }
  await withDead.close();
  await healthy.close();
  return { addedP50: pct(failed, 50) - pct(direct, 50), successRate: ok / FAILOVER_CALLS };
}
