// Tenant secrets are the tenant's (issue 13, finding 1): a tenant's MCP server can neither read the
// worker's environment nor the operator's KEEL_SECRET_* values; it gets its own tenant's secrets,
// set write-only over the API, and no other tenant's.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { buildApi } from '../../services/api';
import { auditLog } from '../../services/audit';
import { createMcpPool, toolServerRegistry, type McpPool, type ToolServerRegistry } from '../../services/mcp';
import { loadSecretsKey, secretCipher, tenantSecrets, type TenantSecrets } from '../../services/secrets';

let store: Store;
let api: FastifyInstance;
let pool: McpPool;
let registry: ToolServerRegistry;
let secrets: TenantSecrets;
let recorder: Server;
let recorderUrl: string;
const seen: IncomingHttpHeaders[] = [];
let a: { id: string; key: string };
let b: { id: string; key: string };
const auth = (t: { key: string }) => ({ authorization: `Bearer ${t.key}` });

const OPERATOR_VALUE = `operator-${randomBytes(8).toString('hex')}`;
const TENANT_VALUE = `tenant-a-${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-secrets-'));
  store = await openStore('sqlite:keel.db', dataDir);
  a = await tenantWithKey('acme');
  b = await tenantWithKey('globex');
  secrets = tenantSecrets({ db: store.db, cipher: secretCipher(loadSecretsKey({ dataDir, env: {} })), audit: auditLog(store.db) });
  // Loopback allowed for tenant servers so the recording stand-in is reachable; the rules under test are the secrets'.
  registry = toolServerRegistry(store.db, { allowPrivateHttp: true });
  pool = createMcpPool({ resolveTenantSecret: secrets.reveal, connectTimeoutMs: 5_000 });
  api = await buildApi({ store, services: { tools: { registry, pool }, secrets, audit: auditLog(store.db) } });
  recorder = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((ok) => recorder.listen(0, '127.0.0.1', ok));
  recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/mcp`;
  process.env.KEEL_SECRET_PLATFORM_TOKEN = OPERATOR_VALUE;
  process.env.KEEL_TEST_PRESENT_VAR = OPERATOR_VALUE;
});

afterAll(async () => {
  delete process.env.KEEL_SECRET_PLATFORM_TOKEN;
  delete process.env.KEEL_TEST_PRESENT_VAR;
  await api?.close();
  await pool?.close();
  recorder?.close();
  await store?.close();
});

async function tenantWithKey(name: string) {
  const tenant = await store.tenants.create(name);
  return { id: tenant.id, key: (await store.tenants.createApiKey(tenant.id)).key };
}

/** Connects to the server as registered (the stand-in answers 503) and returns the error and the headers it received. */
async function connectAs(tenantId: string, server: string) {
  const before = seen.length;
  const spec = (await registry.get(tenantId, server))!.spec;
  const error = await pool.listTools(spec).then(() => undefined, (e: Error) => e);
  return { error, headers: seen.slice(before) };
}

describe('tenant MCP servers and the platform environment', () => {
  it('refuses registering a server that reads the worker environment, saying the same whether the variable exists or not', async () => {
    const register = (name: string, ref: object) =>
      api.inject({ method: 'POST', url: '/v1/tools/servers', headers: auth(a), payload: { name, transport: 'http', url: 'https://mcp.example/mcp', headers: { x: ref } } });
    const aws = await register('exfil', { fromEnv: 'AWS_SECRET_ACCESS_KEY' });
    expect(aws.statusCode).toBe(400);
    expect(aws.json().error.message).toContain('cannot read the platform environment');
    const present = await register('exfil2', { fromEnv: 'KEEL_TEST_PRESENT_VAR' });
    const absent = await register('exfil3', { fromEnv: 'KEEL_TEST_ABSENT_VAR' });
    expect(present.statusCode).toBe(400);
    expect(present.json().error).toEqual(absent.json().error);
    const bearer = await api.inject({ method: 'POST', url: '/v1/tools/servers', headers: auth(a), payload: { name: 'exfil4', transport: 'http', url: 'https://mcp.example/mcp', bearerTokenRef: { fromEnv: 'HOME' } } });
    expect(bearer.statusCode).toBe(400);
    expect(await registry.list(a.id)).toEqual([]);
  });

  it('never resolves fromEnv or the operator KEEL_SECRET_* values for a tenant server, even one stored before the rule', async () => {
    await store.db
      .insertInto('tool_servers' as never)
      .values({ tenant_id: a.id, name: 'legacy', transport: 'http', spec: JSON.stringify({ transport: 'http', name: 'legacy', url: recorderUrl, headers: { x: { fromEnv: 'KEEL_TEST_PRESENT_VAR' } }, egress: 'any' }), created_at: 'now', updated_at: 'now' } as never)
      .execute();
    const legacy = await connectAs(a.id, 'legacy');
    expect(legacy.headers).toEqual([]); // refused before connecting
    expect(legacy.error).toMatchObject({ kind: 'config', retryable: false });
    expect(legacy.error!.message).not.toContain('KEEL_TEST_PRESENT_VAR');

    await registry.put(a.id, 'platform-secret', { transport: 'http', url: recorderUrl, headers: { 'x-token': { secret: 'platform_token' } } });
    const named = await connectAs(a.id, 'platform-secret');
    expect(named.headers).toEqual([]);
    expect(named.error!.message).toContain('secret "platform_token" is not set');
    expect(named.error!.message).not.toContain(OPERATOR_VALUE);
  });

  it('sends a tenant secret to that tenant\'s own server, and to no other tenant\'s', async () => {
    const set = await api.inject({ method: 'PUT', url: '/v1/secrets/crm-key', headers: auth(a), payload: { value: TENANT_VALUE } });
    expect(set.statusCode).toBe(204);
    expect(set.body).toBe('');

    const spec = { transport: 'http', url: recorderUrl, headers: { 'x-api-key': { secret: 'crm-key' } } };
    expect((await api.inject({ method: 'PUT', url: '/v1/tools/servers/crm', headers: auth(a), payload: spec })).statusCode).toBe(201);
    const own = await connectAs(a.id, 'crm');
    expect(own.headers.length).toBeGreaterThan(0);
    expect(own.headers[0]['x-api-key']).toBe(TENANT_VALUE);
    expect(own.error!.message).not.toContain(TENANT_VALUE);

    // Another tenant referencing the same name gets nothing: the name resolves among its own secrets.
    expect((await api.inject({ method: 'PUT', url: '/v1/tools/servers/crm', headers: auth(b), payload: spec })).statusCode).toBe(201);
    const other = await connectAs(b.id, 'crm');
    expect(other.headers).toEqual([]);
    expect(other.error!.message).toContain('secret "crm-key" is not set');
    const listed = await api.inject({ method: 'GET', url: '/v1/tools/servers/crm/tools', headers: auth(b) });
    expect(listed.statusCode).toBe(422);
    expect(listed.body).not.toContain(TENANT_VALUE);
  });
});

describe('the secrets API', () => {
  it('is write-only: lists names and update times, never values, and has no route that reads one', async () => {
    await api.inject({ method: 'PUT', url: '/v1/secrets/list-me', headers: auth(a), payload: { value: 'v1-value' } });
    const list = await api.inject({ method: 'GET', url: '/v1/secrets', headers: auth(a) });
    expect(list.statusCode).toBe(200);
    const names = list.json().secrets.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['crm-key', 'list-me']));
    for (const s of list.json().secrets) expect(Object.keys(s).sort()).toEqual(['name', 'updatedAt']);
    expect(list.body).not.toContain(TENANT_VALUE);
    expect((await api.inject({ method: 'GET', url: '/v1/secrets/crm-key', headers: auth(a) })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: '/v1/secrets', headers: auth(b) })).json().secrets).toEqual([]);
  });

  it('stores values encrypted, bound to their tenant and name', async () => {
    const rows = await store.db.selectFrom('tenant_secrets' as never).selectAll().execute() as Array<{ tenant_id: string; name: string; ciphertext: string }>;
    const row = rows.find((r) => r.name === 'crm-key')!;
    expect(row.ciphertext).not.toContain(TENANT_VALUE);
    expect(Buffer.from(row.ciphertext.split(':').pop()!, 'base64').toString()).not.toContain(TENANT_VALUE);
    // A ciphertext copied into another tenant's row does not open there.
    await store.db.insertInto('tenant_secrets' as never).values({ ...row, tenant_id: b.id } as never).execute();
    await expect(secrets.reveal(b.id, 'crm-key')).rejects.toThrow();
    await store.db.deleteFrom('tenant_secrets' as never).where('tenant_id' as never, '=', b.id as never).execute();
  });

  it('validates names and bodies, deletes, and audits set and delete without the value', async () => {
    expect((await api.inject({ method: 'PUT', url: '/v1/secrets/bad%20name', headers: auth(a), payload: { value: 'x' } })).statusCode).toBe(400);
    expect((await api.inject({ method: 'PUT', url: '/v1/secrets/empty', headers: auth(a), payload: { value: '' } })).statusCode).toBe(400);
    expect((await api.inject({ method: 'PUT', url: '/v1/secrets/extra', headers: auth(a), payload: { value: 'x', other: 1 } })).statusCode).toBe(400);
    expect((await api.inject({ method: 'DELETE', url: '/v1/secrets/crm-key', headers: auth(b) })).statusCode).toBe(404);
    expect((await api.inject({ method: 'DELETE', url: '/v1/secrets/crm-key', headers: auth(a) })).statusCode).toBe(204);
    expect((await api.inject({ method: 'DELETE', url: '/v1/secrets/crm-key', headers: auth(a) })).statusCode).toBe(404);
    expect(await secrets.reveal(a.id, 'crm-key')).toBeUndefined();

    const audit = await api.inject({ method: 'GET', url: '/v1/audit?action=secret.set,secret.deleted', headers: auth(a) });
    const entries = audit.json().entries as Array<{ action: string; target: { id: string } }>;
    expect(entries.map((e) => `${e.action} ${e.target.id}`)).toEqual(expect.arrayContaining(['secret.set crm-key', 'secret.deleted crm-key']));
    expect(audit.body).not.toContain(TENANT_VALUE);
  });
});

describe('the secrets key', () => {
  it('is generated once into the data dir with mode 0600, or taken from KEEL_SECRETS_KEY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-key-'));
    const first = loadSecretsKey({ dataDir: dir, env: {} });
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(loadSecretsKey({ dataDir: dir, env: {} }).equals(first)).toBe(true);
    expect(readFileSync(join(dir, 'secrets.key'), 'utf8').trim()).toBe(first.toString('base64'));
    const fromEnv = randomBytes(32);
    expect(loadSecretsKey({ dataDir: dir, env: { KEEL_SECRETS_KEY: fromEnv.toString('base64') } }).equals(fromEnv)).toBe(true);
    expect(() => loadSecretsKey({ dataDir: dir, env: { KEEL_SECRETS_KEY: 'c2hvcnQ=' } })).toThrow(/32 random bytes/);
  });
});
