// Router benchmark. Prints one JSON object as its last stdout line:
//   inproc_overhead_p50_us / p99_us  time a router.chat() spends outside its deployment's HTTP call
//                                    (the provider call is timed inside), minus the same gap of
//                                    direct calls to that provider (the harness's own share),
//                                    sequential, interleaved; raw gaps in inproc_gap_*;
//   gateway_overhead_p50_ms / p99_ms stream latency through the gateway minus direct streams to the
//                                    same vLLM stand-in, 64 concurrent streams: the percentile of
//                                    all gateway streams minus the same percentile of all direct
//                                    streams of this run (6,000 a side, after 2,000 a side of
//                                    warm-up). The two sides alternate in short blocks (each gateway
//                                    block right after its direct twin), so both see the same
//                                    conditions on the shared box; each block's own p50 / p99
//                                    difference is printed too (gateway_overhead_by_block_*);
//   gateway_cpu_us_per_stream        CPU the gateway process spent per stream (less load-sensitive);
//   gateway_event_loop, gateway_gc   its event-loop utilisation, stalls and GC pauses while streaming;
//   other_processes_cpu_cores        CPU used meanwhile by processes outside this benchmark (cores);
//   gateway_rps                      streams/s completed through the gateway at that concurrency;
//   failover_added_p50_ms            extra latency when the first deployment refuses connections;
//   failover_success_rate            share of those calls that still succeeded.
// The stand-in and the gateway each run in their own process; this one generates load.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cpus, loadavg, setPriority } from 'node:os';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Registry } from 'prom-client';
import { createRouter, type RouterConfigInput } from '../services/router';
import type { Provider } from '../services/router/providers/types';
import { createProvider } from '../services/router/providers';
import { errorHandler } from '../services/api/errors';
import { gatewayRoutes } from '../services/api/routes/gateway';
import '../services/api/tenant';

const ROOT = resolve(__dirname, '..');
const CONCURRENCY = Number(process.env.BENCH_ROUTER_CONCURRENCY ?? 64);
const STREAMS_PER_SIDE = Number(process.env.BENCH_ROUTER_STREAMS ?? 6_000);
const INPROC_CALLS = Number(process.env.BENCH_ROUTER_INPROC ?? 3_000);
/** Calls before measuring, so the router's code is optimised (the first few thousand run slower). */
const INPROC_WARMUP = Number(process.env.BENCH_ROUTER_INPROC_WARMUP ?? 2_000);
/**
 * Streams per side before measuring. The gateway is a long-running server: its first few
 * thousand streams run measurably slower (code not yet optimised, young heap still growing),
 * which a deployed gateway leaves behind in its first seconds.
 */
const STREAM_WARMUP = Number(process.env.BENCH_ROUTER_STREAM_WARMUP ?? 2_000);
const FAILOVER_CALLS = Number(process.env.BENCH_ROUTER_FAILOVER ?? 300);
/** Lanes of a load start spread over this many ms (about one stream's length). */
const RAMP_MS = Number(process.env.BENCH_ROUTER_RAMP_MS ?? 125);
/** Direct and gateway streams alternate in this many blocks each. */
const BLOCKS = Number(process.env.BENCH_ROUTER_BLOCKS ?? 12);
const SEQ_STREAMS = Number(process.env.BENCH_ROUTER_SEQUENTIAL ?? 800);
const MODEL = 'bench-model';
const FIRST_TOKEN_MS = Number(process.env.BENCH_ROUTER_TTFT_MS ?? 50);
const TOKEN_MS = Number(process.env.BENCH_ROUTER_TOKEN_MS ?? 5);
const PROMPT = 'Summarise the routing layer in one short sentence please';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function startChild(args: string[], nodeArgs: string[] = []): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (url) => resolve({ url: url.trim(), proc }));
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

const routerConfig = (url: string, extra: Partial<RouterConfigInput> = {}): RouterConfigInput => ({
  deployments: [{ id: 'vllm', provider: 'openai', model: MODEL, endpoint: url, maxConcurrency: 256, scrapeMetrics: false }],
  models: { chat: { deployments: ['vllm'] } },
  ...extra,
});

/** Gateway process: fastify + gatewayRoutes over a router to the stand-in at `url`. */
async function serveGateway(url: string) {
  const router = createRouter(routerConfig(url), { registry: new Registry() });
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', async (req) => {
    req.tenant = { id: 'bench', name: 'bench', apiKeyId: 'bench' };
  });
  await app.register(gatewayRoutes, { router });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const gc = { count: 0, ms: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.ms += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let elu = performance.eventLoopUtilization();
  app.get('/__bench/cpu', async () => {
    const u = process.cpuUsage();
    const e = performance.eventLoopUtilization(elu);
    elu = performance.eventLoopUtilization();
    // The histogram counts the 10 ms sampling interval itself; report only the stall beyond it.
    const stall = (q: number) => Math.max(0, lag.percentile(q) / 1e6 - 10);
    const out = { cpuUs: u.user + u.system, userUs: u.user, elu: e.utilization, lagP50Ms: stall(50), lagP99Ms: stall(99), gc: { ...gc } };
    lag.reset();
    Object.assign(gc, { count: 0, ms: 0, maxMs: 0 });
    return out;
  });
  process.stdout.write(`${await app.listen({ host: '127.0.0.1', port: 0 })}\n`);
  process.on('SIGTERM', () => void app.close().then(() => router.close()).then(() => process.exit(0)));
}

/** One streamed chat completion; its latency in ms, or undefined when it failed. */
async function oneStream(base: string, body: string, dispatcher: Agent): Promise<number | undefined> {
  const s = performance.now();
  try {
    const res = await request(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher });
    const text = await res.body.text();
    return res.statusCode === 200 && text.endsWith('data: [DONE]\n\n') ? performance.now() - s : undefined;
  } catch {
    return undefined;
  }
}

const streamBody = (model: string) => JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] });

/**
 * `total` streams against `base` with CONCURRENCY in flight over the caller's (kept-alive)
 * connections. Lanes start RAMP_MS / CONCURRENCY apart: the stand-in paces every stream alike,
 * so lanes started together would stay phase-locked and every chunk would arrive in a burst of
 * 64 for the whole run, which independent clients do not do.
 */
async function streamLoad(base: string, model: string, total: number, dispatcher: Agent) {
  const body = streamBody(model);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, lane) => {
    await sleep((lane * RAMP_MS) / CONCURRENCY);
    while (next < total) {
      next++;
      const ms = await oneStream(base, body, dispatcher);
      if (ms === undefined) errors++;
      else latencies.push(ms);
    }
  }));
  return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
}

const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

/** CPU ticks (user + system) of every process on the box, by pid (Linux /proc; empty elsewhere). */
function processTicks(): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), Number(f[11]) + Number(f[12]));
    } catch {
      /* exited */
    }
  }
  return out;
}

/**
 * CPU used by processes other than this benchmark and its children between two snapshots, in
 * cores: other work on the shared box competes with the streams and is worth knowing about.
 */
function otherCpuCores(before: Map<number, number>, after: Map<number, number>, ours: Set<number>, seconds: number): number {
  let ticks = 0;
  for (const [pid, t] of after) if (!ours.has(pid)) ticks += t - (before.get(pid) ?? 0);
  return ticks / CLK_TCK / seconds;
}

/** The gateway process's CPU time so far, and its event loop since the previous call. */
async function gatewayStats(base: string) {
  const res = await request(`${base}/__bench/cpu`);
  return (await res.body.json()) as { cpuUs: number; elu: number; lagP50Ms: number; lagP99Ms: number; gc: { count: number; ms: number; maxMs: number } };
}

/** One streamed chat completion at a time; returns each stream's latency in ms. */
async function sequentialLoad(base: string, model: string, total: number): Promise<number[]> {
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  const body = JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: PROMPT }] });
  const out: number[] = [];
  for (let i = 0; i < total; i++) {
    const s = performance.now();
    const res = await request(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher });
    await res.body.text();
    out.push(performance.now() - s);
  }
  await dispatcher.close();
  return out;
}

/**
 * Sequential router.chat calls, each followed by a direct call to the same provider client.
 * Either side's gap is its call time minus the provider's own call time (timed inside); the
 * direct side's gap is what this harness itself adds (await hops, clock reads), so the router's
 * overhead is the router gap minus the direct gap, percentile by percentile.
 */
async function inprocOverhead(url: string) {
  let providerMs = 0;
  let client: Provider | undefined;
  const timed = (dep: Parameters<typeof createProvider>[0]): Provider => {
    const p = createProvider(dep);
    client = {
      ...p,
      chat: async (req, ctx) => {
        const s = performance.now();
        try {
          return await p.chat(req, ctx);
        } finally {
          providerMs = performance.now() - s;
        }
      },
    };
    return client;
  };
  const router = createRouter(routerConfig(url), { registry: new Registry(), providerFactory: timed });
  const req = { model: 'chat', messages: [{ role: 'user' as const, content: PROMPT }] };
  const direct = { model: MODEL, messages: req.messages };
  const never = new AbortController().signal; // one signal: the direct side should add nothing per call
  const routed: number[] = [];
  const harness: number[] = [];
  for (let i = 0; i < INPROC_CALLS + INPROC_WARMUP; i++) {
    let s = performance.now();
    await router.chat(req, { tenantId: 'bench' });
    const r = performance.now() - s - providerMs;
    s = performance.now();
    await client!.chat(direct, { signal: never });
    const d = performance.now() - s - providerMs;
    if (i >= INPROC_WARMUP) {
      routed.push(r * 1000);
      harness.push(d * 1000);
    }
  }
  await router.close();
  return { routed, harness };
}

/** Chat calls where the first-choice deployment refuses connections, against calls with none. */
async function failover(url: string) {
  const dead = 'http://127.0.0.1:9'; // discard port: nothing listens, connections are refused
  const base = (deps: string[]): RouterConfigInput => ({
    deployments: [
      { id: 'dead', provider: 'openai', model: MODEL, endpoint: dead, scrapeMetrics: false },
      { id: 'live', provider: 'openai', model: MODEL, endpoint: url, scrapeMetrics: false },
    ],
    models: { chat: { deployments: deps } },
    breaker: { consecutiveFailures: 1_000_000, minCalls: 1_000_000 }, // measure every failover, not the breaker
  });
  // random() = 0 always tries the first listed deployment first.
  const withDead = createRouter(base(['dead', 'live']), { registry: new Registry(), random: () => 0 });
  const healthy = createRouter(base(['live']), { registry: new Registry() });
  const req = { model: 'chat', messages: [{ role: 'user' as const, content: PROMPT }] };
  const direct: number[] = [];
  const failed: number[] = [];
  let ok = 0;
  for (let i = 0; i < FAILOVER_CALLS; i++) {
    let s = performance.now();
    await healthy.chat(req, { tenantId: 'bench' });
    direct.push(performance.now() - s);
    s = performance.now();
    try {
      const r = await withDead.chat(req, { tenantId: 'bench' });
      if (r.servedBy.deployment === 'live' && r.failovers.length === 1) ok++;
      failed.push(performance.now() - s);
    } catch {
      /* counted as a failure */
    }
  }
  await withDead.close();
  await healthy.close();
  return { addedP50: pct(failed, 50) - pct(direct, 50), successRate: ok / FAILOVER_CALLS };
}

/**
 * In a deployment the model server and the clients do not share the gateway's CPUs; here all three
 * share two cores, and the gateway's work would delay the stand-in's token pacing and the load
 * generator's clock on its own streams only. Giving those two a higher scheduling priority keeps
 * them on time: the gateway then waits for them, never they for it, so its measured overhead is
 * if anything larger. Needs root (or CAP_SYS_NICE); without it the bench says so in its output.
 */
function favourOverGateway(pids: number[]): boolean {
  try {
    for (const pid of pids) setPriority(pid, -10);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  // Streams are paced like a model (first token after 50 ms, then a chunk every 5 ms), so 64
  // concurrent streams measure the gateway's added latency rather than a CPU-saturated queue.
  const paced = await startChild(['test/support/vllm-standin.ts', '--port', '0', '--model', MODEL, '--latency-ms', String(FIRST_TOKEN_MS), '--token-delay-ms', String(TOKEN_MS)]);
  const standin = await startChild(['test/support/vllm-standin.ts', '--port', '0', '--model', MODEL]);
  // BENCH_GATEWAY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the gateway process.
  const gateway = await startChild(['bench/router.ts', '--serve-gateway', paced.url], (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const favoured = favourOverGateway([process.pid, paced.proc.pid!]);
  try {
    const inproc = await inprocOverhead(standin.url);
    const toDirect = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
    const toGateway = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
    await streamLoad(paced.url, MODEL, STREAM_WARMUP, toDirect); // warm-up, and opens the connections
    await streamLoad(gateway.url, 'chat', STREAM_WARMUP, toGateway);
    const direct: number[] = [];
    const viaGateway: number[] = [];
    let gatewaySeconds = 0;
    let errors = 0;
    let gatewayCpu = 0;
    const loop = { elu: 0, lagP50: 0, lagP99: 0 };
    const gc = { count: 0, ms: 0, maxMs: 0 };
    const blockDiff = { p50: [] as number[], p99: [] as number[] };
    const ours = new Set([process.pid, process.ppid, paced.proc.pid!, standin.proc.pid!, gateway.proc.pid!]);
    const other = { direct: 0, gateway: 0 };
    let directSeconds = 0;
    for (let block = 0; block < BLOCKS; block++) {
      const t0 = processTicks();
      const d = await streamLoad(paced.url, MODEL, STREAMS_PER_SIDE / BLOCKS, toDirect);
      const t1 = processTicks();
      const before = await gatewayStats(gateway.url);
      const g = await streamLoad(gateway.url, 'chat', STREAMS_PER_SIDE / BLOCKS, toGateway);
      const after = await gatewayStats(gateway.url);
      const t2 = processTicks();
      other.direct += otherCpuCores(t0, t1, ours, d.seconds) * d.seconds;
      other.gateway += otherCpuCores(t1, t2, ours, g.seconds) * g.seconds;
      directSeconds += d.seconds;
      gatewayCpu += after.cpuUs - before.cpuUs;
      loop.elu += after.elu / BLOCKS;
      loop.lagP50 += after.lagP50Ms / BLOCKS;
      loop.lagP99 += after.lagP99Ms / BLOCKS;
      gc.count += after.gc.count;
      gc.ms += after.gc.ms;
      gc.maxMs = Math.max(gc.maxMs, after.gc.maxMs);
      direct.push(...d.latencies);
      viaGateway.push(...g.latencies);
      blockDiff.p50.push(pct(g.latencies, 50) - pct(d.latencies, 50));
      blockDiff.p99.push(pct(g.latencies, 99) - pct(d.latencies, 99));
      gatewaySeconds += g.seconds;
      errors += d.errors + g.errors;
    }
    await Promise.all([toDirect.close(), toGateway.close()]);
    // For scale against published sequential medians: one stream at a time, unpaced stand-in.
    const seqGateway = await startChild(['bench/router.ts', '--serve-gateway', standin.url]);
    const seq = { direct: [] as number[], gateway: [] as number[] };
    try {
      await sequentialLoad(standin.url, MODEL, 100);
      await sequentialLoad(seqGateway.url, 'chat', 100);
      for (let i = 0; i < 4; i++) {
        seq.direct.push(...(await sequentialLoad(standin.url, MODEL, SEQ_STREAMS / 4)));
        seq.gateway.push(...(await sequentialLoad(seqGateway.url, 'chat', SEQ_STREAMS / 4)));
      }
    } finally {
      seqGateway.proc.kill('SIGTERM');
    }
    const fo = await failover(standin.url);
    const result = {
      inproc_overhead_p50_us: round(pct(inproc.routed, 50) - pct(inproc.harness, 50), 1),
      inproc_overhead_p99_us: round(pct(inproc.routed, 99) - pct(inproc.harness, 99), 1),
      gateway_overhead_p50_ms: round(pct(viaGateway, 50) - pct(direct, 50)),
      gateway_overhead_p99_ms: round(pct(viaGateway, 99) - pct(direct, 99)),
      gateway_rps: Math.round(viaGateway.length / gatewaySeconds),
      failover_added_p50_ms: round(fo.addedP50),
      failover_success_rate: fo.successRate,
      gateway_overhead_by_block_p50_ms: blockDiff.p50.map((x) => round(x, 2)),
      gateway_overhead_by_block_p99_ms: blockDiff.p99.map((x) => round(x, 2)),
      direct_stream_ms: { p50: round(pct(direct, 50)), p99: round(pct(direct, 99)) },
      gateway_stream_ms: { p50: round(pct(viaGateway, 50)), p99: round(pct(viaGateway, 99)) },
      gateway_cpu_us_per_stream: Math.round(gatewayCpu / STREAMS_PER_SIDE),
      gateway_event_loop: { utilization: round(loop.elu, 2), stall_p50_ms: round(loop.lagP50, 2), stall_p99_ms: round(loop.lagP99, 2) },
      gateway_gc: { pauses: gc.count, total_ms: round(gc.ms, 1), max_ms: round(gc.maxMs, 1) },
      inproc_gap_p50_us: { router: round(pct(inproc.routed, 50), 1), direct: round(pct(inproc.harness, 50), 1) },
      inproc_gap_p99_us: { router: round(pct(inproc.routed, 99), 1), direct: round(pct(inproc.harness, 99), 1) },
      gateway_overhead_sequential_p50_ms: round(pct(seq.gateway, 50) - pct(seq.direct, 50)),
      concurrency: CONCURRENCY,
      standin_and_client_favoured: favoured,
      lane_ramp_ms: RAMP_MS,
      standin_pacing_ms: { first_token: FIRST_TOKEN_MS, per_chunk: TOKEN_MS },
      stream_errors: errors,
      other_processes_cpu_cores: { direct: round(other.direct / directSeconds, 2), gateway: round(other.gateway / gatewaySeconds, 2) },
      stream_warmup: STREAM_WARMUP,
      load_avg_1m: round(loadavg()[0], 2),
      cpus: cpus().length,
    };
    console.log(JSON.stringify(result));
  } finally {
    gateway.proc.kill('SIGTERM');
    standin.proc.kill('SIGTERM');
    paced.proc.kill('SIGTERM');
  }
}

const serveAt = process.argv.indexOf('--serve-gateway');
if (serveAt >= 0) void serveGateway(process.argv[serveAt + 1]);
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
