// npm run bench -- load: mixed load on loopback for LOAD_SECONDS (60): gateway completions (JSON and
// streamed), collection searches, run starts and SSE subscribers following those runs, through the
// API in its own process, against a vLLM stand-in with realistic latency (50 ms to the first token,
// 5 ms per chunk) in its own process. The same load generator calls the stand-in directly at the
// same time, so "added" is Keel's latency over the stand-in's, quantile by quantile per request
// kind, pooled over every request. The API's RSS is read idle (after a settle period and a full GC)
// after a warm-up and again after the load. The bench tenant's API rate limit is raised: this
// measures latency, not the limiter (said so on stderr).
// Overrides: LOAD_SECONDS, LOAD_WARMUP_SECONDS, LOAD_SETTLE_SECONDS, LOAD_LANES_{COMPLETION,STREAM,
// SEARCH,RUN,SSE}, LOAD_TTFT_MS, LOAD_TOKEN_MS.
// Prints {"rps","errors","p50_added_ms","p99_added_ms","rss_idle_before_mb","rss_idle_after_mb"}.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { stringify as toYaml } from 'yaml';
import { Agent, request } from 'undici';
import { bundleWorkflowCode } from '@temporalio/worker';
import { openStore } from '../services/store';
import { startDevServer } from '../services/temporal';
import { ROOT, pct, round, startChild } from './support/router-bench';
import { completion, search, startRun, streamedCompletion, subscribe, type Target } from './support/load-requests';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env('LOAD_SECONDS', 60);
const WARMUP_SECONDS = env('LOAD_WARMUP_SECONDS', 5);
const SETTLE_SECONDS = env('LOAD_SETTLE_SECONDS', 5);
const LANES = {
  completion: env('LOAD_LANES_COMPLETION', 4),
  stream: env('LOAD_LANES_STREAM', 4),
  search: env('LOAD_LANES_SEARCH', 2),
  run: env('LOAD_LANES_RUN', 1),
  sse: env('LOAD_LANES_SSE', 2),
};
const TTFT_MS = env('LOAD_TTFT_MS', 50);
const TOKEN_MS = env('LOAD_TOKEN_MS', 5);
const MODEL = 'bench-model';
const LOGICAL = 'chat';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`[load] ${line}\n`);

type Kind = 'completion' | 'stream' | 'search' | 'run_start' | 'sse';
interface Samples { keel: Map<Kind, number[]>; direct: Map<Kind, number[]>; errors: string[]; requests: number }

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

async function idleRss(api: ChildProcess): Promise<number> {
  await sleep(SETTLE_SECONDS * 1000);
  api.kill('SIGUSR2');
  await sleep(1000);
  return rssMb(api.pid!);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'keel-bench-load-'));
  const children: ChildProcess[] = [];
  let server: Awaited<ReturnType<typeof startDevServer>> | undefined;
  try {
    const standin = await startChild(['test/support/vllm-standin.ts', '--model', MODEL, '--latency-ms', String(TTFT_MS), '--token-delay-ms', String(TOKEN_MS)]);
    children.push(standin.proc);
    server = await startDevServer({ dbFile: join(work, 'temporal.db'), port: await freePort(), uiPort: await freePort(), namespace: 'default' });

    // The tenant first, so the config can raise its rate limit.
    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    const store = await openStore('sqlite:keel.sqlite', dataDir);
    const tenant = await store.tenants.create('bench');
    const key = (await store.tenants.createApiKey(tenant.id)).key;
    await store.close();
    const corpus = join(work, 'corpus');
    mkdirSync(corpus);
    const topics = ['turbine', 'gearbox', 'bearing', 'inverter', 'blade', 'tower', 'nacelle', 'rotor'];
    for (let i = 0; i < 200; i++) writeFileSync(join(corpus, `doc-${i}.txt`), `Note ${i}: ${topics[i % topics.length]} inspection ${i} found wear on the ${topics[(i * 3) % topics.length]} assembly.\n`);

    const apiPort = await freePort();
    const configFile = join(work, 'keel.yaml');
    writeFileSync(configFile, toYaml({
      dataDir,
      temporal: { address: server.address },
      api: { host: '127.0.0.1', port: apiPort, rateLimit: { tenants: { [tenant.id]: { requestsPerSecond: 1_000_000, burst: 1_000_000 } } } },
      router: {
        deployments: [{ id: 'vllm', provider: 'openai', model: MODEL, endpoint: standin.url, maxConcurrency: 256, scrapeMetrics: false }],
        models: { [LOGICAL]: { deployments: ['vllm'] } },
      },
      ingest: { allowedRoots: [corpus] },
    }));
    log(`the bench tenant's API rate limit is raised to 1,000,000 req/s (api.rateLimit.tenants): this measures latency, not the limiter`);

    const bundle = join(work, 'workflow-bundle.js');
    writeFileSync(bundle, (await bundleWorkflowCode({ workflowsPath: join(ROOT, 'workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m) => log(m) } })).code);
    const processEnv = { ...process.env, KEEL_CONFIG: configFile, KEEL_WORKFLOW_BUNDLE: bundle, KEEL_LOG_LEVEL: process.env.KEEL_LOG_LEVEL ?? 'info' };
    const worker = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'services/worker/main.ts')], { cwd: ROOT, env: processEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(worker);
    await new Promise<void>((ok, fail) => {
      worker.stdout!.on('data', (d) => String(d).includes('worker ready') && ok());
      worker.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
    });
    // The API's access log (info, JSON lines) goes where a deployment's would: out of the process.
    const api = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/support/load-api.ts')], { cwd: ROOT, env: processEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(api);
    const base = `http://127.0.0.1:${apiPort}`;
    for (let up = false; !up; await sleep(200)) {
      if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
      up = await request(`${base}/healthz`).then((r) => r.body.text().then(() => r.statusCode === 200), () => false);
    }

    const keel: Target = { base, headers: { authorization: `Bearer ${key}` }, dispatcher: new Agent({ connections: 64, keepAliveTimeout: 30_000 }) };
    const direct: Target = { base: standin.url, headers: {}, dispatcher: new Agent({ connections: 64, keepAliveTimeout: 30_000 }) };
    const setup = async (method: 'POST', path: string, body: object) => {
      const res = await request(`${base}${path}`, { method, headers: { ...keel.headers, 'content-type': 'application/json' }, body: JSON.stringify(body), dispatcher: keel.dispatcher });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${text}`);
      return JSON.parse(text);
    };
    await setup('POST', '/v1/agents', { name: 'echo', instructions: 'Answer.', model: LOGICAL });
    const { jobId } = await setup('POST', '/v1/ingest/jobs', { collection: 'notes', source: { kind: 'directory', path: corpus, include: ['*.txt'] } });
    for (let status = ''; status !== 'COMPLETED'; await sleep(250)) {
      const res = await request(`${base}/v1/ingest/jobs/${jobId}`, { headers: keel.headers, dispatcher: keel.dispatcher });
      status = ((await res.body.json()) as { status: string }).status;
      if (['FAILED', 'TERMINATED', 'CANCELED', 'TIMED_OUT'].includes(status)) throw new Error(`corpus ingestion ${status}`);
    }

    log(`warm-up ${WARMUP_SECONDS} s`);
    await generate(keel, direct, WARMUP_SECONDS);
    const before = await idleRss(api);
    log(`idle RSS before: ${before} MB; load ${SECONDS} s with lanes ${JSON.stringify(LANES)}`);
    const started = performance.now();
    const samples = await generate(keel, direct, SECONDS);
    const seconds = (performance.now() - started) / 1000;
    const after = await idleRss(api);

    // Added latency per kind, quantile against quantile of the stand-in's own (0 where Keel alone answers).
    const added: number[] = [];
    for (const [kind, xs] of samples.keel) {
      const d = samples.direct.get(kind) ?? [];
      const sorted = [...xs].sort((a, b) => a - b);
      const own = (q: number) => (d.length ? pct(d, q * 100) : 0);
      sorted.forEach((x, i) => added.push(x - own(i / sorted.length)));
      log(`${kind}: ${xs.length} requests, keel p50 ${round(pct(xs, 50), 1)} p99 ${round(pct(xs, 99), 1)} ms` +
        (d.length ? `; stand-in p50 ${round(pct(d, 50), 1)} p99 ${round(pct(d, 99), 1)} ms (${d.length} direct)` : ''));
    }
    for (const e of [...new Set(samples.errors)].slice(0, 10)) log(`error: ${e}`);
    console.log(JSON.stringify({
      rps: round(samples.requests / seconds, 1),
      errors: samples.errors.length,
      p50_added_ms: round(pct(added, 50), 2),
      p99_added_ms: round(pct(added, 99), 2),
      rss_idle_before_mb: before,
      rss_idle_after_mb: after,
    }));
  } finally {
    for (const c of children.reverse()) c.kill('SIGTERM');
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every lane loops until `seconds` have passed, then stops; run starts feed the SSE subscribers. */
async function generate(keel: Target, direct: Target, seconds: number): Promise<Samples> {
  const out: Samples = { keel: new Map(), direct: new Map(), errors: [], requests: 0 };
  const until = performance.now() + seconds * 1000;
  const record = (side: 'keel' | 'direct', kind: Kind, ms: number) => {
    const m = out[side];
    if (!m.has(kind)) m.set(kind, []);
    m.get(kind)!.push(ms);
    if (side === 'keel') out.requests++;
  };
  const lane = (n: number, body: (i: number) => Promise<void>) =>
    Array.from({ length: n }, async (_, k) => {
      await sleep(k * 7); // lanes do not start in lockstep
      for (let i = 0; performance.now() < until; i++) {
        try {
          await body(i);
        } catch (err) {
          out.errors.push((err as Error).message);
        }
      }
    });
  const runs: string[] = [];
  const words = ['turbine', 'gearbox wear', 'bearing inspection', 'inverter', 'blade assembly', 'rotor'];
  await Promise.all([
    ...lane(LANES.completion, async () => record('keel', 'completion', await completion(keel, LOGICAL))),
    ...lane(LANES.completion, async () => record('direct', 'completion', await completion(direct, MODEL))),
    ...lane(LANES.stream, async () => record('keel', 'stream', await streamedCompletion(keel, LOGICAL))),
    ...lane(LANES.stream, async () => record('direct', 'stream', await streamedCompletion(direct, MODEL))),
    ...lane(LANES.search, async (i) => record('keel', 'search', await search(keel, 'notes', words[i % words.length]))),
    ...lane(LANES.run, async (i) => {
      const { ms, id } = await startRun(keel, 'echo', `load ${i}`);
      record('keel', 'run_start', ms);
      runs.push(id);
      await sleep(100); // a steady trickle of runs, not a flood of workflows
    }),
    ...lane(LANES.sse, async () => {
      const id = runs.shift();
      if (!id) return void (await sleep(20));
      record('keel', 'sse', await subscribe(keel, id, 30_000));
    }),
  ]);
  return out;
}

// Kept-alive sockets and the dev server's watchdog would hold the process open after the report.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
