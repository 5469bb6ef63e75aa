// GET /v1/usage over fastify inject: sums per agent, workflow, model and day with totals, only the
// grouped keys in each row, the defaults (last 30 days, by day), 400 for every bad parameter, and
// one tenant never seeing another's usage. The gateway routes record a usage row per call (no
// agent or workflow), streamed or not, OpenAI- or Anthropic-shaped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../services/api';
import { openStore, type ModelUsageRecord, type Store } from '../../services/store';
import { usageMetrics, usageRecorder, usageReport } from '../../services/usage';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { testRouter, until } from '../router/fixtures';

describe('GET /v1/usage and the gateway usage rows', () => {
  let dataDir: string;
  let store: Store;
  let api: FastifyInstance;
  let vllm: VllmStandin;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const closers: Array<() => unknown> = [];
  const get = (url: string, tenant = 'acme') => api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${keys[tenant]}` } });

  const call = (over: Partial<ModelUsageRecord>): ModelUsageRecord => ({
    id: 'x', tenantId: ids.acme!, source: 'run', runId: 'run_1', agent: 'helper', workflow: null, model: 'smart', deployment: 'd1', provider: 'openai',
    inputTokens: 100, outputTokens: 20, totalTokens: 120, costUsd: 0.5, at: '2026-11-20T10:00:00.000Z', ...over,
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-usage-api-'));
    store = await openStore('sqlite:platform.sqlite', dataDir);
    for (const name of ['acme', 'globex']) {
      const t = await store.tenants.create(name);
      ids[name] = t.id;
      keys[name] = (await store.tenants.createApiKey(t.id)).key;
    }
    vllm = await startVllmStandin({ model: 'm', respond: () => ({ content: 'hello', usage: { prompt_tokens: 7, completion_tokens: 2 } }) });
    const { router } = testRouter({
      deployments: [{ id: 'd1', provider: 'openai', model: 'm', endpoint: vllm.url, scrapeMetrics: false, costPer1kInput: 1, costPer1kOutput: 1 }],
      models: { gw: { deployments: ['d1'] } },
    });
    closers.push(() => router.close());
    api = await buildApi({
      store,
      rateLimit: { config: { enabled: false } },
      services: {
        router,
        usageRecorder: usageRecorder({ usage: store.usage, metrics: usageMetrics({ maxTenants: 10, maxModels: 10 }, new Registry()) }),
        usage: usageReport(store.usage, () => new Date('2026-11-25T15:00:00.000Z')),
      },
    });
    await store.usage.record(call({ id: 'a1', at: '2026-11-20T10:00:00.000Z' }));
    await store.usage.record(call({ id: 'a2', at: '2026-11-20T23:59:59.999Z', model: 'fast', costUsd: 0.25 }));
    await store.usage.record(call({ id: 'a3', at: '2026-11-21T00:00:00.000Z', agent: null, workflow: 'triage' }));
    await store.usage.record(call({ id: 'a4', at: '2026-11-21T08:00:00.000Z', agent: 'helper', workflow: 'triage' }));
    await store.usage.record(call({ id: 'a5', at: '2026-10-01T08:00:00.000Z' })); // outside the default 30 days
    await store.usage.record(call({ id: 'g1', tenantId: ids.globex!, at: '2026-11-20T10:00:00.000Z', agent: 'secret-agent' }));
  });
  afterAll(async () => {
    await api?.close();
    for (const c of closers) await c();
    await vllm?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sums = (calls: number, costUsd: number, model = { input: 100, output: 20 }) => ({
    inputTokens: model.input * calls, outputTokens: model.output * calls, totalTokens: (model.input + model.output) * calls, costUsd, modelCalls: calls,
  });

  it('groups by any of agent, workflow, model and day, with totals, and shows only the grouped keys', async () => {
    const res = await get('/v1/usage?from=2026-11-20&to=2026-11-21&groupBy=agent,workflow,model,day');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      from: '2026-11-20', to: '2026-11-21', groupBy: ['agent', 'workflow', 'model', 'day'],
      rows: [
        { agent: null, workflow: 'triage', model: 'smart', day: '2026-11-21', ...sums(1, 0.5) },
        { agent: 'helper', workflow: null, model: 'fast', day: '2026-11-20', ...sums(1, 0.25) },
        { agent: 'helper', workflow: null, model: 'smart', day: '2026-11-20', ...sums(1, 0.5) },
        { agent: 'helper', workflow: 'triage', model: 'smart', day: '2026-11-21', ...sums(1, 0.5) },
      ],
      totals: sums(4, 1.75),
    });
    const byModel = (await get('/v1/usage?from=2026-11-20&to=2026-11-21&groupBy=model')).json();
    expect(byModel.rows).toEqual([{ model: 'fast', ...sums(1, 0.25) }, { model: 'smart', ...sums(3, 1.5) }]);
    expect(byModel.totals).toEqual(sums(4, 1.75));
    for (const row of (await get('/v1/usage?from=2026-11-20&to=2026-11-20&groupBy=workflow')).json().rows) expect(Object.keys(row).sort()).toEqual(['costUsd', 'inputTokens', 'modelCalls', 'outputTokens', 'totalTokens', 'workflow']);
  });

  it('defaults to the last 30 UTC days, by day', async () => {
    const res = await get('/v1/usage');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ from: '2026-10-27', to: '2026-11-25', groupBy: ['day'], totals: sums(4, 1.75) });
    expect(res.json().rows.map((r: { day: string; modelCalls: number }) => [r.day, r.modelCalls])).toEqual([['2026-11-20', 2], ['2026-11-21', 2]]);
    expect((await get('/v1/usage?to=2026-10-30')).json()).toMatchObject({ from: '2026-10-01', to: '2026-10-30', totals: { modelCalls: 1 } });
  });

  it('shows a tenant only its own usage', async () => {
    const theirs = (await get('/v1/usage?from=2026-11-01&to=2026-11-30&groupBy=agent', 'globex')).json();
    expect(theirs.rows).toEqual([{ agent: 'secret-agent', ...sums(1, 0.5) }]);
    const mine = (await get('/v1/usage?from=2026-11-01&to=2026-11-30&groupBy=agent')).json();
    expect(JSON.stringify(mine)).not.toContain('secret-agent');
  });

  it.each([
    ['from=20261120', 'from'],
    ['from=2026-02-30&to=2026-03-01', 'from'],
    ['to=2026-13-01', 'to'],
    ['from=2026-11-21&to=2026-11-20', 'from'],
    ['from=2025-11-20&to=2026-11-21', 'from'], // 367 days
    ['groupBy=tenant', 'groupBy'],
    ['groupBy=day,day', 'groupBy'],
    ['groupBy=', 'groupBy'],
    [`groupBy=${'day,'.repeat(30)}day`, 'groupBy'],
  ])('answers 400 for %s', async (query, param) => {
    const res = await get(`/v1/usage?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining(param) });
  });

  it('allows a span of 366 days', async () => {
    expect((await get('/v1/usage?from=2025-11-21&to=2026-11-21')).statusCode).toBe(200);
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await api.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/v1/usage'].get;
    expect(op.operationId).toBe('getUsage');
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'groupBy', 'to']);
    expect(JSON.stringify(op.responses['200'])).toContain('totals');
  });

  it('records a usage row for each gateway call, streamed or not, without agent or workflow', async () => {
    const post = (url: string, payload: object) => api.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${keys.globex}`, 'content-type': 'application/json' } });
    expect((await post('/v1/chat/completions', { model: 'gw', messages: [{ role: 'user', content: 'hi' }] })).statusCode).toBe(200);
    expect((await post('/v1/chat/completions', { model: 'gw', stream: true, messages: [{ role: 'user', content: 'hi' }] })).statusCode).toBe(200);
    expect((await post('/v1/messages', { model: 'gw', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })).statusCode).toBe(200);
    const gatewayRows = () => store.db.selectFrom('model_usage').selectAll().where('source', '=', 'gateway').execute();
    await until(async () => (await gatewayRows()).length === 3);
    for (const row of await gatewayRows()) {
      expect(row).toMatchObject({ tenant_id: ids.globex, run_id: null, agent: null, workflow: null, model: 'gw', deployment: 'd1', input_tokens: 7, output_tokens: 2, total_tokens: 9 });
    }
    // Under the response id the client got: one row per call, never two.
    expect((await gatewayRows()).map((r) => r.id.replace(/[0-9a-f]{32}$/, '…')).sort()).toEqual(['gateway:chatcmpl-…', 'gateway:chatcmpl-…', 'gateway:msg_…']);
  });
});
