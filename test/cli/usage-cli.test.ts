// keel usage as a user runs it, against a live API: the table of the tenant's usage per group with
// a totals line, --json as the API answers, and a bad parameter as the API's 400.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { buildApi } from '../../services/api';
import { usageReport } from '../../services/usage';
import { keelCli } from '../support/keel-cli';

let store: Store;
let api: FastifyInstance;
let url: string;
let key: string;
const keel = keelCli(() => ({ url, key }));

beforeAll(async () => {
  store = await openStore('sqlite:keel.db', mkdtempSync(join(tmpdir(), 'keel-cli-usage-')));
  api = await buildApi({ store, services: { usage: usageReport(store.usage) } });
  const t = await store.tenants.create('acme');
  key = (await store.tenants.createApiKey(t.id)).key;
  const row = { tenantId: t.id, source: 'run' as const, model: 'smart', inputTokens: 1000, outputTokens: 250, totalTokens: 1250, costUsd: 0.0125, at: '2026-11-20T09:00:00.000Z' };
  await store.usage.record({ ...row, id: 'c1', agent: 'helper' });
  await store.usage.record({ ...row, id: 'c2', agent: 'helper' });
  await store.usage.record({ ...row, id: 'c3', agent: null, workflow: 'triage', model: 'fast', at: '2026-11-21T09:00:00.000Z' });
  url = await api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await api?.close();
  await store?.close();
});

it('prints usage per group as a table with totals', async () => {
  const res = await keel(['usage', '--from', '2026-11-20', '--to', '2026-11-21', '--group-by', 'agent,model']);
  expect(res.code, res.stderr).toBe(0);
  expect(res.stdout.trim().split('\n')).toEqual([
    'usage 2026-11-20 … 2026-11-21',
    'agent   model  calls  input  output  total  cost_usd',
    '-       fast       1   1000     250   1250  0.012500',
    'helper  smart      2   2000     500   2500  0.025000',
    'TOTAL              3   3000     750   3750  0.037500',
  ]);
}, 120_000);

it('prints the API response with --json and reports a bad parameter', async () => {
  const json = await keel(['usage', '--from', '2026-11-20', '--to', '2026-11-20', '--json']);
  expect(JSON.parse(json.stdout)).toMatchObject({ groupBy: ['day'], rows: [{ day: '2026-11-20', modelCalls: 2 }], totals: { modelCalls: 2, totalTokens: 2500 } });
  const bad = await keel(['usage', '--group-by', 'tenant']);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('400 invalid_request');
}, 120_000);
