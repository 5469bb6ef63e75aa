import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestActivities } from '../../activities/ingest';
import { ingestJobs, type IngestJobs } from '../../services/ingest';
import { LocalBlobStore } from '../../services/blobs';
import { EmbeddedVectorStore } from '../../services/vector';
import { startTemporal, testDataConverter, workflowBundlePath } from '../support/temporal';
import type { IngestWorkflow } from '../../workflows/ingest';

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('ingestion jobs and source schedules on Temporal', () => {
  let env: TestWorkflowEnvironment;
  let root: string;
  let store: EmbeddedVectorStore;
  let worker: Worker;
  let running: Promise<void>;
  let jobs: IngestJobs;
  const taskQueue = 'ingest-schedules';

  beforeAll(async () => {
    env = await startTemporal();
    root = mkdtempSync(join(tmpdir(), 'keel-schedules-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'a.md'), '# Alpha\n\nAnemometer calibration steps.');
    writeFileSync(join(root, 'docs', 'b.md'), '# Beta\n\nBrake pad replacement.');
    store = new EmbeddedVectorStore(join(root, 'vector'));
    worker = await Worker.create({
      dataConverter: testDataConverter(),
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: workflowBundlePath() },
      activities: ingestActivities({ store, blobs: new LocalBlobStore(join(root, 'blobs')), config: { allowedRoots: [root] } }),
    });
    running = worker.run();
    jobs = ingestJobs(env.client, { taskQueue });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await store?.close();
    await env?.teardown();
    rmSync(root, { recursive: true, force: true });
  });

  const job = () => ({ collection: 'kb', source: { kind: 'directory' as const, path: join(root, 'docs') } });

  it('runs a one-off job and reports its counts', async () => {
    await jobs.start('acme', job(), 'job-1');
    const status = await eventually(() => jobs.status('acme', 'job-1'), (s) => s?.status === 'COMPLETED');
    expect(status).toMatchObject({ jobId: 'job-1', status: 'COMPLETED', progress: { phase: 'done', documents: 2, counts: { seen: 2, added: 2 } } });
    expect(Date.parse(status!.closedAt!)).toBeGreaterThanOrEqual(Date.parse(status!.startedAt!));
    expect(await jobs.status('acme', 'missing-job')).toBeNull();
    expect(await jobs.status('globex', 'job-1')).toBeNull();
  });

  it('creates, lists, triggers, pauses, resumes, backfills and deletes a source schedule', async () => {
    const created = await jobs.schedule('acme', { sourceId: 'handbook', cron: '0 3 * * *', job: job() });
    expect(created).toMatchObject({ sourceId: 'handbook', collection: 'kb', cron: '0 3 * * *', paused: false });
    expect(created.nextRuns[0]).toMatch(/T03:00:00/);
    expect(created.job).toMatchObject({ tenantId: 'acme', collection: 'kb', sourceKey: 'source:handbook' });

    const listed = await eventually(() => jobs.list('acme'), (l) => l.length === 1);
    expect(listed).toEqual([{ sourceId: 'handbook', collection: 'kb', paused: false }]);
    expect(await jobs.list('globex')).toEqual([]);

    writeFileSync(join(root, 'docs', 'c.md'), '# Gamma\n\nGenerator cooling.');
    await jobs.trigger('acme', 'handbook');
    const afterTrigger = await eventually(() => jobs.describe('acme', 'handbook'), (d) => (d?.recentRuns.length ?? 0) >= 1);
    const runId = afterTrigger!.recentRuns[0].workflowId;
    expect(runId).toMatch(/^ingest\/acme\/handbook/);
    const result = await env.client.workflow.getHandle<typeof IngestWorkflow>(runId).result();
    expect(result.counts).toMatchObject({ seen: 3, added: 1, skipped: 2 });
    // The source's jobs are its schedule's runs, by job ids the job status answers to.
    const sourceJobs = await jobs.sourceJobs('acme', 'handbook', 5);
    expect(sourceJobs).toHaveLength(1);
    expect(sourceJobs![0]).toMatchObject({ jobId: runId.slice('ingest/acme/'.length), status: 'COMPLETED', progress: { documents: 3, counts: { seen: 3 } } });
    expect(sourceJobs![0].closedAt).toBeDefined();
    expect(await jobs.status('acme', sourceJobs![0].jobId)).toMatchObject({ status: 'COMPLETED' });
    expect(await jobs.sourceJobs('globex', 'handbook', 5)).toBeNull();
    // The scheduled source now owns the documents the one-off job wrote (same content, so skipped).
    expect(new Set((await store.listDocuments('acme', 'kb')).map((d) => d.sourceKey))).toEqual(new Set(['source:handbook']));

    await jobs.pause('acme', 'handbook', 'maintenance window');
    expect(await jobs.describe('acme', 'handbook')).toMatchObject({ paused: true, note: 'maintenance window' });
    await jobs.resume('acme', 'handbook');
    expect((await jobs.describe('acme', 'handbook'))?.paused).toBe(false);

    const now = new Date();
    await jobs.backfill('acme', 'handbook', new Date(now.getTime() - 26 * 3600_000), new Date(now.getTime() - 3600_000));
    const afterBackfill = await eventually(() => jobs.describe('acme', 'handbook'), (d) => (d?.recentRuns.length ?? 0) >= 2);
    expect(afterBackfill!.recentRuns.length).toBeGreaterThanOrEqual(2);
    const newest = await jobs.sourceJobs('acme', 'handbook', 1);
    expect(newest).toHaveLength(1);
    expect(newest![0].jobId).not.toBe(sourceJobs![0].jobId);
    await expect(jobs.backfill('acme', 'handbook', now, now)).rejects.toThrow(/start < end/);

    await jobs.remove('acme', 'handbook');
    expect(await jobs.describe('acme', 'handbook')).toBeNull();
    await expect(jobs.schedule('acme', { sourceId: 'bad id!', cron: '0 3 * * *', job: job() })).rejects.toThrow();
  });
});
