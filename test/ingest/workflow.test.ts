import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestActivities, type IngestActivityDeps } from '../../activities/ingest';
import { openDocumentSource, type DocumentSource } from '../../services/ingest';
import { LocalBlobStore } from '../../services/blobs';
import type { IngestProgress, SourceSpec } from '../../services/ingest/types';
import { startSeaweedS3 } from '../support/seaweed';
import { EmbeddedVectorStore } from '../../services/vector';
import { IngestWorkflow } from '../../workflows/ingest';
import { ingestProgressQuery } from '../../workflows/ingest-api';
import { decryptHistory, startTemporal, testDataConverter, workflowBundlePath } from '../support/temporal';
import { eventSizes, historyText } from './history-text';

describe('IngestWorkflow on a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  let root: string;
  let docs: string;
  let store: EmbeddedVectorStore;
  let blobs: LocalBlobStore;

  beforeAll(async () => {
    env = await startTemporal();
    root = mkdtempSync(join(tmpdir(), 'keel-ingest-wf-'));
    docs = join(root, 'docs');
    mkdirSync(docs);
    for (let i = 0; i < 6; i++) {
      writeFileSync(join(docs, `doc${i}.md`), `# Turbine note ${i}\n\nUnit ${i} needs secret-text-${i} inspection of the yaw brake number ${i}.`);
    }
    store = new EmbeddedVectorStore(join(root, 'vector'));
    blobs = new LocalBlobStore(join(root, 'blobs'));
  });
  afterAll(async () => {
    await store?.close();
    await env?.teardown();
    rmSync(root, { recursive: true, force: true });
  });

  const startWorker = async (taskQueue: string, overrides: Partial<IngestActivityDeps> = {}) => {
    const worker = await Worker.create({
      dataConverter: testDataConverter(),
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: { codePath: workflowBundlePath() },
      activities: ingestActivities({ store, blobs, config: { allowedRoots: [root], flushEvery: 1 }, ...overrides }),
      shutdownGraceTime: '200ms',
    });
    return { worker, running: worker.run() };
  };

  it('ingests in batches, keeps documents out of history and reports counts', async () => {
    const { worker, running } = await startWorker('ingest-happy');
    try {
      const handle = await env.client.workflow.start(IngestWorkflow, {
        taskQueue: 'ingest-happy',
        workflowId: `ingest-happy-${Date.now()}`,
        args: [{ tenantId: 'acme', collection: 'notes', source: { kind: 'directory', path: docs }, batchSize: 2 }],
      });
      const result = await handle.result();
      expect(result).toMatchObject({ phase: 'done', batches: 3, batchesDone: 3, counts: { seen: 6, added: 6, failed: 0, deleted: 0 } });
      const progress = await handle.query(ingestProgressQuery);
      expect(progress.counts.added).toBe(6);
      const history = historyText(await decryptHistory((await handle.fetchHistory()).events));
      expect(history).toContain('listingRef');
      expect(history).not.toContain('secret-text-');
      expect((await store.search('acme', 'notes', { text: 'secret-text-4 yaw brake', limit: 1 }))[0].payload.documentId).toBe('doc4.md');

      writeFileSync(join(docs, 'doc1.md'), '# Turbine note 1\n\nRewritten.');
      const again = await env.client.workflow.execute(IngestWorkflow, {
        taskQueue: 'ingest-happy',
        workflowId: `ingest-again-${Date.now()}`,
        args: [{ tenantId: 'acme', collection: 'notes', source: { kind: 'directory', path: docs }, batchSize: 4 }],
      });
      expect(again.counts).toMatchObject({ seen: 6, skipped: 5, updated: 1 });
    } finally {
      worker.shutdown();
      await running;
    }
  });

  it('keeps history small for a listing of 20,000 uploaded documents (claim-checked listing, batches carry refs)', async () => {
    const count = 20_000;
    const blobRef = await blobs.put('# Tiny\n\nA small uploaded note.');
    const documents = Array.from({ length: count }, (_, i) => ({ documentId: `uploads/folder-${i % 97}/note-${i}.md`, blobRef, uri: `file:///home/someone/uploads/folder-${i % 97}/note-${i}.md` }));
    const listingRef = await blobs.put(JSON.stringify(documents));
    expect(JSON.stringify(documents).length).toBeGreaterThan(2 * 1024 * 1024);
    const { worker, running } = await startWorker('ingest-many');
    try {
      const handle = await env.client.workflow.start(IngestWorkflow, {
        taskQueue: 'ingest-many',
        workflowId: `ingest-many-${Date.now()}`,
        args: [{ tenantId: 'acme', collection: 'many', source: { kind: 'blobs', listingRef, root: '/home/someone/uploads' }, batchSize: 1000 }],
      });
      const result = await handle.result();
      expect(result.counts).toMatchObject({ seen: count, added: count, failed: 0 });
      const events = await decryptHistory((await handle.fetchHistory()).events);
      const sizes = eventSizes(events);
      // 20 batches: every event stays tiny, and the whole history is far below Temporal's 2 MB payload limit.
      expect(Math.max(...sizes)).toBeLessThan(4 * 1024);
      expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(200 * 1024);
      const text = historyText(events);
      expect(text).toContain(listingRef);
      expect(text).not.toContain('note-19999');
    } finally {
      worker.shutdown();
      await running;
    }
  }, 120_000);

  it('fails a job whose sitemap is refused or missing, or whose bucket is missing, without retrying it', async () => {
    const { worker, running } = await startWorker('ingest-refused');
    const server = createServer((_req, res) => res.writeHead(404).end('no sitemap here'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const missing = `http://127.0.0.1:${(server.address() as { port: number }).port}/sitemap.xml`;
    const s3 = await startSeaweedS3();
    const allowLocal = await startWorker('ingest-missing', {
      config: { allowedRoots: [root], fetch: { allowCidrs: ['127.0.0.1/32'] } },
      access: { secret: async (tenantId, name) => (tenantId === 'acme' ? { 'kb-id': s3.access.accessKeyId, 'kb-secret': s3.access.secretAccessKey }[name] : undefined) },
    });
    try {
      const cases: Array<[string, SourceSpec, RegExp]> = [
        ['ingest-refused', { kind: 'sitemap', url: 'http://169.254.169.254/latest/sitemap.xml' }, /SourceRefusedError/],
        ['ingest-missing', { kind: 'sitemap', url: missing }, /SourceHttpClientError/],
        ['ingest-missing', { kind: 's3', bucket: 'no-such-bucket', endpoint: s3.endpoint, accessKeyIdSecret: 'kb-id', secretAccessKeySecret: 'kb-secret' }, /SourceHttpClientError/],
        ['ingest-missing', { kind: 's3', bucket: 'kb', endpoint: s3.endpoint }, /SourceRefusedError/],
        ['ingest-refused', { kind: 's3', bucket: 'kb', endpoint: s3.endpoint, accessKeyIdSecret: 'kb-id', secretAccessKeySecret: 'kb-secret' }, /SourceRefusedError/],
      ];
      for (const [taskQueue, source, type] of cases) {
        const handle = await env.client.workflow.start(IngestWorkflow, {
          taskQueue,
          workflowId: `${taskQueue}-${Date.now()}`,
          args: [{ tenantId: 'acme', collection: 'refused', source }],
        });
        const failure = await handle.result().then(() => undefined, (error: unknown) => error);
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        const cause = (failure as WorkflowFailedError).cause?.cause as ApplicationFailure;
        expect(cause).toBeInstanceOf(ApplicationFailure);
        expect(cause.type).toMatch(type);
        expect(cause.nonRetryable).toBe(true);
        const started = ((await handle.fetchHistory()).events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
        expect(started.map((e) => e.activityTaskStartedEventAttributes!.attempt)).toEqual([1]);
      }
    } finally {
      server.close();
      await s3.close();
      for (const w of [worker, allowLocal.worker]) w.shutdown();
      await Promise.all([running, allowLocal.running]);
    }
  });

  it('resumes after the worker dies mid-batch without redoing finished work', async () => {
    const reads: string[] = [];
    let hang = true;
    let hung!: () => void;
    const hangReached = new Promise<void>((resolve) => (hung = resolve));
    const crashingSource = async (spec: Parameters<typeof openDocumentSource>[0]): Promise<DocumentSource> => {
      const source = await openDocumentSource(spec, { allowedRoots: [root] });
      return {
        kind: source.kind,
        list: (signal) => source.list(signal),
        read: async (entry, signal) => {
          reads.push(entry.documentId);
          if (entry.documentId === 'doc3.md' && hang) {
            hang = false;
            hung();
            // The worker "dies" here: this read only ends when the shutdown cancels it.
            await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
          }
          return source.read(entry, signal);
        },
      };
    };
    const collection = 'crash';
    const first = await startWorker('ingest-crash', { openSource: crashingSource });
    const handle = await env.client.workflow.start(IngestWorkflow, {
      taskQueue: 'ingest-crash',
      workflowId: `ingest-crash-${Date.now()}`,
      args: [{ tenantId: 'acme', collection, source: { kind: 'directory', path: docs }, batchSize: 2, heartbeatTimeoutMs: 2_000 }],
    });
    await hangReached;
    // Let the checkpoint after doc2 reach the server as heartbeat details, then kill the worker.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    first.worker.shutdown();
    await first.running;
    expect(reads).toEqual(['doc0.md', 'doc1.md', 'doc2.md', 'doc3.md']);

    const second = await startWorker('ingest-crash', { openSource: crashingSource });
    try {
      const result: IngestProgress = await handle.result();
      expect(result.counts).toMatchObject({ seen: 6, added: 6, skipped: 0, failed: 0 });
      // doc0-1 (finished batch) and doc2 (checkpointed inside the cut batch) were not read again.
      expect(reads).toEqual(['doc0.md', 'doc1.md', 'doc2.md', 'doc3.md', 'doc3.md', 'doc4.md', 'doc5.md']);
      expect((await store.listDocuments('acme', collection)).map((d) => d.documentId)).toEqual(['doc0.md', 'doc1.md', 'doc2.md', 'doc3.md', 'doc4.md', 'doc5.md']);
    } finally {
      second.worker.shutdown();
      await second.running;
    }
  });
});
