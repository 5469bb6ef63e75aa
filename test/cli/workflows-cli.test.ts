// keel workflows register (with --stable/--canary, and every error of a refused definition), list,
// get, and the version verbs — as a user runs them, against a live API over a real SQLite store.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../services/api';
import { auditLog } from '../../services/audit';
import { openStore, type Store } from '../../services/store';
import { versionService } from '../../services/versions';
import { workflowRegistry, type TenantChecks } from '../../services/workflows';
import { keelCli } from '../support/keel-cli';

let store: Store;
let api: FastifyInstance;
let url: string;
let key: string;
const dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-workflows-'));
const keel = keelCli(() => ({ url, key }));
let files = 0;
const file = (text: string, ext = 'yaml') => {
  const path = join(dataDir, `wf-${files++}.${ext}`);
  writeFileSync(path, text);
  return path;
};
const digest = (prompt: string) => `name: digest
steps:
  - id: summarise
    kind: llm
    model: default
    prompt: ${prompt}
`;

// What this tenant has: the CLI test is about the CLI; test/api/workflows.test.ts runs the real checks.
const checks: TenantChecks = {
  model: (m) => m === 'default',
  collection: (c) => c === 'handbook',
  agent: () => false,
  workflow: () => false,
  tool: () => false,
};

beforeAll(async () => {
  store = await openStore('sqlite:keel.db', dataDir);
  const audit = auditLog(store.db);
  api = await buildApi({ store, services: { versions: versionService({ store, audit }), workflows: workflowRegistry({ store, audit, checks: () => checks }) } });
  const t = await store.tenants.create('acme');
  key = (await store.tenants.createApiKey(t.id)).key;
  url = await api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await api?.close();
  await store?.close();
});

it('registers versions with and without traffic, lists, gets and diffs them', async () => {
  expect((await keel(['workflows', 'list'])).stdout).toBe('no workflows registered\n');
  expect((await keel(['workflows', 'register', file(digest('Summarise.'))])).stdout).toBe('digest version 1 registered\ndigest: stable v1\n');
  const json = file(JSON.stringify({ name: 'digest', steps: [{ id: 'summarise', kind: 'llm', model: 'default', prompt: 'Summarise briefly.' }] }), 'json');
  expect((await keel(['workflows', 'register', '--canary', '25', json])).stdout).toBe('digest version 2 registered\ndigest: stable v1 · canary v2 at 25 %\n');
  expect((await keel(['workflows', 'register', '--stable', file(digest('Summarise in bullets.'))])).stdout).toBe('digest version 3 registered\ndigest: stable v3 · rollback to v1\n');
  expect((await keel(['workflows', 'list'])).stdout).toMatch(/^digest\s+v3  stable v3 · rollback to v1\n$/);

  expect(JSON.parse((await keel(['workflows', 'get', 'digest', '--version', '2'])).stdout)).toMatchObject({ version: 2, definition: { steps: [{ prompt: 'Summarise briefly.' }] } });

  const versions = (await keel(['workflows', 'versions', 'digest'])).stdout.trim().split('\n');
  expect(versions[0]).toBe('digest: stable v3 · rollback to v1');
  expect(versions.slice(1).map((l) => l.trim().split(/\s+/).filter((w) => !/^\d{4}-/.test(w) && !/^[0-9a-f]{12}$/.test(w)).join(' '))).toEqual(['v1', 'v2', 'v3 stable']);

  const diff = await keel(['workflows', 'diff', 'digest', '1', '3']);
  expect(diff.code, diff.stderr).toBe(0);
  expect(diff.stdout).toMatch(/^--- digest@1\n\+\+\+ digest@3\n@@ /);
  expect(diff.stdout).toContain('\n-    prompt: Summarise.\n+    prompt: Summarise in bullets.\n');
  expect(JSON.parse((await keel(['workflows', 'diff', 'digest', '1', '3', '--json'])).stdout)).toEqual([
    { path: 'steps[0].prompt', change: 'changed', before: 'Summarise.', after: 'Summarise in bullets.' },
  ]);
}, 300_000);

it('moves traffic with promote, rollback, canary and pin', async () => {
  expect((await keel(['workflows', 'canary', 'digest', '2', '10'])).stdout).toBe('digest: stable v3 · canary v2 at 10 % · rollback to v1\n');
  expect((await keel(['workflows', 'promote', 'digest'])).stdout).toBe('digest: stable v2 · rollback to v3\n');
  expect((await keel(['workflows', 'rollback', 'digest'])).stdout).toBe('digest: stable v3 · rollback to v1\n');
  expect((await keel(['workflows', 'pin', 'digest', '1'])).stdout).toBe('digest: stable v3 · pinned v1 (every new run) · rollback to v1\n');
  expect((await keel(['workflows', 'pin', 'digest', '--clear'])).stdout).toBe('digest: stable v3 · rollback to v1\n');
}, 300_000);

it('prints every error of a refused definition with its path, position and step, exit 1, and saves nothing', async () => {
  const path = file(`name: refused
steps:
  - id: search
    kind: retrieve
    collection: wiki
    query: q
  - id: ask
    kind: llm
    model: gpt-9
    prompt: "{{ steps.search.output }}"
`);
  const r = await keel(['workflows', 'register', path]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toEqual([
    'steps[0].collection (5:17): step "search": unknown collection "wiki"',
    'steps[1].model (9:12): step "ask": unknown model "gpt-9"',
    `${path}: 2 errors`,
  ]);
  const missing = await keel(['workflows', 'get', 'refused']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/404 not_found: workflow refused not found/);
  expect((await keel(['workflows', 'promote', 'digest', '--version', '9'])).stderr).toMatch(/404 not_found: workflow digest version 9 not found/);
}, 300_000);
