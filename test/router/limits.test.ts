// Per-tenant request/token rate limits and daily token quotas, with a replaceable counter store:
// in memory, or the platform store's shared counters (two routers on one database count together).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryUsageCounters, type ModelRouter } from '../../services/router';
import { openStore } from '../../services/store';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { collect, T1, testRouter, user } from './fixtures';

let vllm: VllmStandin;
beforeAll(async () => {
  vllm = await startVllmStandin({ model: 'm', respond: () => ({ content: 'ok', usage: { prompt_tokens: 10, completion_tokens: 4 } }) });
});
afterAll(() => vllm.close());

const routerWith = (limits: object, opts = {}) =>
  testRouter({ deployments: [{ id: 'd', provider: 'openai', model: 'm', endpoint: vllm.url, scrapeMetrics: false }], models: { m: { deployments: ['d'] } }, limits }, opts).router;
const ask = (r: ModelRouter, tenantId = 't1') => r.chat({ model: 'm', messages: [user('x')] }, { tenantId });

describe('tenant limits', () => {
  it('limits requests per minute per tenant with a Retry-After', async () => {
    const r = routerWith({ tenants: { t1: { requestsPerMinute: 2 } } });
    await ask(r);
    await ask(r);
    const err = await ask(r).catch((e) => e);
    expect(err.info).toMatchObject({ kind: 'rate_limited', retryable: true });
    expect(err.info.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(err.info.retryAfterS).toBeLessThanOrEqual(60);
    expect(err.message).toMatch(/request rate limit of 2\/min/);
    expect((await ask(r, 't2')).content).toBe('ok'); // other tenants use the (unlimited) default
    const streamed = await collect(r.chatStream({ model: 'm', messages: [user('x')] }, T1));
    expect(streamed).toMatchObject([{ type: 'error', error: { kind: 'rate_limited' } }]);
    await r.close();
  });

  it('enforces a daily token quota and tokens per minute from recorded usage', async () => {
    const r = routerWith({ default: { dailyTokens: 20 } });
    await ask(r); // 14 tokens
    await ask(r); // 28: over, recorded after the call
    const err = await ask(r).catch((e) => e);
    expect(err.info.kind).toBe('rate_limited');
    expect(err.message).toMatch(/daily token quota of 20 exhausted/);
    expect(err.info.retryAfterS).toBeLessThanOrEqual(86_400);
    const tpm = routerWith({ default: { tokensPerMinute: 10 } });
    await ask(tpm);
    expect((await ask(tpm).catch((e) => e)).message).toMatch(/token rate limit of 10\/min/);
    await r.close();
    await tpm.close();
  });

  it('keeps counters in the store it is given', async () => {
    const store = new MemoryUsageCounters();
    const r = routerWith({ default: { requestsPerMinute: 100, dailyTokens: 1_000 } }, { usageStore: store });
    await ask(r, 'acme');
    await ask(r, 'acme');
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    expect(store.get({ tenantId: 'acme', kind: 'router.requests.minute', windowStart: minute, windowMs: 60_000 })).toBe(2);
    expect(store.get({ tenantId: 'acme', kind: 'router.tokens.day', windowStart: day, windowMs: 86_400_000 })).toBe(28);
    await r.close();
  });
});

describe('tenant limits counted in the shared store', () => {
  it('counts a daily token quota across two routers on one database, and keeps it after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keel-router-limits-'));
    const open = () => openStore('sqlite:shared.sqlite', dataDir);
    const [storeA, storeB] = [await open(), await open()];
    const limits = { default: { dailyTokens: 40, requestsPerMinute: 100 } };
    const a = routerWith(limits, { usageStore: storeA.counters });
    const b = routerWith(limits, { usageStore: storeB.counters });
    await ask(a, 'shared'); // 14
    await ask(b, 'shared'); // 28
    await ask(a, 'shared'); // 42: over, recorded after the call
    expect((await ask(b, 'shared').catch((e) => e)).message).toMatch(/daily token quota of 40 exhausted/);
    expect((await ask(b, 'other')).content).toBe('ok');
    await a.close();
    await b.close();
    await storeA.close();
    await storeB.close();
    const storeC = await open();
    const c = routerWith(limits, { usageStore: storeC.counters });
    expect((await ask(c, 'shared').catch((e) => e)).message).toMatch(/daily token quota of 40 exhausted/);
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    expect(await storeC.counters.get({ tenantId: 'shared', kind: 'router.tokens.day', windowStart: day, windowMs: 86_400_000 })).toBe(42);
    await c.close();
    await storeC.close();
  });
});
