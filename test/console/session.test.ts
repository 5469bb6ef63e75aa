// Console sessions over fastify inject: the API key is exchanged for an HttpOnly, SameSite=Strict
// cookie holding an opaque id (only its hash is stored); the cookie works with the key's tenant and
// scopes, needs x-keel-csrf on unsafe methods, ends at logout or when the key is revoked. And the
// static console at /console: files, the SPA fallback, security headers, the not-built answer.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../services/api';
import { openStore, type Store } from '../../services/store';
import { defaultConsoleDir } from '../../services/platform/console-dir';

let store: Store;
let app: FastifyInstance;
let acme: { id: string; key: string; keyId: string };
let globex: { id: string; key: string };
let readOnly: { key: string };
const consoleDir = mkdtempSync(join(tmpdir(), 'keel-console-'));

/** Two probe routes: a read and a change, answering with the caller's tenant. */
const probe: FastifyPluginAsync = async (app) => {
  app.get('/probe', { config: { scope: 'read' } }, async (request) => ({ tenant: request.tenant.id }));
  app.post('/probe', { config: { scope: 'runs' } }, async (request) => ({ tenant: request.tenant.id, changed: true }));
};

beforeAll(async () => {
  store = await openStore('sqlite:keel.db', mkdtempSync(join(tmpdir(), 'keel-session-')));
  const t1 = await store.tenants.create('acme');
  const t2 = await store.tenants.create('globex');
  const k1 = await store.tenants.createApiKey(t1.id);
  acme = { id: t1.id, key: k1.key, keyId: k1.id };
  globex = { id: t2.id, key: (await store.tenants.createApiKey(t2.id)).key };
  readOnly = { key: (await store.tenants.createApiKey(t1.id, 'viewer', ['read'])).key };
  mkdirSync(join(consoleDir, 'assets'));
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(consoleDir, 'assets', 'main-ABC.js'), 'console.log(1)');
  app = await buildApi({ store, services: {}, plugins: [{ plugin: probe }], consoleDir });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function logIn(key: string) {
  const res = await app.inject({ method: 'POST', url: '/v1/console/session', headers: { authorization: `Bearer ${key}` } });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === 'keel_session')!;
  return { res, cookie, sessionCookie: `keel_session=${cookie.value}`, csrf: res.json().csrfToken as string };
}

describe('console sessions', () => {
  it('exchanges an API key for an HttpOnly, SameSite=Strict cookie holding an opaque id, never the key', async () => {
    const { res, cookie } = await logIn(acme.key);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy(); // plain http; over https the cookie is Secure
    expect(cookie.value).not.toContain(acme.key);
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    expect(res.json()).toMatchObject({ tenant: { id: acme.id, name: 'acme' }, scopes: ['admin'], csrfToken: expect.any(String) });
    expect(res.body).not.toContain(acme.key);
    const rows = await store.db.selectFrom('console_sessions').selectAll().execute();
    expect(rows.some((r) => r.id_hash === cookie.value)).toBe(false);
    expect(JSON.stringify(rows)).not.toContain(acme.key);
  });

  it('marks the cookie Secure when the API is served over https (api.publicUrl)', async () => {
    const https = await buildApi({ store, services: {}, secureCookies: true });
    const res = await https.inject({ method: 'POST', url: '/v1/console/session', headers: { authorization: `Bearer ${acme.key}` } });
    expect(res.cookies.find((c) => c.name === 'keel_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    await https.close();
  });

  it('refuses a wrong key, a made-up cookie and a session used to make another session', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/console/session', headers: { authorization: 'Bearer keel_nope' } })).statusCode).toBe(401);
    const bogus = await app.inject({ method: 'GET', url: '/probe', headers: { cookie: 'keel_session=made-up' } });
    expect(bogus.statusCode).toBe(401);
    expect(bogus.json().error.code).toBe('unauthorized');
    const { sessionCookie, csrf } = await logIn(acme.key);
    const again = await app.inject({ method: 'POST', url: '/v1/console/session', headers: { cookie: sessionCookie, 'x-keel-csrf': csrf } });
    expect(again.statusCode).toBe(400);
  });

  it('reads with the cookie alone; changes need the CSRF header of that session', async () => {
    const { sessionCookie, csrf } = await logIn(acme.key);
    const read = await app.inject({ method: 'GET', url: '/probe', headers: { cookie: sessionCookie } });
    expect(read.json()).toEqual({ tenant: acme.id });
    const me = await app.inject({ method: 'GET', url: '/v1/console/session', headers: { cookie: sessionCookie } });
    expect(me.json()).toMatchObject({ tenant: { id: acme.id }, csrfToken: csrf });

    const bare = await app.inject({ method: 'POST', url: '/probe', headers: { cookie: sessionCookie } });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error.code).toBe('csrf_failed');
    const other = await logIn(acme.key);
    const wrong = await app.inject({ method: 'POST', url: '/probe', headers: { cookie: sessionCookie, 'x-keel-csrf': other.csrf } });
    expect(wrong.statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: '/probe', headers: { cookie: sessionCookie, 'x-keel-csrf': csrf } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ tenant: acme.id, changed: true });
  });

  it("has the key's scopes and tenant, no more", async () => {
    const viewer = await logIn(readOnly.key);
    expect(viewer.res.json().scopes).toEqual(['read']);
    const denied = await app.inject({ method: 'POST', url: '/probe', headers: { cookie: viewer.sessionCookie, 'x-keel-csrf': viewer.csrf } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    const g = await logIn(globex.key);
    expect((await app.inject({ method: 'GET', url: '/probe', headers: { cookie: g.sessionCookie } })).json()).toEqual({ tenant: globex.id });
  });

  it('ends at logout (which needs the CSRF header too) and when its key is revoked', async () => {
    const { sessionCookie, csrf } = await logIn(acme.key);
    expect((await app.inject({ method: 'DELETE', url: '/v1/console/session', headers: { cookie: sessionCookie } })).statusCode).toBe(403);
    const out = await app.inject({ method: 'DELETE', url: '/v1/console/session', headers: { cookie: sessionCookie, 'x-keel-csrf': csrf } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'keel_session')?.value).toBe('');
    expect((await app.inject({ method: 'GET', url: '/probe', headers: { cookie: sessionCookie } })).statusCode).toBe(401);

    const doomed = await store.tenants.createApiKey(acme.id, 'doomed');
    const s = await logIn(doomed.key);
    expect((await app.inject({ method: 'GET', url: '/probe', headers: { cookie: s.sessionCookie } })).statusCode).toBe(200);
    await store.tenants.revokeApiKey(acme.id, doomed.id);
    expect((await app.inject({ method: 'GET', url: '/probe', headers: { cookie: s.sessionCookie } })).statusCode).toBe(401);
  });

  it('is documented with its scope in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/v1/console/session'].post).toMatchObject({ operationId: 'createConsoleSession', 'x-keel-scope': ['read'] });
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/console'))).toBe(false);
  });
});

describe('the console files at /console', () => {
  it('serves index.html with a strict CSP, hashed assets for good, and index.html for page paths', async () => {
    const index = await app.inject({ method: 'GET', url: '/console/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>console</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject({ method: 'GET', url: '/console/assets/main-ABC.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const page = await app.inject({ method: 'GET', url: '/console/runs/run_123' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>console</title>');
    expect((await app.inject({ method: 'GET', url: '/console/assets/missing.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: { authorization: `Bearer ${acme.key}` } })).json().error.code).toBe('not_found');
  });

  it('says how to build it when it is not built', async () => {
    const bare = await buildApi({ store, services: {}, consoleDir: join(consoleDir, 'nope') });
    const res = await bare.inject({ method: 'GET', url: '/console/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await bare.close();
  });
});

describe('which console the API serves', () => {
  it('compiled code serves the console built beside it; the sources serve dist/console under the project root', () => {
    const out = mkdtempSync(join(tmpdir(), 'keel-out-'));
    mkdirSync(join(out, 'console'));
    mkdirSync(join(out, 'services', 'platform'), { recursive: true });
    writeFileSync(join(out, 'console', 'index.html'), '');
    expect(defaultConsoleDir(join(out, 'services', 'platform'))).toBe(join(out, 'console'));
    const root = join(__dirname, '..', '..');
    expect(defaultConsoleDir(join(root, 'services', 'platform'))).toBe(join(root, 'dist', 'console'));
  });
});
