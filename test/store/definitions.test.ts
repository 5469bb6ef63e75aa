// Versioned definitions and their traffic labels over the real SQL store, through the versions
// service: migration 008 moves agents over (stable = latest), versions are immutable by digest, and
// promote / rollback / canary / pin move traffic for any kind (a workflow here, with a dummy
// definition), each audited. On SQLite and on the test run's PostgreSQL (test/support/test-postgres.ts), in
// scratch databases.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { migrations } from '../../services/store/migrations';
import { scratchPostgresDatabase, testPostgresUrl } from '../support/test-postgres';
import { auditLog, type AuditLog } from '../../services/audit';
import { versionService, type VersionService } from '../../services/versions';
import { DomainError } from '../../services/errors';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function sqliteBackend() {
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-definitions-'));
  const Sqlite = (await import('better-sqlite3')).default;
  return { url: 'sqlite:keel.sqlite', dataDir, dialect: (): Dialect => new SqliteDialect({ database: new Sqlite(join(dataDir, 'keel.sqlite')) }) };
}

async function postgresBackend(serverUrl: string) {
  const { Pool } = await import('pg');
  const database = await scratchPostgresDatabase(serverUrl, 'keel_definitions');
  cleanups.push(database.drop);
  return { url: database.url, dataDir: mkdtempSync(join(tmpdir(), 'keel-definitions-')), dialect: (): Dialect => new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 2 }) }) };
}

const postgresUrl = testPostgresUrl();
const backends = [
  { name: 'sqlite', open: sqliteBackend },
  ...(postgresUrl ? [{ name: 'postgres', open: () => postgresBackend(postgresUrl) }] : []),
];

const rejects = async (p: Promise<unknown>, kind: string, code?: string) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).kind).toBe(kind);
  if (code) expect((err as DomainError).code).toBe(code);
};

describe.each(backends)('versioned definitions ($name)', ({ open }) => {
  it('migration 008 moves existing agents over with stable = their latest version, and back down', async () => {
    const backend = await open();
    const before = new Kysely<any>({ dialect: backend.dialect() });
    expect((await new Migrator({ db: before, provider: { getMigrations: async () => migrations } }).migrateTo('007_api_key_scopes')).error).toBeUndefined();
    const now = new Date().toISOString();
    await before.insertInto('tenants').values({ id: 'tn_old', name: 'old', created_at: now }).execute();
    await before.insertInto('agents').values({ tenant_id: 'tn_old', name: 'helper', latest_version: 2, created_at: now, updated_at: now }).execute();
    for (const version of [1, 2]) {
      await before.insertInto('agent_versions').values({ tenant_id: 'tn_old', name: 'helper', version, digest: `d${version}`, definition: JSON.stringify({ name: 'helper', v: version }), created_at: now }).execute();
    }
    await before.insertInto('runs').values({
      id: 'run_old', tenant_id: 'tn_old', kind: 'agent', agent_name: 'helper', agent_version: 1, workflow_id: 'run_old', status: 'completed',
      input: 'x', result: null, error: null, usage: null, steps: null, created_at: now, updated_at: now, ended_at: now,
    }).execute();
    await before.destroy();

    const store = await openStore(backend.url, backend.dataDir);
    try {
      expect(await store.agents.list('tn_old')).toEqual([expect.objectContaining({ name: 'helper', latestVersion: 2, stableVersion: 2 })]);
      expect((await store.definitions.summary('tn_old', 'agent', 'helper'))?.labels).toEqual({ stable: 2, previousStable: [], canary: null, pinned: null });
      expect((await store.agents.version('tn_old', 'helper', 1))?.definition).toEqual({ name: 'helper', v: 1 });
      expect((await store.runs.get('tn_old', 'run_old'))?.versionReason).toBeNull();
    } finally {
      await store.close();
    }

    const after = new Kysely<any>({ dialect: backend.dialect() });
    try {
      expect((await new Migrator({ db: after, provider: { getMigrations: async () => migrations } }).migrateTo('007_api_key_scopes')).error).toBeUndefined();
      expect(await after.selectFrom('agent_versions').select(['name', 'version']).orderBy('version').execute()).toEqual([{ name: 'helper', version: 1 }, { name: 'helper', version: 2 }]);
      expect(await after.selectFrom('agents').select(['name', 'latest_version']).execute()).toEqual([{ name: 'helper', latest_version: 2 }]);
    } finally {
      await after.destroy();
    }
  });

  describe('labels', () => {
    let store: Store;
    let audit: AuditLog;
    let versions: VersionService;
    let tenantId: string;
    const workflow = (n: number) => ({ name: 'triage', steps: [{ id: 'classify', kind: 'llm', prompt: `v${n}` }] });
    const actor = { type: 'api_key' as const, id: 'key_test' };

    beforeAll(async () => {
      const backend = await open();
      store = await openStore(backend.url, backend.dataDir);
      audit = auditLog(store.db);
      versions = versionService({ store, audit });
      tenantId = (await store.tenants.create(`t-${process.pid}-${Date.now()}`)).id;
    });
    afterAll(async () => {
      await store?.close();
    });

    it('keeps versions immutable: the same definition is the version it already is; the first version is stable, later ones take no traffic', async () => {
      const v1 = await store.definitions.register(tenantId, 'workflow', 'triage', workflow(1));
      expect(v1).toMatchObject({ created: true, record: { kind: 'workflow', version: 1 } });
      const v2 = await store.definitions.register(tenantId, 'workflow', 'triage', workflow(2));
      expect(v2).toMatchObject({ created: true, record: { version: 2 } });
      // Key order does not make a new version; an older definition is its old version.
      expect(await store.definitions.register(tenantId, 'workflow', 'triage', { steps: workflow(1).steps, name: 'triage' })).toMatchObject({ created: false, record: { version: 1 } });
      expect((await versions.labels(tenantId, 'workflow', 'triage'))).toEqual({ stable: 1, canary: null, pinned: null, previousStable: [] });
      // Kinds do not share names: an agent called triage is its own line of versions.
      expect(await store.definitions.register(tenantId, 'agent', 'triage', { name: 'triage' })).toMatchObject({ created: true, record: { version: 1, kind: 'agent' } });
      expect(await store.definitions.register(tenantId, 'workflow', 'triage', workflow(3))).toMatchObject({ record: { version: 3 } });
    });

    it('canaries, promotes, rolls back and pins, each change audited with before and after', async () => {
      expect(await versions.setCanary(tenantId, 'workflow', 'triage', { version: 2, percent: 12.5 }, actor)).toEqual({ stable: 1, canary: { version: 2, percent: 12.5 }, pinned: null, previousStable: [] });
      expect((await versions.resolve(tenantId, 'workflow', 'triage', 'run_any', 3)).pick).toEqual({ version: 3, reason: 'requested' });

      expect(await versions.promote(tenantId, 'workflow', 'triage', {}, actor)).toEqual({ stable: 2, canary: null, pinned: null, previousStable: [1] });
      expect(await versions.promote(tenantId, 'workflow', 'triage', { version: 3 }, actor)).toMatchObject({ stable: 3, previousStable: [1, 2] });
      expect(await versions.rollback(tenantId, 'workflow', 'triage', {}, actor)).toMatchObject({ stable: 2, previousStable: [1] });
      // A second rollback goes further back, not forward again.
      expect(await versions.rollback(tenantId, 'workflow', 'triage', {}, actor)).toMatchObject({ stable: 1, previousStable: [] });
      await rejects(versions.rollback(tenantId, 'workflow', 'triage', {}, actor), 'conflict', 'no_previous_stable');
      // Rolling "back" to a version never stable remembers the one it replaced.
      await versions.setCanary(tenantId, 'workflow', 'triage', { version: 2, percent: 50 }, actor);
      expect(await versions.rollback(tenantId, 'workflow', 'triage', { version: 3 }, actor)).toEqual({ stable: 3, canary: null, pinned: null, previousStable: [1] });

      expect(await versions.pin(tenantId, 'workflow', 'triage', 2, actor)).toMatchObject({ pinned: 2 });
      expect((await versions.resolve(tenantId, 'workflow', 'triage', 'run_any')).pick).toEqual({ version: 2, reason: 'pinned' });
      const pinnedRecord = (await versions.resolve<{ steps: Array<{ prompt: string }> }>(tenantId, 'workflow', 'triage', 'run_any')).record;
      expect(pinnedRecord.definition.steps[0].prompt).toBe('v2');
      expect(await versions.pin(tenantId, 'workflow', 'triage', null, actor)).toMatchObject({ pinned: null });
      expect((await versions.resolve(tenantId, 'workflow', 'triage', 'run_any')).pick).toEqual({ version: 3, reason: 'stable' });

      const listed = await versions.list(tenantId, 'workflow', 'triage');
      expect(listed.versions.map((v) => [v.version, v.labels])).toEqual([[1, []], [2, []], [3, ['stable']]]);

      const { entries } = await audit.list(tenantId, { limit: 50 });
      // Entries written in the same millisecond list in id order: compare them as a set.
      const mine = entries.filter((e) => e.target.type === 'workflow');
      expect(mine.map((e) => e.action).sort()).toEqual([
        'workflow.canary_set', 'workflow.promoted', 'workflow.promoted', 'workflow.rolled_back', 'workflow.rolled_back',
        'workflow.canary_set', 'workflow.rolled_back', 'workflow.pinned', 'workflow.unpinned',
      ].sort());
      const firstPromotion = mine.find((e) => e.action === 'workflow.promoted' && (e.details.after as { stable: number }).stable === 2);
      expect(firstPromotion).toMatchObject({ actor, target: { type: 'workflow', id: 'triage' }, details: { before: { stable: 1, canary: { version: 2, percent: 12.5 } }, after: { stable: 2, canary: null } } });
    });

    it('refuses what cannot be: unknown names and versions, a canary on the stable version, bad percentages, promote without a canary', async () => {
      await rejects(versions.promote(tenantId, 'workflow', 'nope'), 'not_found');
      await rejects(versions.pin(tenantId, 'workflow', 'triage', 9), 'not_found');
      await rejects(versions.rollback(tenantId, 'workflow', 'triage', { version: 0 }), 'not_found');
      await rejects(versions.setCanary(tenantId, 'workflow', 'triage', { version: 3, percent: 10 }), 'invalid');
      await rejects(versions.setCanary(tenantId, 'workflow', 'triage', { version: 2, percent: 10.25 }), 'invalid');
      await rejects(versions.setCanary(tenantId, 'workflow', 'triage', { version: 2, percent: 101 }), 'invalid');
      await rejects(versions.promote(tenantId, 'workflow', 'triage'), 'conflict', 'no_canary');
      await rejects(versions.diff(tenantId, 'workflow', 'triage', 1, 7), 'not_found');
      // The agent of the same name was never touched.
      expect(await versions.labels(tenantId, 'agent', 'triage')).toEqual({ stable: 1, canary: null, pinned: null, previousStable: [] });
    });

    it('never loses a label change to a concurrent one', async () => {
      await store.definitions.register(tenantId, 'workflow', 'raced', { name: 'raced', n: 1 });
      for (let n = 2; n <= 6; n++) await store.definitions.register(tenantId, 'workflow', 'raced', { name: 'raced', n });
      await Promise.all([2, 3, 4, 5, 6].map((v) => versions.promote(tenantId, 'workflow', 'raced', { version: v })));
      const labels = await versions.labels(tenantId, 'workflow', 'raced');
      // Every promotion landed on top of another: five stables before, each pushed exactly once.
      expect([...labels.previousStable, labels.stable].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('shows what changed between two versions', async () => {
      const d = await versions.diff(tenantId, 'workflow', 'triage', 1, 2);
      expect(d.changes).toEqual([{ path: 'steps[0].prompt', change: 'changed', before: 'v1', after: 'v2' }]);
      expect(d.unified).toContain('-    prompt: v1\n+    prompt: v2');
    });
  });
});
