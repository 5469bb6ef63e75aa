// Migration 007 gives API keys scopes: keys made before it become admin (nothing that worked stops
// working), keys made after it keep the scopes they were given. On SQLite and on the test run's
// PostgreSQL (test/support/test-postgres.ts), in a scratch database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../services/store';
import { hashApiKey } from '../../services/store/tenants';
import { migrations } from '../../services/store/migrations';
import { scratchPostgresDatabase, testPostgresUrl } from '../support/test-postgres';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function sqliteBackend() {
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-scopes-migration-'));
  const Sqlite = (await import('better-sqlite3')).default;
  return { url: 'sqlite:keel.sqlite', dataDir, dialect: (): Dialect => new SqliteDialect({ database: new Sqlite(join(dataDir, 'keel.sqlite')) }) };
}

async function postgresBackend(serverUrl: string) {
  const { Pool } = await import('pg');
  const database = await scratchPostgresDatabase(serverUrl, 'keel_scopes');
  cleanups.push(database.drop);
  return { url: database.url, dataDir: mkdtempSync(join(tmpdir(), 'keel-scopes-migration-')), dialect: (): Dialect => new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }) };
}

const postgresUrl = testPostgresUrl();
const backends = [
  { name: 'sqlite', open: sqliteBackend },
  ...(postgresUrl ? [{ name: 'postgres', open: () => postgresBackend(postgresUrl) }] : []),
];

describe.each(backends)('API key scopes migration ($name)', ({ open }) => {
  it('makes existing keys admin and stores new keys with their scopes', async () => {
    const backend = await open();
    const before = new Kysely<any>({ dialect: backend.dialect() });
    const migrated = await new Migrator({ db: before, provider: { getMigrations: async () => migrations } }).migrateTo('006_tenant_secrets');
    expect(migrated.error).toBeUndefined();
    const now = new Date().toISOString();
    await before.insertInto('tenants').values({ id: 'tn_old', name: 'old', created_at: now }).execute();
    await before.insertInto('api_keys').values({ id: 'key_old', tenant_id: 'tn_old', key_hash: hashApiKey('keel_old'), label: 'before scopes', created_at: now, revoked_at: null }).execute();
    await before.destroy();

    const store = await openStore(backend.url, backend.dataDir);
    try {
      expect(await store.tenants.authenticate('keel_old')).toMatchObject({ keyId: 'key_old', tenantId: 'tn_old', scopes: ['admin'] });
      const { id, key } = await store.tenants.createApiKey('tn_old', 'after', ['runs', 'read']);
      expect((await store.tenants.authenticate(key))?.scopes).toEqual(['runs', 'read']);
      expect((await store.tenants.listApiKeys('tn_old')).map((k) => [k.id, k.scopes])).toEqual([['key_old', ['admin']], [id, ['runs', 'read']]]);
      expect((await store.tenants.authenticate((await store.tenants.createApiKey('tn_old')).key))?.scopes).toEqual(['admin']);
    } finally {
      await store.close();
    }
  });
});
