// The audit log: append-only in the database, masked details, per-tenant listing over the API
// with filters and cursor pagination.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi } from '../../services/api';
import { auditLog, type AuditEntry, type AuditLog } from '../../services/audit';
import { openStore, type Store } from '../../services/store';

describe('audit log', () => {
  let dataDir: string;
  let store: Store;
  let audit: AuditLog;
  let api: FastifyInstance;
  let tenant: { id: string; key: string };
  let other: { id: string; key: string };
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = async (key: string, query: Record<string, string | number | undefined> = {}) => {
    const pairs = Object.entries(query).filter((kv): kv is [string, string | number] => kv[1] !== undefined);
    const qs = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString();
    return api.inject({ method: 'GET', url: `/v1/audit${qs ? `?${qs}` : ''}`, headers: auth(key) });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-audit-'));
    store = await openStore('sqlite:platform.sqlite', dataDir);
    audit = auditLog(store.db);
    api = await buildApi({ store, services: { registry: agentRegistry(store), audit } });
    const t1 = await store.tenants.create('acme');
    const t2 = await store.tenants.create('globex');
    tenant = { id: t1.id, key: (await store.tenants.createApiKey(t1.id)).key };
    other = { id: t2.id, key: (await store.tenants.createApiKey(t2.id)).key };

    const base = Date.parse('2026-11-23T09:00:00.000Z');
    const actions = ['agent.registered', 'agent.published', 'run.started', 'tool.approved', 'tool.executed', 'run.cancelled', 'replay.started'] as const;
    for (let i = 0; i < 21; i++) {
      await audit.append({
        tenantId: tenant.id,
        action: actions[i % actions.length],
        actor: { type: 'api_key', id: i % 2 ? 'key_a' : 'key_b' },
        target: { type: i % 7 < 2 ? 'agent' : 'run', id: i % 7 < 2 ? 'support' : `run_${i}` },
        details: { i },
        // Pairs share a timestamp so the cursor's id tiebreak is exercised.
        at: new Date(base + Math.floor(i / 2) * 1000).toISOString(),
      });
    }
    await audit.append({ tenantId: other.id, action: 'run.started', actor: { type: 'api_key', id: 'key_z' }, target: { type: 'run', id: 'run_other' } });
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists a tenant its own entries, newest first, page by page without gaps or repeats', async () => {
    const seen: AuditEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(tenant.key, { limit: 5, ...(cursor ? { cursor } : {}) });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { entries: AuditEntry[]; nextCursor: string | null };
      seen.push(...body.entries);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(21);
    expect(new Set(seen.map((e) => e.id)).size).toBe(21);
    const newestFirst = [...seen].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
    expect(seen.map((e) => e.id)).toEqual(newestFirst.map((e) => e.id));
    expect(seen[0].details.i).toBeGreaterThanOrEqual(19);
    expect(seen.every((e) => e.tenantId === tenant.id)).toBe(true);

    const others = (await get(other.key)).json() as { entries: AuditEntry[] };
    expect(others.entries.map((e) => e.target.id)).toEqual(['run_other']);
  });

  it('filters by action list, actor, target and time range', async () => {
    const byActions = (await get(tenant.key, { action: 'tool.executed,tool.approved' })).json() as { entries: AuditEntry[] };
    expect(byActions.entries).toHaveLength(6);
    expect(new Set(byActions.entries.map((e) => e.action))).toEqual(new Set(['tool.executed', 'tool.approved']));

    const byTarget = (await get(tenant.key, { targetType: 'agent', targetId: 'support' })).json() as { entries: AuditEntry[] };
    expect(byTarget.entries).toHaveLength(6);

    const byActor = (await get(tenant.key, { actorId: 'key_a' })).json() as { entries: AuditEntry[] };
    expect(byActor.entries.every((e) => e.actor.id === 'key_a')).toBe(true);
    expect(byActor.entries).toHaveLength(10);

    const window = (await get(tenant.key, { since: '2026-11-23T09:00:02.000Z', until: '2026-11-23T09:00:04.000Z' })).json() as { entries: AuditEntry[] };
    expect(window.entries.map((e) => e.details.i).sort((a, b) => Number(a) - Number(b))).toEqual([4, 5, 6, 7]);
  });

  it('answers bad queries with 400 and no key with 401', async () => {
    const bad: Array<Record<string, string | number>> = [{ action: 'run.deleted' }, { limit: 0 }, { cursor: 'garbage' }, { since: 'yesterday' }, { since: '2026-11-24T00:00:00Z', until: '2026-11-23T00:00:00Z' }];
    for (const query of bad) {
      const res = await get(tenant.key, query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    const res = await api.inject({ method: 'GET', url: '/v1/audit' });
    expect(res.statusCode).toBe(401);
  });

  it('stores tool arguments redacted and each idempotent entry once', async () => {
    const entry = {
      id: 'tool.executed:wf-1:3:0',
      tenantId: tenant.id,
      action: 'tool.executed' as const,
      actor: { type: 'workflow' as const, id: 'wf-1' },
      target: { type: 'tool', id: 'billing/refund' },
      details: { arguments: { email: 'jane@example.com', apiKey: 'sk-live-abcdefghijklmnopqrstuv', amount: 12 } },
    };
    const first = await audit.append(entry);
    const again = await audit.append({ ...entry, details: { arguments: { amount: 99 } } });
    expect(again).toEqual(first);
    expect(first.details).toEqual({ arguments: { email: '[EMAIL]', apiKey: '[REDACTED:secret]', amount: 12 } });
    const listed = (await get(tenant.key, { targetId: 'billing/refund' })).json() as { entries: AuditEntry[] };
    expect(listed.entries).toHaveLength(1);
  });

  it('refuses updates and deletes at the database', async () => {
    await expect(sql`UPDATE audit_log SET action = 'run.started'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('documents the route in the OpenAPI document', async () => {
    const res = await api.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/v1/audit');
  });
});
