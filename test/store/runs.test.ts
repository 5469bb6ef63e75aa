// Run records over the real SQL store: the live status as the workflow records it (ordered and
// idempotent under retries), listings filtered by status, and the one cursor format. On SQLite and
// on the test run's PostgreSQL (test/support/test-postgres.ts), in a scratch database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError, openStore, type Store } from '../../services/store';
import { scratchPostgresDatabase, testPostgresUrl } from '../support/test-postgres';

const postgresUrl = testPostgresUrl();
const backends = [
  { name: 'sqlite', database: async () => ({ url: 'sqlite:platform.sqlite', drop: async () => {} }) },
  ...(postgresUrl ? [{ name: 'postgres', database: () => scratchPostgresDatabase(postgresUrl, 'keel_runs') }] : []),
];

describe.each(backends)('run records ($name)', ({ database }) => {
  let store: Store;
  let drop: () => Promise<void>;
  let tenantId: string;
  let n = 0;

  const newRun = async (agentName = 'helper') => {
    const id = `run_${process.pid}_${++n}`;
    await store.runs.create({ id, tenantId, kind: 'agent', agentName, agentVersion: 1, workflowId: id, input: 'x', status: 'running' });
    return id;
  };
  const statusOf = async (id: string) => (await store.runs.get(tenantId, id))!.status;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    store = await openStore(db.url, mkdtempSync(join(tmpdir(), 'keel-store-')));
    tenantId = (await store.tenants.create(`t-${process.pid}-${Date.now()}`)).id;
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('keeps the latest live status: a retried or late older write changes nothing', async () => {
    const id = await newRun();
    await store.runs.recordStatus(id, 'awaiting_approval', 5);
    expect(await statusOf(id)).toBe('awaiting_approval');
    await store.runs.recordStatus(id, 'awaiting_approval', 5);
    await store.runs.recordStatus(id, 'running', 8);
    expect(await statusOf(id)).toBe('running');
    await store.runs.recordStatus(id, 'awaiting_approval', 5);
    expect(await statusOf(id)).toBe('running');
  });

  it('reads no events after an id past the largest (PostgreSQL\'s 32-bit seq refuses such a parameter)', async () => {
    const id = await newRun();
    await store.runs.appendEvents(id, [{ id: 1, type: 'run.started', at: new Date().toISOString(), data: {} }]);
    expect(await store.runs.events(id, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(await store.runs.events(id, 2_147_483_647)).toEqual([]);
    expect((await store.runs.events(id, 0)).map((e) => e.id)).toEqual([1]);
  });

  it('never reopens an ended run', async () => {
    const id = await newRun();
    await store.runs.complete(id, { status: 'completed', outcome: { status: 'completed' }, usage: null, steps: [] });
    await store.runs.recordStatus(id, 'running', 99);
    const run = await store.runs.get(tenantId, id);
    expect(run?.status).toBe('completed');
    expect(run?.endedAt).not.toBeNull();
  });

  it('lists runs by status, awaiting_approval included', async () => {
    const waiting = await newRun('filtered');
    const running = await newRun('filtered');
    await store.runs.recordStatus(waiting, 'awaiting_approval', 3);
    const ids = async (status: string) =>
      (await store.runs.list(tenantId, { limit: 50, agent: 'filtered', status })).runs.map((r) => r.id);
    expect(await ids('awaiting_approval')).toEqual([waiting]);
    expect(await ids('running')).toEqual([running]);
    await store.runs.recordStatus(waiting, 'running', 4);
    expect(await ids('awaiting_approval')).toEqual([]);
  });

  it('records who started a run and lists the runs one key started', async () => {
    const byA = `run_${process.pid}_${++n}`;
    await store.runs.create({ id: byA, tenantId, kind: 'agent', agentName: 'starters', agentVersion: 1, workflowId: byA, input: 'x', status: 'running', startedBy: 'key_a' });
    const byB = `run_${process.pid}_${++n}`;
    await store.runs.create({ id: byB, tenantId, kind: 'workflow', agentName: 'starters', agentVersion: 1, workflowId: byB, input: '{}', status: 'running', startedBy: 'key_b' });
    const unknown = await newRun('starters');
    expect((await store.runs.get(tenantId, byA))!.startedBy).toBe('key_a');
    expect((await store.runs.get(tenantId, unknown))!.startedBy).toBeNull();
    expect((await store.runs.list(tenantId, { limit: 50, agent: 'starters', startedBy: 'key_b' })).runs.map((r) => r.id)).toEqual([byB]);
  });

  it('pages newest first with one cursor, ids breaking timestamp ties', async () => {
    const ids = [await newRun('paged'), await newRun('paged'), await newRun('paged')];
    await store.db.updateTable('runs').set({ created_at: '2026-01-01T00:00:00.000Z' }).where('id', 'in', ids).execute();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await store.runs.list(tenantId, { limit: 2, agent: 'paged', cursor });
      seen.push(...res.runs.map((r) => r.id));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(store.runs.list(tenantId, { limit: 1, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    expect(decodeCursor(encodeCursor({ at: '2026-01-01T00:00:00.000Z', id: 'a|b' }))).toEqual({ at: '2026-01-01T00:00:00.000Z', id: 'a|b' });
  });
});
