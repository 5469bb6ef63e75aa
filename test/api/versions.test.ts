// The version routes of agents over real HTTP handling (fastify inject, real SQLite store, real
// auth and scopes): registering with or without traffic, versions with labels, promote, rollback,
// canary, pin, diff, and what each refuses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi } from '../../services/api';
import { auditLog } from '../../services/audit';
import { openStore, type Store } from '../../services/store';
import { versionService } from '../../services/versions';

let store: Store;
let api: FastifyInstance;
let admin: string;
let reader: string;
let otherTenant: string;

const agent = (instructions: string, extra: Record<string, unknown> = {}) => ({ name: 'support', instructions, model: 'small', ...extra });
const call = (method: 'GET' | 'POST', url: string, payload?: unknown, key = admin) =>
  api.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  store = await openStore('sqlite:keel.sqlite', mkdtempSync(join(tmpdir(), 'keel-versions-api-')));
  const audit = auditLog(store.db);
  api = await buildApi({ store, services: { registry: agentRegistry(store, audit), versions: versionService({ store, audit }), audit } });
  const tenant = await store.tenants.create('acme');
  admin = (await store.tenants.createApiKey(tenant.id, 'writer', ['agents:write', 'read'])).key;
  reader = (await store.tenants.createApiKey(tenant.id, 'reader', ['read'])).key;
  const other = await store.tenants.create('globex');
  otherTenant = (await store.tenants.createApiKey(other.id, 'other', ['admin'])).key;
});

afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe('agent version routes', () => {
  it('makes the first version stable and gives later ones traffic only when asked', async () => {
    const v1 = await call('POST', '/v1/agents', agent('One.'));
    expect(v1.statusCode).toBe(201);
    expect(v1.json().labels).toEqual({ stable: 1, canary: null, pinned: null, previousStable: [] });
    const v2 = await call('POST', '/v1/agents', agent('Two.'));
    expect(v2.json()).toMatchObject({ created: true, agent: { version: 2 }, labels: { stable: 1, canary: null } });
    const v3 = await call('POST', '/v1/agents?canary=12.5', agent('Three.'));
    expect(v3.json()).toMatchObject({ agent: { version: 3 }, labels: { stable: 1, canary: { version: 3, percent: 12.5 } } });
    const v4 = await call('POST', '/v1/agents?stable=true', agent('Four.'));
    expect(v4.json()).toMatchObject({ agent: { version: 4 }, labels: { stable: 4, canary: null, previousStable: [1] } });
    // Registering v1's definition again is v1, unchanged, and moves no traffic.
    const again = await call('POST', '/v1/agents', agent('One.'));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, agent: { version: 1 }, labels: { stable: 4 } });
    // A bad canary share is refused before anything is saved.
    const bad = await call('POST', '/v1/agents?canary=150', agent('Five.'));
    expect(bad.statusCode).toBe(400);
    expect((await call('GET', '/v1/agents/support/versions')).json().versions).toHaveLength(4);
    expect((await call('GET', '/v1/agents')).json().agents).toEqual([expect.objectContaining({ name: 'support', latestVersion: 4, stableVersion: 4 })]);
  });

  it('moves traffic: canary, promote, rollback, pin — each answered with the labels', async () => {
    const canary = await call('POST', '/v1/agents/support/canary', { version: 2, percent: 37 });
    expect(canary.statusCode, canary.body).toBe(200);
    expect(canary.json().labels).toEqual({ stable: 4, canary: { version: 2, percent: 37 }, pinned: null, previousStable: [1] });
    const listed = (await call('GET', '/v1/agents/support/versions', undefined, reader)).json();
    expect(listed.labels.canary).toEqual({ version: 2, percent: 37 });
    expect(listed.versions.map((v: { version: number; labels: string[] }) => [v.version, v.labels])).toEqual([[1, []], [2, ['canary']], [3, []], [4, ['stable']]]);

    expect((await call('POST', '/v1/agents/support/promote')).json().labels).toMatchObject({ stable: 2, canary: null, previousStable: [1, 4] });
    expect((await call('POST', '/v1/agents/support/rollback', {})).json().labels).toMatchObject({ stable: 4, previousStable: [1] });
    expect((await call('POST', '/v1/agents/support/rollback', { version: 1 })).json().labels).toMatchObject({ stable: 1, previousStable: [] });
    expect((await call('POST', '/v1/agents/support/pin', { version: 3 })).json().labels).toMatchObject({ stable: 1, pinned: 3 });
    expect((await call('POST', '/v1/agents/support/pin', { version: null })).json().labels).toMatchObject({ pinned: null });
    expect((await call('POST', '/v1/agents/support/canary', { version: 2, percent: 5 })).json().labels.canary).toEqual({ version: 2, percent: 5 });
    expect((await call('POST', '/v1/agents/support/canary', { version: null })).json().labels.canary).toBeNull();

    const audit = (await call('GET', '/v1/audit?action=agent.promoted,agent.rolled_back,agent.canary_set,agent.pinned,agent.unpinned', undefined, reader)).json();
    // Eight changes here, and the two registrations that asked for traffic (?canary, ?stable).
    expect(audit.entries).toHaveLength(10);
    expect(audit.entries.every((e: { actor: { type: string } }) => e.actor.type === 'api_key')).toBe(true);
  });

  it('diffs two versions: changed paths and a unified YAML diff', async () => {
    const res = await call('GET', '/v1/agents/support/diff?from=1&to=2', undefined, reader);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      name: 'support', from: 1, to: 2,
      changes: [{ path: 'instructions', change: 'changed', before: 'One.', after: 'Two.' }],
      unified: expect.stringContaining('-instructions: One.\n+instructions: Two.'),
    });
    expect((await call('GET', '/v1/agents/support/diff?from=1&to=1')).json()).toMatchObject({ changes: [], unified: '' });
  });

  it('refuses with 4xx and an error body: unknown names and versions, bad bodies, missing scopes, other tenants', async () => {
    const expectError = async (res: Awaited<ReturnType<typeof call>>, status: number, code?: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error).toEqual(expect.objectContaining({ code: code ?? expect.any(String), message: expect.any(String) }));
    };
    await expectError(await call('POST', '/v1/agents/support/promote'), 409, 'no_canary');
    await expectError(await call('POST', '/v1/agents/nobody/promote', { version: 1 }), 404, 'not_found');
    await expectError(await call('POST', '/v1/agents/support/pin', { version: 99 }), 404, 'not_found');
    await expectError(await call('POST', '/v1/agents/support/canary', { version: 1, percent: 10 }), 400);
    await expectError(await call('POST', '/v1/agents/support/canary', { version: 2, percent: 12.34 }), 400);
    await expectError(await call('POST', '/v1/agents/support/canary', { version: 2 }), 400);
    await expectError(await call('POST', '/v1/agents/support/pin', {}), 400);
    await expectError(await call('POST', '/v1/agents/support/rollback', { version: -1 }), 400);
    await expectError(await call('GET', '/v1/agents/support/diff?from=1'), 400);
    await expectError(await call('GET', '/v1/agents/support/diff?from=1&to=1e20'), 400);
    await expectError(await call('POST', '/v1/agents/support/pin', { version: 1e20 }), 400);
    await expectError(await call('GET', `/v1/agents/${'x'.repeat(64)}/versions`), 400);
    await expectError(await call('GET', '/v1/agents/support/diff?from=1&to=42'), 404);
    await expectError(await call('POST', '/v1/agents/support/promote', { version: 2 }, reader), 403, 'forbidden');
    await expectError(await call('POST', '/v1/agents/support/pin', { version: 2 }, reader), 403, 'forbidden');
    await expectError(await call('GET', '/v1/agents/support/versions', undefined, otherTenant), 404);
    await expectError(await call('POST', '/v1/agents/support/rollback', {}, otherTenant), 404);
    expect((await call('GET', '/v1/agents/support/versions')).json().labels).toMatchObject({ stable: 1, pinned: null, canary: null });
  });
});
