// Per-tenant MCP server registry through the real API (fastify inject, real auth, SQLite store).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { buildApi } from '../../services/api';
import { createMcpPool, toolServerRegistry, toolServerResolver, type McpPool } from '../../services/mcp';
import { startHttpServer, stdioSpec, type HttpServerProcess } from './helpers';

let store: Store;
let api: FastifyInstance;
let pool: McpPool;
let httpServer: HttpServerProcess;
let a: { id: string; key: string };
let b: { id: string; key: string };
const auth = (t: { key: string }) => ({ authorization: `Bearer ${t.key}` });
const testStdio = stdioSpec('unused') as { command: string; args: string[]; cwd: string };

beforeAll(async () => {
  store = await openStore('sqlite:keel.db', mkdtempSync(join(tmpdir(), 'keel-tools-')));
  for (const [name, set] of [['acme', (t: typeof a) => (a = t)], ['globex', (t: typeof a) => (b = t)]] as const) {
    const tenant = await store.tenants.create(name);
    set({ id: tenant.id, key: (await store.tenants.createApiKey(tenant.id)).key });
  }
  const registry = toolServerRegistry(store.db, { stdioCommands: [process.execPath], reservedNames: ['http'] });
  pool = createMcpPool();
  api = await buildApi({ store, services: { tools: { registry, pool } } });
  httpServer = await startHttpServer();
});
afterAll(async () => {
  await api?.close();
  await pool?.close();
  await httpServer?.stop();
  await store?.close();
});

describe('tool server registry API', () => {
  it('registers an HTTP server with secret references and restricts it to public addresses', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/v1/tools/servers',
      headers: auth(a),
      payload: { name: 'crm', transport: 'http', url: 'https://mcp.crm.example/mcp', headers: { 'X-Api-Key': { secret: 'crm-key' } }, bearerTokenRef: { secret: 'crm-token' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'crm', spec: { transport: 'http', egress: 'public', tenantId: a.id, bearerTokenRef: { secret: 'crm-token' }, headers: { 'X-Api-Key': { secret: 'crm-key' } } } });
    const again = await api.inject({ method: 'POST', url: '/v1/tools/servers', headers: auth(a), payload: { name: 'crm', transport: 'http', url: 'https://x.example/mcp' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('refuses plaintext credentials, disallowed stdio commands, reserved names and bad specs with 400/409', async () => {
    const post = (payload: object) => api.inject({ method: 'POST', url: '/v1/tools/servers', headers: auth(a), payload });
    const plain = await post({ name: 'leaky', transport: 'http', url: 'https://x.example/mcp', headers: { Authorization: 'Bearer abc' } });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.message).toContain('header Authorization: store the value as a tenant secret');
    const plainEnv = await post({ name: 'leaky2', transport: 'stdio', command: process.execPath, env: { GITHUB_TOKEN: 'ghp_x' } });
    expect(plainEnv.json().error.message).toContain('env GITHUB_TOKEN');
    const shell = await post({ name: 'shell', transport: 'stdio', command: '/bin/sh', args: ['-c', 'id'] });
    expect(shell.statusCode).toBe(400);
    expect(shell.json().error.message).toContain('not allowed for tenant servers');
    expect((await post({ name: 'http', transport: 'http', url: 'https://x.example/mcp' })).statusCode).toBe(409);
    const bad = await post({ name: 'bad', transport: 'http' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('url');
    expect((await post({ name: 'bad name!', transport: 'http', url: 'https://x.example/mcp' })).statusCode).toBe(400);
  });

  it('keeps tenants apart', async () => {
    const listA = (await api.inject({ method: 'GET', url: '/v1/tools/servers', headers: auth(a) })).json();
    const listB = (await api.inject({ method: 'GET', url: '/v1/tools/servers', headers: auth(b) })).json();
    expect(listA.servers.map((s: { name: string }) => s.name)).toContain('crm');
    expect(listB.servers).toEqual([]);
    expect((await api.inject({ method: 'GET', url: '/v1/tools/servers/crm', headers: auth(b) })).statusCode).toBe(404);
    expect((await api.inject({ method: 'DELETE', url: '/v1/tools/servers/crm', headers: auth(b) })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: '/v1/tools/servers/crm/tools', headers: auth(b) })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: '/v1/tools/servers', headers: { authorization: 'Bearer keel_nope' } })).statusCode).toBe(401);
  });

  it('replaces and removes a server', async () => {
    const put = await api.inject({ method: 'PUT', url: '/v1/tools/servers/crm', headers: auth(a), payload: { transport: 'http', url: 'https://mcp2.crm.example/mcp' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().spec.url).toBe('https://mcp2.crm.example/mcp');
    expect((await api.inject({ method: 'DELETE', url: '/v1/tools/servers/crm', headers: auth(a) })).statusCode).toBe(204);
    expect((await api.inject({ method: 'GET', url: '/v1/tools/servers/crm', headers: auth(a) })).statusCode).toBe(404);
  });

  it('lists the tools of a registered stdio server through the pool', async () => {
    const put = await api.inject({ method: 'PUT', url: '/v1/tools/servers/local', headers: auth(a), payload: { transport: 'stdio', command: testStdio.command, args: testStdio.args, cwd: testStdio.cwd } });
    expect(put.statusCode).toBe(201);
    const tools = await api.inject({ method: 'GET', url: '/v1/tools/servers/local/tools', headers: auth(a) });
    expect(tools.statusCode).toBe(200);
    expect(tools.json().tools.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['echo', 'record_side_effect']));
  });

  it('does not let a tenant HTTP server reach a loopback address', async () => {
    await api.inject({ method: 'PUT', url: '/v1/tools/servers/sneaky', headers: auth(a), payload: { transport: 'http', url: httpServer.url } });
    const res = await api.inject({ method: 'GET', url: '/v1/tools/servers/sneaky/tools', headers: auth(a) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'tool_server_unavailable', details: { kind: 'config' } });
    expect(res.json().error.message).toContain('loopback');
  });
});

describe('toolServerResolver', () => {
  it('prefers platform servers, then the tenant registry, never another tenant', async () => {
    const registry = toolServerRegistry(store.db, { stdioCommands: [process.execPath] });
    await registry.put(a.id, 'mine', { transport: 'http', url: 'https://mine.example/mcp' });
    const resolve = toolServerResolver({ http: { transport: 'stdio', command: 'node', args: ['x'], env: {} } }, registry);
    expect(await resolve(a.id, 'http')).toMatchObject({ name: 'http', transport: 'stdio' });
    expect(await resolve(a.id, 'mine')).toMatchObject({ name: 'mine', url: 'https://mine.example/mcp', egress: 'public' });
    expect(await resolve(b.id, 'mine')).toBeUndefined();
  });
});

const registryOf = () => toolServerRegistry(store.db);

describe('keel tools CLI', () => {
  it('registers, lists, describes and removes a server over the HTTP API', async () => {
    const url = await api.listen({ port: 0, host: '127.0.0.1' });
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    const file = join(dir, 'server.yaml');
    writeFileSync(file, `name: cli-local\ntransport: stdio\ncommand: ${JSON.stringify(testStdio.command)}\nargs: ${JSON.stringify(testStdio.args)}\ncwd: ${JSON.stringify(testStdio.cwd)}\n`);
    const keel = async (...args: string[]) =>
      (await promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/cli/main.ts', ...args], { cwd: testStdio.cwd, env: { ...process.env, KEEL_URL: url, KEEL_API_KEY: b.key, KEEL_DATA_DIR: dir } })).stdout;
    expect(await keel('tools', 'register', file)).toContain('cli-local (stdio) registered');
    expect(await keel('tools', 'list')).toMatch(/cli-local\s+stdio/);
    expect(await keel('tools', 'describe', 'cli-local')).toMatch(/record_side_effect\s+\[destructive\]/);
    expect(await keel('tools', 'remove', 'cli-local')).toContain('removed');
    expect(await registryOf().get(b.id, 'cli-local')).toBeUndefined();
    // Each CLI start loads the whole platform code through tsx: slow on a loaded machine.
  }, 180_000);
});
