// Keys with scopes (issue 13): every authenticated route declares the scope it needs, one guard
// checks it against the key's (403 forbidden), and a route that declares none cannot be registered.
// Over a real platform (Temporal dev server, SQLite, the model stand-in; no worker).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, type RouteScope } from '../../services/api';
import { API_SCOPES, type ApiScope } from '../../services/keys';
import { openStore } from '../../services/store';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';

let model: VllmStandin;
let p: TestPlatform;
const keyWith = async (scopes: readonly ApiScope[]) => (await p.runtime.store.tenants.createApiKey(p.tenant.id, scopes.join(' '), scopes)).key;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, worker: 'none' });
  await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { name: 'adder', instructions: 'Add.', model: TEST_MODEL } });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

/** Every route fastify holds, from its route tree: `METHOD /full/path`. */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    prefixes[depth] = (prefixes[depth - 1] ?? '') + m[2];
    prefixes.length = depth + 1;
    for (const method of m[3]?.split(', ') ?? []) routes.push(`${method} ${prefixes[depth]}`);
  }
  return routes;
}

const PUBLIC = ['GET /healthz', 'HEAD /healthz', 'GET /livez', 'HEAD /livez', 'GET /readyz', 'HEAD /readyz', 'GET /openapi.json', 'HEAD /openapi.json', 'GET /metrics', 'HEAD /metrics'];

describe('every route declares a scope', () => {
  it('walks every authenticated route: each is in the scope table with at least one scope', () => {
    const declared = new Set(p.api.routeScopes.map((r) => `${r.method} ${r.url}`));
    const routes = registeredRoutes(p.api);
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) if (!PUBLIC.includes(route)) expect(declared, `${route} declares no scope`).toContain(route);
    for (const r of p.api.routeScopes) {
      expect(r.scopes.length, `${r.method} ${r.url}`).toBeGreaterThan(0);
      for (const s of r.scopes) expect(API_SCOPES).toContain(s);
    }
  });

  it('maps the routes as documented', () => {
    const scopeOf = (route: string) => p.api.routeScopes.find((r) => `${r.method} ${r.url}` === route)?.scopes;
    const expected: Record<string, ApiScope[]> = {
      'POST /v1/agents': ['agents:write'],
      'GET /v1/agents': ['read'],
      'GET /v1/agents/:name/versions': ['read'],
      'GET /v1/agents/:name/diff': ['read'],
      'POST /v1/agents/:name/promote': ['agents:write'],
      'POST /v1/agents/:name/rollback': ['agents:write'],
      'POST /v1/agents/:name/canary': ['agents:write'],
      'POST /v1/agents/:name/pin': ['agents:write'],
      'POST /v1/workflows': ['workflows:write'],
      'GET /v1/workflows': ['read'],
      'GET /v1/workflows/:name': ['read'],
      'GET /v1/workflows/:name/versions': ['read'],
      'GET /v1/workflows/:name/diff': ['read'],
      'POST /v1/workflows/:name/promote': ['workflows:write'],
      'POST /v1/workflows/:name/rollback': ['workflows:write'],
      'POST /v1/workflows/:name/canary': ['workflows:write'],
      'POST /v1/workflows/:name/pin': ['workflows:write'],
      'POST /v1/runs': ['runs'],
      'GET /v1/runs': ['read'],
      'GET /v1/runs/:id/events': ['read'],
      'POST /v1/runs/:id/approvals': ['approve'],
      'POST /v1/runs/:id/cancel': ['runs'],
      'POST /v1/runs/:id/resume': ['runs'],
      'POST /v1/runs/:id/signals/:name': ['runs'],
      'POST /v1/replays': ['runs'],
      'GET /v1/replays/:id': ['read'],
      'GET /v1/traces/:id': ['read'],
      'GET /v1/audit': ['read'],
      'GET /v1/usage': ['read'],
      'POST /v1/collections/:name/search': ['read'],
      'DELETE /v1/collections/:name/documents/:documentId': ['ingest'],
      'PUT /v1/ingest/blobs': ['ingest'],
      'POST /v1/ingest/jobs': ['ingest'],
      'POST /v1/sources': ['ingest'],
      'GET /v1/sources/:sourceId/jobs': ['read'],
      'POST /v1/chat/completions': ['gateway'],
      'POST /v1/embeddings': ['gateway'],
      'GET /v1/models': ['gateway'],
      'POST /v1/tools/servers': ['admin'],
      'GET /v1/tools/servers': ['read'],
      'PUT /v1/secrets/:name': ['admin'],
      'POST /v1/keys': ['admin'],
      'GET /v1/keys': ['admin'],
      'POST /mcp': ['runs', 'read'],
      'POST /mcp/knowledge': ['read'],
    };
    for (const [route, scopes] of Object.entries(expected)) expect(scopeOf(route), route).toEqual(scopes);
  });

  it('refuses to build an API with a route that declares no scope', async () => {
    const store = await openStore('sqlite:keel.db', mkdtempSync(join(tmpdir(), 'keel-scopes-')));
    try {
      const unscoped = async (app: FastifyInstance) => {
        app.get('/v1/forgotten', async () => ({ ok: true }));
      };
      await expect(buildApi({ store, services: {}, plugins: [{ plugin: unscoped }] })).rejects.toThrow(/GET \/v1\/forgotten declares no scope/);
      const scoped = async (app: FastifyInstance) => {
        app.get('/v1/remembered', { config: { scope: 'read' } }, async () => ({ ok: true }));
      };
      const api = await buildApi({ store, services: {}, plugins: [{ plugin: scoped }] });
      // (beside the routes every API has: the console's session)
      expect(api.routeScopes.filter((r) => r.url === '/v1/remembered')).toEqual([{ method: 'GET', url: '/v1/remembered', scopes: ['read'] }, { method: 'HEAD', url: '/v1/remembered', scopes: ['read'] }]);
      await api.close();
    } finally {
      await store.close();
    }
  });
});

describe('the scope guard', () => {
  it('lets a read-only key list runs but not start one', async () => {
    const read = await keyWith(['read']);
    expect((await p.api.inject({ method: 'GET', url: '/v1/runs', headers: p.auth(read) })).statusCode).toBe(200);
    const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(read), payload: { agent: 'adder', input: 'direct' } });
    expect(start.statusCode).toBe(403);
    expect(start.json()).toEqual({ error: { code: 'forbidden', message: 'this key lacks the "runs" scope' } });
    expect((await p.runtime.store.runs.list(p.tenant.id, { limit: 10 })).runs).toEqual([]);
  });

  it('lets a gateway-only key call the model gateway and nothing else', async () => {
    const gateway = await keyWith(['gateway']);
    const completion = await p.api.inject({
      method: 'POST', url: '/v1/chat/completions', headers: p.auth(gateway), payload: { model: TEST_MODEL, messages: [{ role: 'user', content: 'direct' }] },
    });
    expect(completion.statusCode, completion.body).toBe(200);
    expect(completion.json().choices[0].message.content).toBe('hello');
    const agents = await p.api.inject({ method: 'GET', url: '/v1/agents', headers: p.auth(gateway) });
    expect(agents.statusCode).toBe(403);
    expect(agents.json().error).toEqual({ code: 'forbidden', message: 'this key lacks the "read" scope' });
  });

  it('checks the scope before the body', async () => {
    const read = await keyWith(['read']);
    const res = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: { ...p.auth(read), 'content-type': 'application/json' }, payload: '{"agent":' });
    expect(res.statusCode).toBe(403);
  });

  it('needs both runs and read for /mcp, read for /mcp/knowledge', async () => {
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
    const mcp = (url: string, key: string) =>
      p.api.inject({ method: 'POST', url, headers: { ...p.auth(key), accept: 'application/json, text/event-stream' }, payload: initialize });
    const read = await keyWith(['read']);
    expect((await mcp('/mcp', read)).json().error.message).toBe('this key lacks the "runs" scope');
    expect((await mcp('/mcp', await keyWith(['runs']))).json().error.message).toBe('this key lacks the "read" scope');
    expect((await mcp('/mcp', await keyWith(['runs', 'read']))).statusCode).toBe(200);
    expect((await mcp('/mcp/knowledge', read)).statusCode).toBe(200);
    expect((await mcp('/mcp/knowledge', await keyWith(['gateway']))).statusCode).toBe(403);
  });

  // Every route, with a concrete URL: a key holding every scope but the route's gets 403 naming
  // it; an admin key and a key with exactly the route's scopes get past the guard.
  it('refuses every route to a key without its scope, and admin passes everywhere', async () => {
    const url = (r: RouteScope) => r.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'version' ? '1' : `nope-${name}`));
    const admin = p.tenant.key;
    const routes = p.api.routeScopes.filter((r) => r.method !== 'HEAD');
    for (const route of routes) {
      const needed = route.scopes[0];
      const lacking = await keyWith(API_SCOPES.filter((s) => s !== 'admin' && s !== needed));
      const denied = await p.api.inject({ method: route.method as 'GET', url: url(route), headers: p.auth(lacking) });
      expect(denied.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(denied.json().error.message).toBe(`this key lacks the "${needed}" scope`);
      for (const key of [admin, await keyWith(route.scopes)]) {
        const allowed = await p.api.inject({ method: route.method as 'GET', url: url(route), headers: p.auth(key) });
        expect(allowed.statusCode, `${route.method} ${route.url}: ${allowed.body.slice(0, 200)}`).not.toBe(403);
        expect(allowed.statusCode).not.toBe(401);
      }
    }
  }, 120_000);

  it('lets an admin key start a run', async () => {
    const res = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'adder', input: 'direct' } });
    expect(res.statusCode, res.body).toBe(202);
  });
});
