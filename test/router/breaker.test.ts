// Circuit breakers: open on consecutive failures or failure rate, cool down, half-open probe,
// recover; state visible in health and /metrics.
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../services/router/routing/breaker';
import { BreakerConfigSchema } from '../../services/router/config';
import { describeRouterHealth, formatRouterHealth } from '../../services/router';
import { startVllmStandin } from '../support/vllm-standin';
import { metricValue, T1, testRouter, until, user, closeAfterEach } from './fixtures';

const cleanup = closeAfterEach();

describe('CircuitBreaker', () => {
  it('opens on a failure rate over the window, then half-opens after the cooldown', () => {
    let now = 0;
    const b = new CircuitBreaker(BreakerConfigSchema.parse({ consecutiveFailures: 100, failureRate: 0.5, minCalls: 10, cooldownMs: 1_000 }), () => now);
    for (let i = 0; i < 9; i++) (i % 2 ? b.failure('x') : b.success());
    expect(b.current()).toBe('closed');
    b.failure('x');
    expect(b.current()).toBe('open');
    expect(b.available()).toBe(false);
    now += 999;
    expect(b.current()).toBe('open');
    now += 1;
    expect(b.current()).toBe('half_open');
    b.begin();
    expect(b.available()).toBe(false); // one probe at a time
    b.failure('still bad');
    expect(b.current()).toBe('open');
    now += 1_000;
    b.begin();
    b.success();
    expect(b.current()).toBe('closed');
  });

  it('forgets failures that slid out of the window', () => {
    let now = 0;
    const b = new CircuitBreaker(BreakerConfigSchema.parse({ consecutiveFailures: 100, failureRate: 0.5, minCalls: 4, windowMs: 1_000 }), () => now);
    b.failure('x');
    b.failure('x');
    b.failure('x');
    now += 2_000;
    b.success();
    b.success();
    b.success();
    b.failure('x');
    expect(b.current()).toBe('closed');
  });
});

describe('breaker in the router', () => {
  it('stops sending to a failing deployment, then probes and recovers', async () => {
    const a = await startVllmStandin({ model: 'm', respond: () => ({ content: 'a' }) });
    const b = await startVllmStandin({ model: 'm', respond: () => ({ content: 'b' }) });
    cleanup.push(() => a.close(), () => b.close());
    await a.setFaults({ serverError: { status: 503 } });
    const { router, registry } = testRouter({
      deployments: ['a', 'b'].map((id) => ({ id, provider: 'openai' as const, model: 'm', endpoint: (id === 'a' ? a : b).url, scrapeMetrics: false })),
      models: { m: { deployments: ['a', 'b'] } },
      breaker: { consecutiveFailures: 2, cooldownMs: 1_500 }, // long enough that the calls below all see it open
    }, { random: () => 0 });
    cleanup.push(() => router.close());
    for (let i = 0; i < 2; i++) expect((await router.chat({ model: 'm', messages: [user('x')] }, T1)).content).toBe('b');
    expect(a.requests).toHaveLength(2);
    const health = () => describeRouterHealth(router).find((h) => h.deployment === 'a')!;
    expect(health()).toMatchObject({ breaker: 'open', consecutiveFailures: 2 });
    expect(health().lastError).toMatch(/503/);
    expect(await metricValue(registry, 'keel_router_breaker_state', { deployment: 'a' })).toBe(2);
    expect(formatRouterHealth(router)).toMatch(/^a .*breaker=open/m);
    for (let i = 0; i < 5; i++) await router.chat({ model: 'm', messages: [user('x')] }, T1);
    expect(a.requests).toHaveLength(2); // open: no traffic

    await a.setFaults({});
    await until(() => health().breaker === 'half_open');
    expect(await metricValue(registry, 'keel_router_breaker_state', { deployment: 'a' })).toBe(1);
    const probe = await router.chat({ model: 'm', messages: [user('x')] }, T1);
    expect(probe.content).toBe('a');
    expect(health().breaker).toBe('closed');
    expect(await metricValue(registry, 'keel_router_breaker_state', { deployment: 'a' })).toBe(0);
  });

  it('reports no healthy deployment when every breaker is open', async () => {
    const a = await startVllmStandin({ model: 'm' });
    cleanup.push(() => a.close());
    await a.setFaults({ serverError: { status: 502 } });
    const { router } = testRouter({ deployments: [{ id: 'a', provider: 'openai', model: 'm', endpoint: a.url, scrapeMetrics: false }], models: { m: { deployments: ['a'] } }, breaker: { consecutiveFailures: 1, cooldownMs: 60_000 } });
    cleanup.push(() => router.close());
    const first = await router.chat({ model: 'm', messages: [user('x')] }, T1).catch((e) => e);
    expect(first.info.kind).toBe('unavailable');
    const second = await router.chat({ model: 'm', messages: [user('x')] }, T1).catch((e) => e);
    expect(second.info.kind).toBe('no_deployment');
    expect(second.message).toMatch(/circuit breakers open/);
    expect(a.requests).toHaveLength(1);
  });
});
