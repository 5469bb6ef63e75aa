// Ingestion rides out an embedding outage: a batch whose embedding call fails with a retryable
// kind is retried (resuming from its checkpoint) until the pool answers again, at most one router
// call per attempt; a rejected embedding request (400) fails the job at once. Real Temporal, the
// real router, the vLLM stand-in's /v1/embeddings failing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestActivities } from '../../activities/ingest';
import { LocalBlobStore } from '../../services/blobs';
import { routerEmbedder } from '../../services/retrieval';
import type { IngestProgress } from '../../services/ingest/types';
import { EmbeddedVectorStore } from '../../services/vector';
import { IngestWorkflow } from '../../workflows/ingest';
import { startTemporal, testDataConverter, workflowBundlePath } from '../support/temporal';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { testRouter } from '../router/fixtures';

const ROUTER_ATTEMPTS = 2;
let env: TestWorkflowEnvironment;
let root: string;
let docs: string;
let store: EmbeddedVectorStore;
let model: VllmStandin;
let router: ReturnType<typeof testRouter>['router'];
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await startTemporal();
  model = await startVllmStandin({ model: 'embedder' });
  ({ router } = testRouter({
    deployments: [{ id: 'embed-a', provider: 'openai', model: 'embedder', endpoint: model.url, scrapeMetrics: false }],
    models: { embedder: { deployments: ['embed-a'] } },
    retry: { maxAttempts: ROUTER_ATTEMPTS, baseBackoffMs: 1, maxBackoffMs: 2 },
    breaker: { consecutiveFailures: 1000, minCalls: 1000 },
  }));
  root = mkdtempSync(join(tmpdir(), 'keel-ingest-outage-'));
  docs = join(root, 'docs');
  mkdirSync(docs);
  for (let i = 0; i < 3; i++) writeFileSync(join(docs, `doc${i}.md`), `# Note ${i}\n\nThe yaw brake of unit ${i} needs inspection.`);
  store = new EmbeddedVectorStore(join(root, 'vector'));
  worker = await Worker.create({
    dataConverter: testDataConverter(),
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: 'ingest-outage',
    workflowBundle: { codePath: workflowBundlePath() },
    activities: ingestActivities({
      store, blobs: new LocalBlobStore(join(root, 'blobs')), config: { allowedRoots: [root] },
      embedderFor: (tenantId) => routerEmbedder(router, 'embedder', tenantId, 'batch'),
    }),
    shutdownGraceTime: '200ms',
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await router?.close();
  await store?.close();
  await model?.close();
  await env?.teardown();
  rmSync(root, { recursive: true, force: true });
});

async function ingest(collection: string) {
  const handle = await env.client.workflow.start(IngestWorkflow, {
    taskQueue: 'ingest-outage',
    workflowId: `${collection}-${Date.now()}`,
    args: [{ tenantId: 'acme', collection, source: { kind: 'directory', path: docs }, modelOutage: { windowSeconds: 20, maxIntervalSeconds: 1 } }],
  });
  const result: { progress?: IngestProgress; error?: unknown } = await handle.result().then((progress) => ({ progress }), (error: unknown) => ({ error }));
  const history = (await handle.fetchHistory()).events ?? [];
  const batchIds = new Set(history.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'ingestBatch').map((e) => String(e.eventId)));
  const attempts = history.flatMap((e) => {
    const started = e.activityTaskStartedEventAttributes;
    return started && batchIds.has(String(started.scheduledEventId)) ? [Number(started.attempt)] : [];
  });
  return { ...result, attempts };
}

it('retries a batch through an embedding outage and indexes every document once the pool is back', async () => {
  // Two batch attempts' worth of failures (each attempt: the router's two calls), then it answers.
  await model.setFaults({ embeddingError: { status: 503, times: 2 * ROUTER_ATTEMPTS } });
  const before = model.embeddingRequests.length;
  const { progress, attempts } = await ingest('outage');
  expect(progress?.counts).toMatchObject({ seen: 3, added: 3, failed: 0 });
  expect(attempts).toEqual([3]);
  // Per attempt one embedding call through the router: 2 failing attempts × 2 calls, then 1 call.
  expect(model.embeddingRequests.length - before).toBe(2 * ROUTER_ATTEMPTS + 1);
  expect(await store.countPoints('acme', 'outage')).toBeGreaterThanOrEqual(3);
}, 60_000);

it('fails the job at once when the embedding request is rejected (400)', async () => {
  await model.setFaults({ embeddingError: { status: 400 } });
  const before = model.embeddingRequests.length;
  const { error, attempts } = await ingest('rejected');
  await model.setFaults({});
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause?.cause as ApplicationFailure;
  expect(cause.type).toBe('Model_validation');
  expect(cause.nonRetryable).toBe(true);
  expect(attempts).toEqual([1]);
  expect(model.embeddingRequests.length - before).toBe(1);
}, 60_000);
