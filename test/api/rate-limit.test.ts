// Per-tenant request rate limits (issue 13): a tenant over its bucket gets 429 with Retry-After and
// the error shape while another tenant is unaffected; the bucket refills; public routes are not
// limited; the in-memory store stays bounded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi, MemoryRateLimitStore } from '../../services/api';
import { KeelConfigSchema } from '../../services/config';
import { openStore, type Store } from '../../services/store';

describe('per-tenant rate limit over HTTP', () => {
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
      rateLimit: { config: { default: { requestsPerSecond: 2, burst: 5 }, tenants: { [ids.vip]: { requestsPerSecond: 100, burst: 50 } } }, now: () => clock },
    });
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a tenant over its limit with 429, Retry-After and rate_limited, leaving another tenant unaffected', async () => {
    for (let i = 0; i < 5; i++) expect((await get('acme')).statusCode).toBe(200);
    const limited = await get('acme');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/2\/s \(burst 5\)/) } });
    expect((await get('globex')).statusCode).toBe(200);
    for (let i = 0; i < 40; i++) expect((await get('vip')).statusCode).toBe(200);
  });

  it('recovers as the bucket refills, at the configured rate', async () => {
    expect((await get('acme')).statusCode).toBe(429);
    clock += 500; // one request's worth at 2/s
    expect((await get('acme')).statusCode).toBe(200);
    expect((await get('acme')).statusCode).toBe(429);
    clock += 10_000;
    for (let i = 0; i < 5; i++) expect((await get('acme')).statusCode).toBe(200);
  });

  it('never limits health, metrics or the OpenAPI document, and does not count failed authentication', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await api.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await api.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
      expect((await api.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    }
    expect((await api.inject({ method: 'GET', url: '/v1/agents', headers: { authorization: 'Bearer keel_nope' } })).statusCode).toBe(401);
  });
});

describe('the default', () => {
  it('is on: 20 requests/s with bursts of 100 per tenant', () => {
    expect(KeelConfigSchema.parse({}).api.rateLimit).toMatchObject({ enabled: true, default: { requestsPerSecond: 20, burst: 100 }, tenants: {} });
  });
});

describe('MemoryRateLimitStore', () => {
  const limit = { requestsPerSecond: 10, burst: 3 };

  it('says when the next request will be admitted', () => {
    const buckets = new MemoryRateLimitStore();
    for (let i = 0; i < 3; i++) expect(buckets.take('t', limit, 0)).toMatchObject({ allowed: true, remaining: 2 - i });
    expect(buckets.take('t', limit, 0)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 100 });
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
