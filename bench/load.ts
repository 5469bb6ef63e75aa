// npm run bench -- load: mixed load on loopback for LOAD_SECONDS (60): gateway completions (JSON and
// streamed), collection searches, run starts and an SSE subscriber per started run, through the API
// in its own process, against a vLLM stand-in with realistic latency (50 ms to the first token, 5 ms
// per chunk) in its own process.
//
// The load is open-loop: each kind has a fixed offered rate (Poisson arrivals, LOAD_RATE_*) and a
// cap on requests in flight (LOAD_CAP_*; arrivals beyond it wait in a bounded queue, and are shed
// as errors when that is full). Every latency runs from the request's scheduled send time, so a
// slow answer cannot hold the generator back and hide queueing (no coordinated omission). The
// default rates keep the 2-core box well short of saturation (the API's and the whole machine's
// CPU use over the load are reported), so the tails measure Keel, not a CPU queue.
//
// "Added" latency is over the stand-in's own latency, measured in the same run: the generator
// sends the gateway kinds (completion, stream) to the stand-in directly too, at the same rates.
//   <kind>_p50_added_ms / <kind>_p99_added_ms: Keel's percentile minus the stand-in's same
//     percentile, for that kind;
//   p50_added_ms / p99_added_ms: the same over the pooled gateway requests (both sides carry the
//     same mix of kinds), i.e. the "added over the stand-in's own latency".
// Search, run start and SSE have no stand-in (Keel alone answers them), so they report their own
// latencies and are not in the added figures: search_p50_ms/search_p99_ms, run_start_*, and for
// SSE sse_connect_* (to the response headers) and sse_first_event_* (to the first event's bytes,
// which waits on the run's workflow), each measured from when the run's id was known.
//
// Idle memory: after a warm-up (LOAD_WARMUP_SECONDS, 10, of the same load: every path compiled
// and every pool filled before the baseline), and again after the load, the API idles
// LOAD_SETTLE_SECONDS, runs a full GC (started with --expose-gc; SIGUSR2) and reports VmRSS
// (rss_idle_*_mb, as before) and V8's heapUsed (heap_idle_*_mb): a heap back at its baseline with
// RSS above it is memory the allocator keeps, not something Keel retains.
// The bench tenant's API rate limit is raised: this measures latency, not the limiter (said so on
// stderr).
// Overrides: LOAD_SECONDS, LOAD_WARMUP_SECONDS, LOAD_SETTLE_SECONDS, LOAD_SEED,
// LOAD_RATE_{COMPLETION,STREAM,SEARCH,RUN} (per second; every run gets one SSE subscriber),
// LOAD_CAP_{COMPLETION,STREAM,SEARCH,RUN,SSE}, LOAD_TTFT_MS, LOAD_TOKEN_MS.
// Last line: {"rps","errors","p50_added_ms","p99_added_ms","rss_idle_before_mb","rss_idle_after_mb",
// …} with the offered rate, CPU use and the per-kind figures above as extra keys.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { stringify as toYaml } from 'yaml';
import { Agent, request } from 'undici';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../services/worker/bundle-options';
import { openStore } from '../services/store';
import { startDevServer } from '../services/temporal';
import { ROOT, pct, round, startChild } from './support/router-bench';
import { completion, search, startRun, streamedCompletion, subscribe, type Target } from './support/load-requests';
import { Lane, poissonArrivals, seededRandom } from './support/load-schedule';
import { machineCpuTicks, pidCpuTicks, TICKS_PER_SECOND } from './support/process-cpu';
import { freePort } from '../test/support/ports';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env('LOAD_SECONDS', 60);
const WARMUP_SECONDS = env('LOAD_WARMUP_SECONDS', 10);
const SETTLE_SECONDS = env('LOAD_SETTLE_SECONDS', 5);
const SEED = env('LOAD_SEED', 13);
const RATES = {
  completion: env('LOAD_RATE_COMPLETION', 20),
  stream: env('LOAD_RATE_STREAM', 10),
  search: env('LOAD_RATE_SEARCH', 40),
  run: env('LOAD_RATE_RUN', 2),
};
const CAPS = {
  completion: env('LOAD_CAP_COMPLETION', 32),
  stream: env('LOAD_CAP_STREAM', 32),
  search: env('LOAD_CAP_SEARCH', 16),
  run: env('LOAD_CAP_RUN', 8),
  sse: env('LOAD_CAP_SSE', 32),
};
const MAX_BACKLOG = 1_000;
const TTFT_MS = env('LOAD_TTFT_MS', 50);
const TOKEN_MS = env('LOAD_TOKEN_MS', 5);
const SSE_TIMEOUT_MS = 30_000;
const MODEL = 'bench-model';
const LOGICAL = 'chat';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`[load] ${line}\n`);

type Kind = 'completion' | 'stream' | 'search' | 'run_start' | 'sse_connect' | 'sse_first_event';
const GATEWAY_KINDS: Kind[] = ['completion', 'stream'];
interface Samples {
  keel: Map<Kind, number[]>;
  direct: Map<Kind, number[]>;
  errors: string[];
  /** Keel requests that ended (an SSE subscription is one). */
  requests: number;
  offered: number;
  shed: number;
  lanes: Record<string, { offered: number; finished: number; peakInFlight: number }>;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

/** The API's VmRSS and V8 heapUsed (MB) after it idled SETTLE_SECONDS and ran a full GC. */
async function idleMemory(api: ChildProcess, memoryFile: string): Promise<{ rss: number; heapUsed: number }> {
  await sleep(SETTLE_SECONDS * 1000);
  rmSync(memoryFile, { force: true });
  api.kill('SIGUSR2');
  await sleep(1000);
  const usage = JSON.parse(readFileSync(memoryFile, 'utf8')) as NodeJS.MemoryUsage;
  return { rss: rssMb(api.pid!), heapUsed: round(usage.heapUsed / 2 ** 20, 1) };
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
    writeFileSync(bundle, (await bundleWorkflowCode({ ...workflowBundleOptions(), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m) => log(m) } })).code);
    const processEnv = { ...process.env, KEEL_CONFIG: configFile, KEEL_WORKFLOW_BUNDLE: bundle, KEEL_LOG_LEVEL: process.env.KEEL_LOG_LEVEL ?? 'info' };
    const memoryFile = join(work, 'api-memory.json');
    const worker = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'services/worker/main.ts')], { cwd: ROOT, env: processEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(worker);
    await new Promise<void>((ok, fail) => {
      worker.stdout!.on('data', (d) => String(d).includes('worker ready') && ok());
      worker.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
    });
    // The API's access log (info, JSON lines) goes where a deployment's would: out of the process.
    const api = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/support/load-api.ts')], { cwd: ROOT, env: { ...processEnv, LOAD_MEMORY_FILE: memoryFile }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(api);
    const base = `http://127.0.0.1:${apiPort}`;
    for (let up = false; !up; await sleep(200)) {
      if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
      up = await request(`${base}/healthz`).then((r) => r.body.text().then(() => r.statusCode === 200), () => false);
    }

    const keel: Target = { base, headers: { authorization: `Bearer ${key}` }, dispatcher: new Agent({ connections: 128, keepAliveTimeout: 30_000 }) };
    // SSE streams stay open for a run's life: their own pool, so they never hold a completion's socket.
    const keelSse: Target = { ...keel, dispatcher: new Agent({ connections: CAPS.sse, keepAliveTimeout: 30_000 }) };
    const direct: Target = { base: standin.url, headers: {}, dispatcher: new Agent({ connections: 128, keepAliveTimeout: 30_000 }) };
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
    await generate(keel, keelSse, direct, WARMUP_SECONDS, SEED + 1);
    const before = await idleMemory(api, memoryFile);
    log(`idle before: RSS ${before.rss} MB, heapUsed ${before.heapUsed} MB; load ${SECONDS} s at ${JSON.stringify(RATES)} req/s (Poisson), caps ${JSON.stringify(CAPS)}`);
    const cpuBefore = { api: pidCpuTicks(api.pid!), worker: pidCpuTicks(worker.pid!), standin: pidCpuTicks(standin.proc.pid!), machine: machineCpuTicks(), self: process.cpuUsage() };
    const started = performance.now();
    const samples = await generate(keel, keelSse, direct, SECONDS, SEED);
    const seconds = (performance.now() - started) / 1000;
    const machine = machineCpuTicks();
    const pctOfCore = (ticks: number) => round((ticks / TICKS_PER_SECOND / seconds) * 100, 1);
    const self = process.cpuUsage(cpuBefore.self);
    const cpu = {
      api_cpu_pct: pctOfCore(pidCpuTicks(api.pid!) - cpuBefore.api),
      worker_cpu_pct: pctOfCore(pidCpuTicks(worker.pid!) - cpuBefore.worker),
      standin_cpu_pct: pctOfCore(pidCpuTicks(standin.proc.pid!) - cpuBefore.standin),
      generator_cpu_pct: round(((self.user + self.system) / 1e6 / seconds) * 100, 1),
      // Busy share of the whole machine (every core, every process, other engineers' included).
      machine_cpu_pct: round(((machine.busy - cpuBefore.machine.busy) / (machine.total - cpuBefore.machine.total)) * 100, 1),
    };
    const after = await idleMemory(api, memoryFile);
    log(`idle after: RSS ${after.rss} MB, heapUsed ${after.heapUsed} MB; CPU over the load (% of one core; machine: % of all cores) ${JSON.stringify(cpu)}`);

    const perKind: Record<string, number> = {};
    for (const [kind, xs] of samples.keel) {
      const d = samples.direct.get(kind) ?? [];
      log(`${kind}: ${xs.length} requests, keel p50 ${round(pct(xs, 50), 1)} p99 ${round(pct(xs, 99), 1)} ms` +
        (d.length ? `; stand-in p50 ${round(pct(d, 50), 1)} p99 ${round(pct(d, 99), 1)} ms (${d.length} direct)` : ''));
      if (GATEWAY_KINDS.includes(kind)) {
        perKind[`${kind}_p50_added_ms`] = round(pct(xs, 50) - pct(d, 50), 2);
        perKind[`${kind}_p99_added_ms`] = round(pct(xs, 99) - pct(d, 99), 2);
      } else {
        perKind[`${kind}_p50_ms`] = round(pct(xs, 50), 2);
        perKind[`${kind}_p99_ms`] = round(pct(xs, 99), 2);
      }
    }
    for (const [lane, st] of Object.entries(samples.lanes)) log(`lane ${lane}: offered ${st.offered}, finished ${st.finished}, peak in flight ${st.peakInFlight}`);
    for (const e of [...new Set(samples.errors)].slice(0, 10)) log(`error: ${e}`);
    const gateway = (side: 'keel' | 'direct') => GATEWAY_KINDS.flatMap((k) => samples[side].get(k) ?? []);
    const pooledAdded = (q: number) => round(pct(gateway('keel'), q) - pct(gateway('direct'), q), 2);
    console.log(JSON.stringify({
      rps: round(samples.requests / seconds, 1),
      errors: samples.errors.length,
      p50_added_ms: pooledAdded(50),
      p99_added_ms: pooledAdded(99),
      rss_idle_before_mb: before.rss,
      rss_idle_after_mb: after.rss,
      heap_idle_before_mb: before.heapUsed,
      heap_idle_after_mb: after.heapUsed,
      offered_rps: round(samples.offered / SECONDS, 1),
      shed: samples.shed,
      ...cpu,
      ...perKind,
    }));
  } finally {
    for (const c of children.reverse()) c.kill('SIGTERM');
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Offers every kind at its rate for `seconds` (Keel and, for gateway kinds, the stand-in directly),
 * then waits for what is in flight; every started run gets one SSE subscriber, scheduled the moment
 * its id is known.
 */
async function generate(keel: Target, keelSse: Target, direct: Target, seconds: number, seed: number): Promise<Samples> {
  const out: Samples = { keel: new Map(), direct: new Map(), errors: [], requests: 0, offered: 0, shed: 0, lanes: {} };
  const record = (side: 'keel' | 'direct', kind: Kind, ms: number) => {
    const m = out[side];
    if (!m.has(kind)) m.set(kind, []);
    m.get(kind)!.push(ms);
  };
  const onError = (err: Error) => out.errors.push(err.message);
  const keelLane = <T = void>(name: string, cap: number, send: (at: number, item: T) => Promise<void>) =>
    new Lane<T>(name, cap, MAX_BACKLOG, async (at, item) => {
      await send(at, item);
      out.requests++;
    }, onError);
  const directLane = (name: string, cap: number, send: (at: number) => Promise<void>) => new Lane(name, cap, MAX_BACKLOG, send, onError);
  const words = ['turbine', 'gearbox wear', 'bearing inspection', 'inverter', 'blade assembly', 'rotor'];
  let searches = 0;
  let runs = 0;
  const sse = keelLane<string>('sse', CAPS.sse, async (at, id) => {
    const { connectMs, firstEventMs } = await subscribe(keelSse, id, SSE_TIMEOUT_MS, at);
    record('keel', 'sse_connect', connectMs);
    record('keel', 'sse_first_event', firstEventMs);
  });
  const lanes = {
    completion: keelLane('completion', CAPS.completion, async (at) => record('keel', 'completion', await completion(keel, LOGICAL, at))),
    completionDirect: directLane('completion (stand-in)', CAPS.completion, async (at) => record('direct', 'completion', await completion(direct, MODEL, at))),
    stream: keelLane('stream', CAPS.stream, async (at) => record('keel', 'stream', await streamedCompletion(keel, LOGICAL, at))),
    streamDirect: directLane('stream (stand-in)', CAPS.stream, async (at) => record('direct', 'stream', await streamedCompletion(direct, MODEL, at))),
    search: keelLane('search', CAPS.search, async (at) => record('keel', 'search', await search(keel, 'notes', words[searches++ % words.length], at))),
    run: keelLane('run', CAPS.run, async (at) => {
      const { ms, id } = await startRun(keel, 'echo', `load ${runs++}`, at);
      record('keel', 'run_start', ms);
      sse.submit(performance.now(), id);
    }),
    sse,
  };
  // One random stream per schedule, so each kind's arrivals replay with the seed.
  const random = (n: number) => seededRandom(seed * 16 + n);
  await Promise.all([
    poissonArrivals(lanes.completion, RATES.completion, seconds, random(0)),
    poissonArrivals(lanes.completionDirect, RATES.completion, seconds, random(1)),
    poissonArrivals(lanes.stream, RATES.stream, seconds, random(2)),
    poissonArrivals(lanes.streamDirect, RATES.stream, seconds, random(3)),
    poissonArrivals(lanes.search, RATES.search, seconds, random(4)),
    poissonArrivals(lanes.run, RATES.run, seconds, random(5)),
  ]);
  for (const lane of Object.values(lanes)) await lane.drained();
  await lanes.sse.drained(); // runs started while draining add subscribers
  for (const [name, lane] of Object.entries(lanes)) {
    out.lanes[name] = lane.stats;
    out.shed += lane.stats.shed;
    if (!name.endsWith('Direct')) out.offered += lane.stats.offered;
  }
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
