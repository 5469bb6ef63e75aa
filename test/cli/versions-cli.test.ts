// keel agents register --canary/--stable, versions, diff, promote, rollback, canary, pin — as a
// user runs them, against a live API over a real SQLite store.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi } from '../../services/api';
import { auditLog } from '../../services/audit';
import { openStore, type Store } from '../../services/store';
import { versionService } from '../../services/versions';
import { keelCli } from '../support/keel-cli';

let store: Store;
let api: FastifyInstance;
let url: string;
let key: string;
const dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-versions-'));
const keel = keelCli(() => ({ url, key }));
const file = (instructions: string) => {
  const path = join(dataDir, `agent-${instructions.length}-${Date.now()}.yaml`);
  writeFileSync(path, `name: support\ninstructions: ${instructions}\nmodel: small\n`);
  return path;
};

beforeAll(async () => {
  store = await openStore('sqlite:keel.db', dataDir);
  const audit = auditLog(store.db);
  api = await buildApi({ store, services: { registry: agentRegistry(store, audit), versions: versionService({ store, audit }) } });
  const t = await store.tenants.create('acme');
  key = (await store.tenants.createApiKey(t.id)).key;
  url = await api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await api?.close();
  await store?.close();
});

it('registers versions with and without traffic, lists them with their labels and diffs two', async () => {
  expect((await keel(['agents', 'register', file('Be brief.')])).stdout).toBe('support version 1 registered\nsupport: stable v1\n');
  expect((await keel(['agents', 'register', file('Be thorough.')])).stdout).toBe('support version 2 registered\nsupport: stable v1\n');
  const canary = await keel(['agents', 'register', '--canary', '12.5', file('Be kind.')]);
  expect(canary.stdout).toBe('support version 3 registered\nsupport: stable v1 · canary v3 at 12.5 %\n');
  expect((await keel(['agents', 'list'])).stdout).toMatch(/support\s+v3\s+stable v1/);

  const listed = await keel(['agents', 'versions', 'support']);
  expect(listed.code, listed.stderr).toBe(0);
  const lines = listed.stdout.trim().split('\n');
  expect(lines[0]).toBe('support: stable v1 · canary v3 at 12.5 %');
  expect(lines.slice(1).map((l) => l.trim().split(/\s+/).filter((w) => !/^\d{4}-/.test(w) && !/^[0-9a-f]{12}$/.test(w)).join(' '))).toEqual(['v1 stable', 'v2', 'v3 canary']);

  const diff = await keel(['agents', 'diff', 'support', '1', '2']);
  expect(diff.stdout).toMatch(/^--- support@1\n\+\+\+ support@2\n@@ -1,\d+ \+1,\d+ @@\n/);
  expect(diff.stdout).toContain('\n-instructions: Be brief.\n+instructions: Be thorough.\n');
  expect(JSON.parse((await keel(['agents', 'diff', 'support', '1', '2', '--json'])).stdout)).toEqual([{ path: 'instructions', change: 'changed', before: 'Be brief.', after: 'Be thorough.' }]);
  expect((await keel(['agents', 'diff', 'support', '2', '2'])).stdout).toBe('support: v2 and v2 are the same definition\n');
});

it('promotes, rolls back, sets a canary and pins, printing the labels after each', async () => {
  expect((await keel(['agents', 'promote', 'support'])).stdout).toBe('support: stable v3 · rollback to v1\n');
  expect((await keel(['agents', 'rollback', 'support'])).stdout).toBe('support: stable v1\n');
  expect((await keel(['agents', 'canary', 'support', '2', '37'])).stdout).toBe('support: stable v1 · canary v2 at 37 %\n');
  expect((await keel(['agents', 'pin', 'support', '3'])).stdout).toBe('support: stable v1 · canary v2 at 37 % · pinned v3 (every new run)\n');
  expect((await keel(['agents', 'pin', 'support', '--clear'])).stdout).toBe('support: stable v1 · canary v2 at 37 %\n');
  expect((await keel(['agents', 'canary', 'support', '--clear'])).stdout).toBe('support: stable v1\n');
  expect((await keel(['agents', 'promote', 'support', '--version', '2'])).stdout).toBe('support: stable v2 · rollback to v1\n');
  expect((await keel(['agents', 'rollback', 'support', '--version', '1'])).stdout).toBe('support: stable v1\n');
});

it('says what is wrong, exit 1', async () => {
  const noCanary = await keel(['agents', 'promote', 'support']);
  expect(noCanary.code).toBe(1);
  expect(noCanary.stderr).toMatch(/409 no_canary: agent support has no canary to promote/);
  const badPercent = await keel(['agents', 'canary', 'support', '2', '12.34']);
  expect(badPercent.code).toBe(1);
  expect(badPercent.stderr).toContain('percent must be 0–100 with at most one decimal');
  const unknown = await keel(['agents', 'pin', 'support', '9']);
  expect(unknown.stderr).toMatch(/404 not_found: agent support version 9 not found/);
  expect((await keel(['agents', 'canary', 'support', '2'])).stderr).toContain('usage: canary NAME VERSION PERCENT');
});
