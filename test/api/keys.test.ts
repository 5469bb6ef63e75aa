// API keys are revocable (issue 13, finding 7): created with the key shown once and scopes, listed
// without it, and a revoked key is refused on the very next request.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { buildApi } from '../../services/api';
import { auditLog } from '../../services/audit';
import { apiKeyService } from '../../services/keys';

let store: Store;
let api: FastifyInstance;
let a: { id: string; key: string; keyId: string };
let b: { id: string; key: string; keyId: string };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
  store = await openStore('sqlite:keel.db', mkdtempSync(join(tmpdir(), 'keel-keys-')));
  const audit = auditLog(store.db);
  api = await buildApi({ store, services: { keys: apiKeyService({ store, audit }), audit } });
  for (const name of ['acme', 'globex']) {
    const tenant = await store.tenants.create(name);
    const { id, key } = await store.tenants.createApiKey(tenant.id, 'first');
    if (name === 'acme') a = { id: tenant.id, key, keyId: id };
    else b = { id: tenant.id, key, keyId: id };
  }
});

afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe('API keys', () => {
  it('creates a key shown once, and lists keys without their secret or hash', async () => {
    const created = await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: { label: 'ci' } });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key).toMatchObject({ id: expect.stringMatching(/^key_/), label: 'ci', scopes: ['read'], revokedAt: null, key: expect.stringMatching(/^keel_/) });
    expect((await api.inject({ method: 'GET', url: '/v1/audit', headers: auth(key.key) })).statusCode).toBe(200);
    // Without scopes a key only reads: managing keys needs admin.
    expect((await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(key.key) })).statusCode).toBe(403);

    const list = await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(a.key) });
    expect(list.statusCode).toBe(200);
    expect(list.json().keys.map((k: { id: string }) => k.id)).toEqual([a.keyId, key.id]);
    for (const k of list.json().keys) expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'label', 'revokedAt', 'scopes']);
    expect(list.json().keys.map((k: { scopes: string[] }) => k.scopes)).toEqual([['admin'], ['read']]);
    expect(list.body).not.toContain(key.key);
    expect((await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(b.key) })).json().keys.map((k: { id: string }) => k.id)).toEqual([b.keyId]);
  });

  it('refuses a revoked key at once with 401, and only the owning tenant may revoke', async () => {
    const { id, key } = (await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: { scopes: ['admin'] } })).json();
    expect((await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(key) })).statusCode).toBe(200);
    expect((await api.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: auth(b.key) })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(key) })).statusCode).toBe(200);

    expect((await api.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: auth(a.key) })).statusCode).toBe(204);
    const refused = await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(key) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('unauthorized');
    expect((await api.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: auth(a.key) })).statusCode).toBe(404);
    const listed = (await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(a.key) })).json().keys.find((k: { id: string }) => k.id === id);
    expect(listed.revokedAt).toEqual(expect.any(String));

    const audit = (await api.inject({ method: 'GET', url: '/v1/audit?action=key.created,key.revoked', headers: auth(a.key) })).json().entries;
    expect(audit.map((e: { action: string; target: { id: string } }) => `${e.action} ${e.target.id}`)).toEqual(expect.arrayContaining([`key.created ${id}`, `key.revoked ${id}`]));
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('creates a key with the scopes asked for, and audits them', async () => {
    const created = await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: { label: 'bot', scopes: ['runs', 'read', 'runs'] } });
    expect(created.statusCode).toBe(201);
    const { id, key, scopes } = created.json();
    expect(scopes).toEqual(['runs', 'read']);
    expect((await store.tenants.authenticate(key))?.scopes).toEqual(['runs', 'read']);
    expect((await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(a.key) })).json().keys.find((k: { id: string }) => k.id === id).scopes).toEqual(['runs', 'read']);
    const entry = (await api.inject({ method: 'GET', url: '/v1/audit?action=key.created', headers: auth(a.key) })).json().entries.find((e: { target: { id: string } }) => e.target.id === id);
    expect(entry.details).toEqual({ label: 'bot', scopes: ['runs', 'read'] });
  });

  it('lets only admin keys manage keys, so no key can mint a wider one', async () => {
    const { key } = (await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: { scopes: ['runs', 'read', 'ingest', 'approve', 'gateway', 'agents:write', 'workflows:write'] } })).json();
    const minted = await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(key), payload: { scopes: ['admin'] } });
    expect(minted.statusCode).toBe(403);
    expect(minted.json().error).toEqual({ code: 'forbidden', message: 'this key lacks the "admin" scope' });
  });

  it('validates the body', async () => {
    const post = (payload: unknown) => api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: payload as object });
    expect((await post({ label: 'x', owner: 'me' })).statusCode).toBe(400);
    expect((await post({ label: '   ' })).statusCode).toBe(400);
    for (const scopes of [['root'], [], 'admin', ['read', 42], Array(20).fill('read')]) {
      const res = await post({ scopes });
      expect(res.statusCode, JSON.stringify(scopes)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });
});
