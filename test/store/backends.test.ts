// The platform store's records on both databases it supports: tenants and API keys, agents, run
// events, conversations and the audit log behave the same on SQLite and on the test run's
// PostgreSQL (test/support/test-postgres.ts). The migrations apply, roll back and apply again on
// both, and leave the same tables and columns (no drift between the dialects).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, NO_MIGRATIONS, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { migrations } from '../../services/store/migrations';
import { auditLog } from '../../services/audit';
import { scratchPostgresDatabase, testPostgresUrl } from '../support/test-postgres';

interface Backend {
  url: string;
  dataDir: string;
  dialect(): Promise<Dialect>;
  drop(): Promise<void>;
}

const postgresUrl = testPostgresUrl();
const backends: Array<{ name: string; open(): Promise<Backend> }> = [
  {
    name: 'sqlite',
    open: async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'keel-backends-'));
      const Sqlite = (await import('better-sqlite3')).default;
      return { url: 'sqlite:keel.sqlite', dataDir, dialect: async () => new SqliteDialect({ database: new Sqlite(join(dataDir, 'keel.sqlite')) }), drop: async () => {} };
    },
  },
  ...(postgresUrl
    ? [{
        name: 'postgres',
        open: async () => {
          const { Pool } = await import('pg');
          const database = await scratchPostgresDatabase(postgresUrl, 'keel_backends');
          return { url: database.url, dataDir: mkdtempSync(join(tmpdir(), 'keel-backends-')), dialect: async () => new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }), drop: database.drop };
        },
      }]
    : []),
];

/** Table → sorted column names, as the database reports them (Kysely's introspection). */
async function schemaOf(dialect: Dialect): Promise<Record<string, string[]>> {
  const db = new Kysely<unknown>({ dialect });
  try {
    const tables = await db.introspection.getTables();
    return Object.fromEntries(
      tables.filter((t) => !t.name.startsWith('kysely_')).map((t) => [t.name, t.columns.map((c) => c.name).sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  } finally {
    await db.destroy();
  }
}

const schemas: Record<string, Record<string, string[]>> = {};

describe.each(backends)('platform store ($name)', ({ name, open }) => {
  let backend: Backend;
  let store: Store;

  beforeAll(async () => {
    backend = await open();
  });
  afterAll(async () => {
    await store?.close();
    await backend?.drop();
  });

  it('applies every migration, rolls all back and applies them again', async () => {
    const db = new Kysely<unknown>({ dialect: await backend.dialect() });
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(up.results?.map((r) => r.status).every((s) => s === 'Success')).toBe(true);
      const migrated = JSON.stringify(await schemaOf(await backend.dialect()));
      expect((await migrator.migrateTo(NO_MIGRATIONS)).error).toBeUndefined();
      expect(Object.keys(await schemaOf(await backend.dialect()))).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(JSON.stringify(await schemaOf(await backend.dialect()))).toBe(migrated);
    } finally {
      await db.destroy();
    }
    schemas[name] = await schemaOf(await backend.dialect());
    store = await openStore(backend.url, backend.dataDir);
  });

  it('keeps tenants and API keys: only the hash is stored, revoked keys stop working', async () => {
    const tenant = await store.tenants.create('acme');
    expect(await store.tenants.byName('acme')).toMatchObject({ id: tenant.id, name: 'acme' });
    expect((await store.tenants.ensure('acme')).id).toBe(tenant.id);
    await expect(store.tenants.create('acme')).rejects.toThrow();
    const { id, key } = await store.tenants.createApiKey(tenant.id, 'ci', ['runs', 'read']);
    expect(await store.tenants.authenticate(key)).toMatchObject({ tenantId: tenant.id, tenantName: 'acme', keyId: id, scopes: ['runs', 'read'] });
    const stored = await store.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(await store.tenants.revokeApiKey(tenant.id, id)).toBe(true);
    expect(await store.tenants.authenticate(key)).toBeUndefined();
    expect(await store.tenants.authenticate('keel_not_a_key')).toBeUndefined();
  });

  it('versions agents by content and lists them', async () => {
    const tenant = await store.tenants.ensure('agents-tenant');
    const first = await store.agents.register(tenant.id, { name: 'helper', prompt: 'v1' });
    expect(first).toMatchObject({ created: true, record: { version: 1 } });
    expect((await store.agents.register(tenant.id, { name: 'helper', prompt: 'v1' })).created).toBe(false);
    expect((await store.agents.register(tenant.id, { name: 'helper', prompt: 'v2' })).record.version).toBe(2);
    expect((await store.agents.version<{ prompt: string }>(tenant.id, 'helper', 1))?.definition.prompt).toBe('v1');
    expect((await store.agents.versions(tenant.id, 'helper')).map((v) => v.version).sort()).toEqual([1, 2]);
    expect((await store.agents.list(tenant.id)).map((a) => a.name)).toEqual(['helper']);
  });

  it('stores run events idempotently and reads them after an id, in order', async () => {
    const tenant = await store.tenants.ensure('events-tenant');
    await store.runs.create({ id: 'run_events', tenantId: tenant.id, kind: 'agent', agentName: 'helper', agentVersion: 1, workflowId: 'run_events', input: 'x', status: 'running' });
    const at = new Date().toISOString();
    const events = [1, 2, 3].map((id) => ({ id, type: 'step', at, data: { n: id, text: 'ünïcödé ✓' } }));
    await store.runs.appendEvents('run_events', events.slice(0, 2));
    await store.runs.appendEvents('run_events', events); // a retried activity
    expect(await store.runs.events('run_events', 0)).toEqual(events);
    expect((await store.runs.events('run_events', 1)).map((e) => e.id)).toEqual([2, 3]);
  });

  it('keeps conversations and their turn counter', async () => {
    const tenant = await store.tenants.ensure('conversations-tenant');
    await store.conversations.create({ id: 'conv_1', tenantId: tenant.id, agentName: 'helper', agentVersion: 1, workflowId: 'conv_1', idleSeconds: 60 });
    expect(await store.conversations.nextTurn('conv_1')).toBe(1);
    expect(await store.conversations.nextTurn('conv_1')).toBe(2);
    await store.conversations.end('conv_1', 'closed');
    expect(await store.conversations.get(tenant.id, 'conv_1')).toMatchObject({ id: 'conv_1', status: 'closed' });
    expect(await store.conversations.get('another-tenant', 'conv_1')).toBeUndefined();
  });

  it('appends audit entries once per id and filters them per tenant', async () => {
    const audit = auditLog(store.db);
    const entry = { id: 'audit_1', tenantId: 'tn_audit', action: 'key.created' as const, actor: { type: 'api_key' as const, id: 'key_1' }, target: { type: 'key', id: 'key_2' }, details: { label: 'ci' } };
    await audit.append(entry);
    await audit.append({ ...entry, details: { label: 'changed' } });
    await audit.append({ ...entry, id: 'audit_2', action: 'secret.set', target: { type: 'secret', id: 'kb' } });
    const all = await audit.list('tn_audit', { limit: 50 });
    expect(all.entries.map((e) => e.id).sort()).toEqual(['audit_1', 'audit_2']);
    expect(all.entries.find((e) => e.id === 'audit_1')?.details).toEqual({ label: 'ci' });
    expect((await audit.list('tn_audit', { limit: 50, action: 'secret.set' })).entries.map((e) => e.id)).toEqual(['audit_2']);
    expect((await audit.list('tn_other', { limit: 50 })).entries).toEqual([]);
  });
});

describe('the migrations on both databases', () => {
  it('leave the same tables and columns on SQLite and PostgreSQL', () => {
    if (!postgresUrl) return; // KEEL_TEST_POSTGRES=off: nothing to compare with
    expect(Object.keys(schemas).sort()).toEqual(['postgres', 'sqlite']);
    expect(schemas.postgres).toEqual(schemas.sqlite);
  });
});
