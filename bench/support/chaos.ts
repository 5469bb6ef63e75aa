// The chaos scenario shared by `npm run bench -- chaos` and test/platform/chaos.test.ts: the
// platform (a Temporal dev server on a SQLite file, the API in this process, the workers in their
// own process) runs agent runs and ingestion jobs while the worker is SIGKILLed, the dev server is
// restarted on the same database and the model refuses connections for a while. Then it counts
// what finished, what was lost, side effects done twice and documents indexed exactly once.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { stringify as toYaml } from 'yaml';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../../services/worker/bundle-options';
import { KeelConfigSchema } from '../../services/config';
import { buildRuntime, createApiServer } from '../../services/platform';
import { encryptedDataConverter } from '../../services/temporal';
import { startDevServer, type DevServer } from '../../services/temporal';
import { serveHttp } from '../../mcp-servers/shared/serve';
import { startVllmStandin } from '../../test/support/vllm-standin';
import { scriptedModel } from '../../test/support/scripted-model';
import { createCountingServer, duplicateSideEffects, readSideEffects } from '../../test/support/counting-mcp-server';
import { seededRandom } from './load-schedule';
import type { ChaosOptions, ChaosResult } from './chaos-options';
import { freePort } from '../../test/support/ports';

const ROOT = resolve(__dirname, '../..');
const MODEL = 'chaos-model';
const EMBEDDER = 'chaos-embedder';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Small documents (one chunk each) of distinct words, so every document is findable on its own. */
function writeCorpus(dir: string, job: number, docs: number): string[] {
  mkdirSync(dir, { recursive: true });
  const ids: string[] = [];
  for (let k = 0; k < docs; k++) {
    const name = `doc-${job}-${k}.txt`;
    writeFileSync(join(dir, name), `Document ${job}-${k}\n\nMarker chaos${job}x${k} about turbine ${k} maintenance on site ${job}.\n`);
    ids.push(name);
  }
  return ids;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult & { leftOver: string[] }> {
  const log = opts.log;
  // The disruption schedule is reproducible from the printed seed.
  const rand = seededRandom(opts.seed);
  log(`seed ${opts.seed}`);
  const work = mkdtempSync(join(tmpdir(), 'keel-chaos-'));
  const dataDir = join(work, 'data');
  const corpusRoot = join(work, 'corpus');
  const counting = join(work, 'counting');
  const cleanup: Array<() => Promise<unknown> | unknown> = [];

  try {
    const model = await startVllmStandin({ model: MODEL, respond: scriptedModel, latencyMs: opts.modelLatencyMs });
    cleanup.push(() => model.close());
    const tools = await serveHttp(() => createCountingServer(counting));
    cleanup.push(() => tools.close());

    const port = await freePort();
    const devServerOptions = { cliPath: opts.temporalCli, dbFile: join(work, 'temporal.db'), port, uiPort: await freePort(), namespace: 'default' };
    let server: DevServer = await startDevServer(devServerOptions);
    cleanup.push(() => server.stop());

    const config = KeelConfigSchema.parse({
      dataDir,
      temporal: { address: server.address },
      // One bench tenant drives the API far faster than the default per-tenant limit allows.
      api: { rateLimit: { enabled: false } },
      router: {
        deployments: [{ id: 'standin', provider: 'openai', model: MODEL, endpoint: model.url, scrapeMetrics: false }],
        models: { [MODEL]: { deployments: ['standin'] }, [EMBEDDER]: { deployments: ['standin'] } },
        ...(opts.breakerCooldownMs ? { breaker: { cooldownMs: opts.breakerCooldownMs } } : {}),
      },
      retrieval: { embeddingModel: EMBEDDER },
      mcpServers: { tools: { transport: 'http', url: tools.url } },
      ingest: { allowedRoots: [corpusRoot] },
      agents: { modelOutageWindowSeconds: opts.outageWindowSeconds, modelRetryMaxIntervalSeconds: opts.retryMaxIntervalSeconds },
    });
    const bundle = opts.workflowBundle ?? join(work, 'workflow-bundle.js');
    if (!opts.workflowBundle) {
      const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
      writeFileSync(bundle, code);
    }

    // The API in this process, over its own client connection (it must survive the server restart).
    const runtime = await buildRuntime({ config, baseDir: dataDir });
    cleanup.push(() => runtime.close());
    const connection = await Connection.connect({ address: server.address });
    cleanup.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default', dataConverter: encryptedDataConverter(runtime.payloadCodec) });
    const { api } = await createApiServer({ config, runtime, temporal: client, dataDir });
    cleanup.push(() => api.close());
    const tenant = await runtime.store.tenants.create('chaos');
    const headers = { authorization: `Bearer ${(await runtime.store.tenants.createApiKey(tenant.id)).key}` };
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await api.inject({ method, url, headers, payload });
      return { status: res.statusCode, body: res.statusCode < 500 || res.body.startsWith('{') ? safeJson(res.body) : undefined, text: res.body };
    };

    // The worker in its own process, configured through a keel.yaml like production.
    const workerConfig = join(work, 'keel.yaml');
    const { tracing: _fromEnv, ...rest } = config;
    writeFileSync(workerConfig, toYaml({ ...rest, dataDir }));
    let worker: ChildProcess | undefined;
    const spawnWorker = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'services/worker/main.ts')], {
        cwd: ROOT,
        env: { ...process.env, KEEL_CONFIG: workerConfig, KEEL_WORKFLOW_BUNDLE: bundle, KEEL_LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      await new Promise<void>((ok, fail) => {
        child.stdout!.on('data', (d) => String(d).includes('worker ready') && ok());
        child.once('exit', (code) => fail(new Error(`worker exited with ${code}: ${stderr}`)));
      });
      child.on('exit', (code, signal) => signal !== 'SIGKILL' && log(`worker exited (${code ?? signal}): ${stderr.slice(-500)}`));
      worker = child;
    };
    cleanup.push(() => worker?.kill('SIGKILL'));
    await spawnWorker();

    const agent = await call('POST', '/v1/agents', {
      name: 'chaos', instructions: 'Count, then count destructively, then answer.', model: MODEL,
      tools: [{ server: 'tools', tools: ['count', 'count_destructive'] }],
    });
    if (agent.status >= 300) throw new Error(`agent registration failed: ${agent.text}`);

    // Ingestion: every job starts at once, over its own corpus and collection.
    const expectedDocs = new Map<string, string[]>();
    const jobIds: string[] = [];
    for (let j = 0; j < opts.ingestJobs; j++) {
      const collection = `chaos-${j}`;
      expectedDocs.set(collection, writeCorpus(join(corpusRoot, collection), j, opts.docsPerJob));
      const res = await call('POST', '/v1/ingest/jobs', {
        collection, source: { kind: 'directory', path: join(corpusRoot, collection), include: ['*.txt'] }, batchSize: 4,
      });
      if (res.status !== 202) throw new Error(`ingest job ${j} did not start: ${res.text}`);
      jobIds.push(res.body.jobId);
    }

    // Runs start at random moments in the first half of the span (some after a disruption, so
    // the API's own connection is exercised after the server restart); a 5xx start is retried.
    const runIds: string[] = [];
    let startRetries = 0;
    const startRun = async (n: number) => {
      for (;;) {
        const res = await call('POST', '/v1/runs', { agent: 'chaos', input: `chaos r${n} ${opts.toolHoldMs}` });
        if (res.status === 202) return void runIds.push(res.body.id);
        if (res.status < 500) throw new Error(`run ${n} refused: ${res.text}`);
        startRetries++;
        await sleep(500);
      }
    };
    const starts = Promise.all(Array.from({ length: opts.runs }, (_, n) => sleep(rand() * opts.spreadSeconds * 500).then(() => startRun(n))));

    // Approvals: every pending destructive call is approved through the API, as a human would.
    let approving = true;
    const approved = new Set<string>();
    const approver = (async () => {
      while (approving) {
        const waiting = await call('GET', '/v1/runs?status=awaiting_approval&limit=200');
        for (const r of (waiting.body?.runs ?? []) as Array<{ id: string }>) {
          const detail = await call('GET', `/v1/runs/${r.id}`);
          for (const p of (detail.body?.pendingApprovals ?? []) as Array<{ toolCallId: string }>) {
            if (approved.has(`${r.id}/${p.toolCallId}`)) continue;
            const res = await call('POST', `/v1/runs/${r.id}/approvals`, { toolCallId: p.toolCallId, decision: 'approve' });
            if (res.status === 200) approved.add(`${r.id}/${p.toolCallId}`);
          }
        }
        await sleep(300);
      }
    })();

    // Disruptions at random moments over the span, one at a time; the outage runs alongside.
    type Disruption = 'kill' | 'restart' | 'outage';
    const plan: Array<{ at: number; what: Disruption }> = [
      ...Array.from({ length: opts.workerKills }, () => ({ at: rand(), what: 'kill' as const })),
      ...Array.from({ length: opts.serverRestarts }, () => ({ at: 0.2 + rand() * 0.6, what: 'restart' as const })),
      ...(opts.outageSeconds > 0 ? [{ at: rand() * 0.5, what: 'outage' as const }] : []),
    ].sort((a, b) => a.at - b.at);
    const t0 = Date.now();
    const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
    let outage: Promise<void> = Promise.resolve();
    const done = { kills: 0, restarts: 0 };
    for (const { at, what } of plan) {
      await sleep(Math.max(0, t0 + at * opts.spreadSeconds * 1000 - Date.now()));
      if (what === 'kill') {
        const victim = worker!;
        const exited = new Promise((r) => victim.once('exit', r));
        victim.kill('SIGKILL');
        await exited;
        done.kills++;
        log(`${elapsed()} s: worker SIGKILLed (${done.kills}/${opts.workerKills})`);
        await spawnWorker();
        log(`${elapsed()} s: worker back`);
      } else if (what === 'restart') {
        await server.stop();
        log(`${elapsed()} s: Temporal dev server stopped`);
        server = await startDevServer(devServerOptions);
        done.restarts++;
        log(`${elapsed()} s: Temporal dev server back on the same database`);
      } else {
        await model.setFaults({ refuse: true });
        log(`${elapsed()} s: model down for ${opts.outageSeconds} s`);
        outage = sleep(opts.outageSeconds * 1000).then(async () => {
          await model.setFaults({});
          log(`${elapsed()} s: model back`);
        });
      }
    }
    await outage;
    await starts;
    if (startRetries) log(`${startRetries} run starts answered 5xx and were retried`);

    // Wait for every run and job to end, bounded.
    const terminal = new Set(['completed', 'failed', 'cancelled', 'budget_exceeded']);
    const deadline = Date.now() + opts.deadlineSeconds * 1000;
    const statuses = new Map<string, string>();
    const jobStatuses = new Map<string, string>();
    let polls = 0;
    for (;;) {
      for (let cursor: string | undefined, page = 0; page === 0 || cursor; page++) {
        const list = await call('GET', `/v1/runs?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        for (const r of (list.body?.runs ?? []) as Array<{ id: string; status: string }>) statuses.set(r.id, r.status);
        cursor = list.body?.nextCursor ?? undefined;
      }
      for (const id of jobIds) {
        if (jobStatuses.get(id) === 'COMPLETED' || jobStatuses.get(id) === 'FAILED') continue;
        const res = await call('GET', `/v1/ingest/jobs/${id}`);
        if (res.status === 200) jobStatuses.set(id, res.body.status);
      }
      const runsLeft = runIds.filter((id) => !terminal.has(statuses.get(id) ?? ''));
      const jobsLeft = jobIds.filter((id) => !['COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED', 'TIMED_OUT'].includes(jobStatuses.get(id) ?? ''));
      if ((runsLeft.length === 0 && jobsLeft.length === 0) || Date.now() > deadline) break;
      if (++polls % 5 === 0) {
        const by = new Map<string, number>();
        for (const id of runsLeft) by.set(statuses.get(id) ?? 'unknown', (by.get(statuses.get(id) ?? 'unknown') ?? 0) + 1);
        log(`${elapsed()} s: waiting for ${runsLeft.length} runs (${[...by].map(([k, v]) => `${v} ${k}`).join(', ')}) and ${jobsLeft.length} jobs`);
        for (const id of runsLeft.slice(0, 3)) log(`  ${id}: ${await pendingWork(client, id)}`);
      }
      await sleep(1000);
    }
    approving = false;
    await approver;
    log(`${elapsed()} s: done waiting`);

    const count = (s: string) => runIds.filter((id) => statuses.get(id) === s).length;
    const completed = count('completed');
    const failed = runIds.filter((id) => terminal.has(statuses.get(id) ?? '') && statuses.get(id) !== 'completed').length;
    const leftOver = [
      ...runIds.filter((id) => !terminal.has(statuses.get(id) ?? '')).map((id) => `run ${id}: ${statuses.get(id) ?? 'unknown'}`),
      ...jobIds.filter((id) => jobStatuses.get(id) !== 'COMPLETED').map((id) => `ingest job ${id}: ${jobStatuses.get(id) ?? 'unknown'}`),
    ];
    for (const id of runIds.filter((i) => statuses.get(i) !== 'completed' && terminal.has(statuses.get(i) ?? ''))) {
      log(`run ${id} ended ${statuses.get(id)}: ${JSON.stringify((await call('GET', `/v1/runs/${id}`)).body?.outcome ?? null).slice(0, 400)}`);
    }

    const duplicates = duplicateSideEffects(readSideEffects(counting));
    if (duplicates.labels.length) log(`side effects done twice: ${duplicates.labels.slice(0, 20).join(', ')}`);
    const effects = readSideEffects(counting);
    const missing = runIds.length * 2 - new Set(effects.map((e) => `${e.tool} ${e.label}`)).size;
    if (completed === runIds.length && missing !== 0) log(`${missing} side effects of completed runs are missing`);

    // Each document indexed exactly once: present, with the one chunk it has, and nothing extra.
    let indexed = 0;
    for (const [collection, ids] of expectedDocs) {
      const docs = await runtime.vectors.listDocuments(tenant.id, collection);
      const points = await runtime.vectors.countPoints(tenant.id, collection).catch(() => 0);
      const byId = new Map(docs.map((d) => [d.documentId.split(/[\\/]/).pop()!, d]));
      const good = ids.filter((id) => byId.get(id)?.chunks === 1);
      indexed += good.length;
      if (good.length !== ids.length || points !== docs.length || docs.length !== ids.length) {
        log(`${collection}: ${good.length}/${ids.length} documents indexed once, ${docs.length} listed, ${points} chunks; ` +
          `odd: ${docs.filter((d) => d.chunks !== 1).map((d) => `${d.documentId}×${d.chunks}`).slice(0, 5).join(', ')}`);
      }
    }

    return {
      runs: runIds.length,
      completed,
      failed,
      lost: runIds.length - completed - failed,
      duplicate_side_effects: duplicates.count,
      ingest_docs_expected: opts.ingestJobs * opts.docsPerJob,
      ingest_docs_indexed: indexed,
      worker_kills: done.kills,
      server_restarts: done.restarts,
      model_outage_s: opts.outageSeconds,
      leftOver,
    };
  } finally {
    for (const step of cleanup.reverse()) {
      try {
        await step();
      } catch {
        /* best effort: everything below is torn down too */
      }
    }
    rmSync(work, { recursive: true, force: true });
  }
}

/** What a workflow is waiting on (pending activities and their last failure), for the log. */
async function pendingWork(client: Client, runOrJobId: string): Promise<string> {
  try {
    const handle = client.workflow.getHandle(runOrJobId);
    const d = await handle.describe();
    const raw = d.raw.pendingActivities ?? [];
    const acts = raw.map((a) => `${a.activityType?.name} attempt ${a.attempt} state ${a.state} ${a.lastFailure?.message?.slice(0, 120) ?? ''}`);
    const wft = d.raw.pendingWorkflowTask ? `workflow task ${d.raw.pendingWorkflowTask.state} attempt ${d.raw.pendingWorkflowTask.attempt}` : '';
    return `${d.status.name} ${[wft, ...acts].filter(Boolean).join('; ') || 'nothing pending'} (history ${d.historyLength} events)`;
  } catch (err) {
    return `describe failed: ${(err as Error).message.slice(0, 200)}`;
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const quietLogger = {
  log() {}, trace() {}, debug() {}, info() {},
  warn: (m: string) => process.stderr.write(`[bundle] ${m}\n`),
  error: (m: string) => process.stderr.write(`[bundle] ${m}\n`),
};
