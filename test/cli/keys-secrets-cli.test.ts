// keel keys … and keel secrets … as a user runs them, against a live API.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { buildApi } from '../../services/api';
import { apiKeyService } from '../../services/keys';
import { loadSecretsKey, secretCipher, tenantSecrets, type TenantSecrets } from '../../services/secrets';
import { keelCli } from '../support/keel-cli';

let store: Store;
let api: FastifyInstance;
let secrets: TenantSecrets;
let url: string;
let tenant: { id: string; key: string };
const dataDir = mkdtempSync(join(tmpdir(), 'keel-cli-keys-'));
const keel = keelCli(() => ({ url, key: tenant.key }));

beforeAll(async () => {
  store = await openStore('sqlite:keel.db', dataDir);
  secrets = tenantSecrets({ db: store.db, cipher: secretCipher(loadSecretsKey({ dataDir, env: {} })) });
  api = await buildApi({ store, services: { keys: apiKeyService({ store }), secrets } });
  const t = await store.tenants.create('acme');
  tenant = { id: t.id, key: (await store.tenants.createApiKey(t.id)).key };
  url = await api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await api?.close();
  await store?.close();
});

it('creates, lists and revokes API keys', async () => {
  const created = await keel(['keys', 'create', '--label', 'deploy-bot', '--scopes', 'runs, read']);
  expect(created.code, created.stderr).toBe(0);
  const [id, key, scopes] = created.stdout.trim().split('\n');
  expect(key).toMatch(/^keel_/);
  expect(scopes).toBe('scopes runs,read');
  expect((await keel(['keys', 'create'])).stdout.trim().split('\n')[2]).toBe('scopes read');
  const list = await keel(['keys', 'list']);
  expect(list.stdout).toMatch(new RegExp(`${id}\\s+active.*runs,read\\s+deploy-bot`));
  expect(list.stdout).toMatch(/\sadmin\s/);
  expect(list.stdout).not.toContain(key);
  const notAdmin = await keel(['keys', 'list'], { KEEL_API_KEY: key });
  expect(notAdmin.code).toBe(1);
  expect(notAdmin.stderr).toContain('403 forbidden');
  const unknown = await keel(['keys', 'create', '--scopes', 'root']);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('400 invalid_request');
  expect((await keel(['keys', 'revoke', id])).stdout).toContain(`${id} revoked`);
  const refused = await keel(['keys', 'list'], { KEEL_API_KEY: key });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('401 unauthorized');
}, 180_000);

it('sets a secret from a file, lists its name only, and deletes it', async () => {
  const file = join(dataDir, 'token.txt');
  writeFileSync(file, 'cli-secret-value-123\n');
  expect((await keel(['secrets', 'set', 'crm-token', '--from-file', file])).stdout).toContain('secret crm-token set');
  expect(await secrets.reveal(tenant.id, 'crm-token')).toBe('cli-secret-value-123');
  const list = await keel(['secrets', 'list']);
  expect(list.stdout).toMatch(/crm-token\s+\d{4}-/);
  expect(list.stdout).not.toContain('cli-secret-value');
  expect((await keel(['secrets', 'delete', 'crm-token'])).stdout).toContain('secret crm-token deleted');
  expect(await secrets.reveal(tenant.id, 'crm-token')).toBeUndefined();
  const missing = await keel(['secrets', 'delete', 'crm-token']);
  expect(missing.stderr).toContain('404 not_found');
}, 180_000);
