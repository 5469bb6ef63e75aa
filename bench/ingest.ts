// npm run bench -- ingest: the SciFact corpus (5,183 abstracts, one text file each) through
// IngestWorkflow on the Temporal dev server into the embedded store, lexical only.
// Prints {"docs","chunks","docs_per_s","peak_rss_mb"} (the timed span is workflow start -> result).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { ingestActivities } from '../activities/ingest';
import { LocalBlobStore } from '../services/blobs';
import { findTemporalCli, devServerArgs } from '../services/temporal';
import { EmbeddedVectorStore } from '../services/vector';
import { IngestWorkflow } from '../workflows/ingest';

const DATASET = process.env.BENCH_SCIFACT ?? resolve(__dirname, '../../shared/data/scifact');
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 128);

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const work = mkdtempSync(join(tmpdir(), 'keel-bench-ingest-'));
  const docs = join(work, 'docs');
  mkdirSync(docs);
  const corpus = gunzipSync(readFileSync(join(DATASET, 'corpus.jsonl.gz'))).toString('utf8').trim().split('\n');
  for (const line of corpus) {
    const doc = JSON.parse(line) as { _id: string; title: string; text: string };
    writeFileSync(join(docs, `${doc._id}.txt`), `${doc.title}\n\n${doc.text}\n`);
  }

  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: findTemporalCli() }, extraArgs: ['--log-level', 'error', ...devServerArgs()] },
  });
  const store = new EmbeddedVectorStore(join(work, 'vector'));
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), failureConverterPath: require.resolve('../services/temporal/failure-converter.cjs'), logger: new DefaultLogger('WARN') });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: 'keel-ingest',
      workflowBundle: { code },
      activities: ingestActivities({ store, blobs: new LocalBlobStore(join(work, 'blobs')), config: { allowedRoots: [work] } }),
    });
    const running = worker.run();
    const started = performance.now();
    const result = await env.client.workflow.execute(IngestWorkflow, {
      taskQueue: 'keel-ingest',
      workflowId: `bench-ingest-${Date.now()}`,
      args: [{ tenantId: 'bench', collection: 'scifact', source: { kind: 'directory', path: docs, include: ['*.txt'] }, batchSize: BATCH_SIZE }],
    });
    const seconds = (performance.now() - started) / 1000;
    worker.shutdown();
    await running;
    if (result.counts.failed > 0) process.stderr.write(`failures: ${JSON.stringify(result.failures.slice(0, 3))}\n`);
    const chunks = await store.countPoints('bench', 'scifact');
    process.stderr.write(`${JSON.stringify(result.counts)} in ${seconds.toFixed(1)} s\n`);
    console.log(
      JSON.stringify({
        docs: result.counts.added,
        chunks,
        docs_per_s: Math.round((result.counts.added / seconds) * 10) / 10,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  } finally {
    await store.close();
    await env.teardown();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
