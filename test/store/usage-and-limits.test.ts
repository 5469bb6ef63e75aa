// Shared counters and model usage (migration 012) on SQLite and on the test run's PostgreSQL: two
// store instances on one database (two API replicas, or API and worker) increment one counter
// exactly under concurrency, a cap is never overshot, a reopened store keeps the counts, and a
// model call recorded twice is one usage row.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CounterWindow, type ModelUsageRecord, type Store } from '../../services/store';
import { scratchPostgresDatabase, testPostgresUrl } from '../support/test-postgres';

const postgresUrl = testPostgresUrl();
const backends = [
  { name: 'sqlite', database: async () => ({ url: 'sqlite:shared.sqlite', drop: async () => {} }) },
  ...(postgresUrl ? [{ name: 'postgres', database: () => scratchPostgresDatabase(postgresUrl, 'keel_usage') }] : []),
];

const MINUTE = 60_000;
const window = (kind: string, tenantId = 'tn_a', windowStart = Date.parse('2026-12-02T10:00:00.000Z')): CounterWindow => ({ tenantId, kind, windowStart, windowMs: MINUTE });

describe.each(backends)('shared counters and usage ($name)', ({ database }) => {
  let url: string;
  let drop: () => Promise<void>;
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-usage-store-'));
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    const db = await database();
    url = db.url;
    drop = db.drop;
    a = await openStore(url, dataDir);
    b = await openStore(url, dataDir);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('counts exactly when two store instances increment one counter concurrently', async () => {
    const w = window('test.requests');
    const adds = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).counters.add(w, 1));
    const values = await Promise.all(adds);
    expect(await a.counters.get(w)).toBe(200);
    expect(await b.counters.get(w)).toBe(200);
    // Every increment saw its own total: no two returned the same value.
    expect(new Set(values).size).toBe(200);
    expect(Math.max(...(values as number[]))).toBe(200);
  });

  it('never passes a cap, however many increments race for it', async () => {
    const w = window('test.capped');
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).counters.add(w, 1, 25)));
    expect(results.filter((v) => v !== null)).toHaveLength(25);
    expect(await a.counters.get(w)).toBe(25);
    expect(await a.counters.add(w, 3, 2)).toBeNull(); // more than the cap at once: nothing added
    expect(await a.counters.get(w)).toBe(25);
  });

  it('adds token amounts and keeps windows and tenants apart', async () => {
    const w = window('test.tokens');
    expect(await a.counters.add(w, 1_500)).toBe(1_500);
    expect(await b.counters.add(w, 3_000_000_000)).toBe(3_000_001_500); // past 32 bits
    expect(await a.counters.get({ ...w, windowStart: w.windowStart + MINUTE })).toBe(0);
    expect(await a.counters.get({ ...w, tenantId: 'tn_b' })).toBe(0);
  });

  it('keeps the counts when the store is closed and opened again (a restart)', async () => {
    const w = window('test.restart');
    await a.counters.add(w, 7);
    await a.close();
    a = await openStore(url, dataDir);
    expect(await a.counters.get(w)).toBe(7);
    expect(await a.counters.add(w, 1)).toBe(8);
  });

  it('deletes only the windows that are over', async () => {
    const old = window('test.prune', 'tn_prune', Date.parse('2026-12-01T00:00:00.000Z'));
    const current = window('test.prune', 'tn_prune', Date.parse('2026-12-02T00:00:00.000Z'));
    await a.counters.add(old, 1);
    await a.counters.add(current, 1);
    expect(await a.counters.prune(current.windowStart)).toBeGreaterThanOrEqual(1);
    expect(await a.counters.get(old)).toBe(0);
    expect(await a.counters.get(current)).toBe(1);
  });

  const call = (over: Partial<ModelUsageRecord>): ModelUsageRecord => ({
    id: 'call', tenantId: 'tn_usage', source: 'run', runId: 'run_1', agent: 'helper', workflow: null, model: 'smart',
    deployment: 'd1', provider: 'openai', inputTokens: 10, outputTokens: 5, totalTokens: 15, costUsd: 0.25, at: '2026-12-01T10:00:00.000Z', ...over,
  });

  it('records a model call once, whichever instance writes it and however often', async () => {
    expect(await a.usage.record(call({ id: 'once' }))).toBe(true);
    expect(await b.usage.record(call({ id: 'once', inputTokens: 999 }))).toBe(false);
    const racing = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).usage.record(call({ id: 'raced' }))));
    expect(racing.filter(Boolean)).toHaveLength(1);
    const [row] = await a.usage.summarize('tn_usage', { from: '2026-12-01', to: '2026-12-01', groupBy: [] });
    expect(row).toEqual({ inputTokens: 20, outputTokens: 10, totalTokens: 30, costUsd: 0.5, modelCalls: 2 });
  });

  it('sums per group between two days, inclusive, for one tenant only', async () => {
    const t = 'tn_grouped';
    await a.usage.record(call({ id: 'g1', tenantId: t, agent: 'helper', model: 'smart', at: '2026-11-30T23:59:59.000Z' }));
    await a.usage.record(call({ id: 'g2', tenantId: t, agent: 'helper', model: 'smart', at: '2026-12-01T00:00:00.000Z' }));
    await b.usage.record(call({ id: 'g3', tenantId: t, agent: null, workflow: 'triage', model: 'fast', at: '2026-12-01T12:00:00.000Z', costUsd: 0.125 }));
    await b.usage.record(call({ id: 'g4', tenantId: t, source: 'gateway', runId: null, agent: null, model: 'fast', at: '2026-12-03T00:00:00.000Z' }));
    await b.usage.record(call({ id: 'g5', tenantId: 'tn_someone_else', at: '2026-12-01T00:00:00.000Z' }));
    const byAgentModel = await a.usage.summarize(t, { from: '2026-11-30', to: '2026-12-02', groupBy: ['agent', 'model'] });
    expect(byAgentModel).toEqual([
      { agent: null, model: 'fast', inputTokens: 10, outputTokens: 5, totalTokens: 15, costUsd: 0.125, modelCalls: 1 },
      { agent: 'helper', model: 'smart', inputTokens: 20, outputTokens: 10, totalTokens: 30, costUsd: 0.5, modelCalls: 2 },
    ]);
    expect((await a.usage.summarize(t, { from: '2026-11-30', to: '2026-12-03', groupBy: ['day'] })).map((r) => [r.day, r.modelCalls]))
      .toEqual([['2026-11-30', 1], ['2026-12-01', 2], ['2026-12-03', 1]]);
    expect(await a.usage.summarize(t, { from: '2026-12-04', to: '2026-12-05', groupBy: [] })).toEqual([]);
  });
});
