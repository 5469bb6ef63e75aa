// API keys are revocable (issue 13, finding 7): created with the key shown once, listed without
// it, and a revoked key is refused on the very next request.
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
    expect(key).toMatchObject({ id: expect.stringMatching(/^key_/), label: 'ci', revokedAt: null, key: expect.stringMatching(/^keel_/) });
    expect((await api.inject({ method: 'GET', url: '/v1/audit', headers: auth(key.key) })).statusCode).toBe(200);

    const list = await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(a.key) });
    expect(list.statusCode).toBe(200);
    expect(list.json().keys.map((k: { id: string }) => k.id)).toEqual([a.keyId, key.id]);
    for (const k of list.json().keys) expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'label', 'revokedAt']);
    expect(list.body).not.toContain(key.key);
    expect((await api.inject({ method: 'GET', url: '/v1/keys', headers: auth(b.key) })).json().keys.map((k: { id: string }) => k.id)).toEqual([b.keyId]);
  });

  it('refuses a revoked key at once with 401, and only the owning tenant may revoke', async () => {
    const { id, key } = (await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: {} })).json();
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

  it('validates the body', async () => {
    expect((await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: { label: 'x', scopes: ['admin'] } })).statusCode).toBe(400);
    expect((await api.inject({ method: 'POST', url: '/v1/keys', headers: auth(a.key), payload: { label: '   ' } })).statusCode).toBe(400);
  });
});
