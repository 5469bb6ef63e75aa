// Per-tenant request rate limits (issues 13 and 14): counted in the platform database by default,
// so two API replicas on one store share each tenant's count and a restart keeps it; a tenant over
// its limit gets 429 with Retry-After and the error shape while another tenant is unaffected; public
// routes are not limited. `backend: memory` keeps the per-process token bucket, bounded in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi, fixedWindowOf, MemoryRateLimitStore } from '../../services/api';
import { KeelConfigSchema } from '../../services/config';
import { openStore, type Store } from '../../services/store';

const limits = (ids: Record<string, string>) => ({ default: { requestsPerSecond: 2, burst: 5 }, tenants: { [ids.vip]: { requestsPerSecond: 100, burst: 50 } } });

describe('per-tenant rate limit shared by two API replicas on one store', () => {
  let dataDir: string;
  const stores: Store[] = [];
  const apis: FastifyInstance[] = [];
  // 2/s with bursts of 5: windows of 2.5 s admitting 5 requests each.
  const { windowMs } = fixedWindowOf({ requestsPerSecond: 2, burst: 5 });
  const windowStart = Math.floor(Date.parse('2026-11-23T09:00:00.000Z') / windowMs) * windowMs;
  let clock = windowStart + 1_600;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const replica = async () => {
    const store = await openStore('sqlite:platform.sqlite', dataDir);
    const api = await buildApi({ store, services: { registry: agentRegistry(store) }, rateLimit: { config: limits(ids), now: () => clock } });
    stores.push(store);
    apis.push(api);
    return api;
  };
  let first: FastifyInstance;
  let second: FastifyInstance;
  const get = (api: FastifyInstance, tenant: string, url = '/v1/agents') => api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${keys[tenant]}` } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-ratelimit-'));
    const setup = await openStore('sqlite:platform.sqlite', dataDir);
    for (const name of ['acme', 'globex', 'vip']) {
      const t = await setup.tenants.create(name);
      ids[name] = t.id;
      keys[name] = (await setup.tenants.createApiKey(t.id)).key;
    }
    await setup.close();
    first = await replica();
    second = await replica();
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    for (const store of stores) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After once the replicas together reached the limit, leaving another tenant unaffected', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await get(i % 2 === 0 ? first : second, 'acme');
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-remaining']).toBe(String(4 - i));
    }
    for (const api of [first, second]) {
      const limited = await get(api, 'acme');
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('1'); // 0.9 s left in the window
      expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/2\/s \(burst 5\)/) } });
    }
    expect((await get(second, 'globex')).statusCode).toBe(200);
    for (let i = 0; i < 40; i++) expect((await get(i % 2 ? first : second, 'vip')).statusCode).toBe(200);
  });

  it('keeps the count when a replica restarts, and admits again in the next window', async () => {
    await apis.shift()!.close();
    await stores.shift()!.close();
    first = await replica();
    expect((await get(first, 'acme')).statusCode).toBe(429);
    clock = windowStart + windowMs;
    for (let i = 0; i < 5; i++) expect((await get(i % 2 ? first : second, 'acme')).statusCode).toBe(200);
    expect((await get(first, 'acme')).statusCode).toBe(429);
    expect((await get(first, 'acme')).headers['retry-after']).toBe('3'); // the whole 2.5 s window ahead
  });

  it('never limits health, metrics or the OpenAPI document, and does not count failed authentication', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await first.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await first.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
      expect((await first.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    }
    expect((await first.inject({ method: 'GET', url: '/v1/agents', headers: { authorization: 'Bearer keel_nope' } })).statusCode).toBe(401);
  });
});

describe('per-tenant rate limit in process memory (backend: memory)', () => {
  let dataDir: string;
  let store: Store;
  let api: FastifyInstance;
  let clock = Date.parse('2026-11-23T09:00:00.000Z');
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const get = (tenant: string, url = '/v1/agents') => api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${keys[tenant]}` } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-ratelimit-'));
    store = await openStore('sqlite:platform.sqlite', dataDir);
    for (const name of ['acme', 'globex', 'vip']) {
      const t = await store.tenants.create(name);
      ids[name] = t.id;
      keys[name] = (await store.tenants.createApiKey(t.id)).key;
    }
    api = await buildApi({
      store,
      services: { registry: agentRegistry(store) },
      rateLimit: { config: { backend: 'memory', ...limits(ids) }, now: () => clock },
    });
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a tenant over its bucket with 429 and counts nothing in the store', async () => {
    for (let i = 0; i < 5; i++) expect((await get('acme')).statusCode).toBe(200);
    const limited = await get('acme');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((await get('globex')).statusCode).toBe(200);
    expect(await store.db.selectFrom('limit_counters').selectAll().execute()).toEqual([]);
  });

  it('recovers as the bucket refills, at the configured rate', async () => {
    expect((await get('acme')).statusCode).toBe(429);
    clock += 500; // one request's worth at 2/s
    expect((await get('acme')).statusCode).toBe(200);
    expect((await get('acme')).statusCode).toBe(429);
    clock += 10_000;
    for (let i = 0; i < 5; i++) expect((await get('acme')).statusCode).toBe(200);
  });
});

describe('the default', () => {
  it('is on: 20 requests/s with bursts of 100 per tenant', () => {
    expect(KeelConfigSchema.parse({}).api.rateLimit).toMatchObject({ enabled: true, backend: 'store', default: { requestsPerSecond: 20, burst: 100 }, tenants: {} });
  });

  it('counts in fixed windows of burst ÷ rate seconds (at least one), admitting the burst or more', () => {
    expect(fixedWindowOf({ requestsPerSecond: 20, burst: 100 })).toEqual({ windowMs: 5_000, requests: 100 });
    expect(fixedWindowOf({ requestsPerSecond: 100, burst: 50 })).toEqual({ windowMs: 1_000, requests: 100 });
    expect(fixedWindowOf({ requestsPerSecond: 0.5, burst: 1 })).toEqual({ windowMs: 2_000, requests: 1 });
  });
});

describe('MemoryRateLimitStore', () => {
  const limit = { requestsPerSecond: 10, burst: 3 };

  it('says when the next request will be admitted', () => {
    const buckets = new MemoryRateLimitStore();
    for (let i = 0; i < 3; i++) expect(buckets.take('t', limit, 0)).toMatchObject({ allowed: true, remaining: 2 - i });
    expect(buckets.take('t', limit, 0)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 100, limit: 3 });
    expect(buckets.take('t', limit, 100).allowed).toBe(true);
  });

  it('drops buckets that have refilled and caps how many it keeps', () => {
    const buckets = new MemoryRateLimitStore(1000);
    for (let i = 0; i < 500; i++) buckets.take(`tenant-${i}`, limit, 0);
    expect(buckets.size).toBe(500);
    buckets.take('late', limit, 1_000); // everyone else is full again by now
    expect(buckets.size).toBe(1);
    const capped = new MemoryRateLimitStore(100);
    for (let i = 0; i < 1000; i++) for (let n = 0; n < 3; n++) capped.take(`tenant-${i}`, limit, 0);
    expect(capped.size).toBe(100);
    expect(capped.take('tenant-999', limit, 0).allowed).toBe(false);
    // An evicted tenant starts again with a full bucket: erring towards admitting.
    expect(capped.take('tenant-0', limit, 0).allowed).toBe(true);
  });
});
