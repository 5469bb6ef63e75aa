// npm run bench -- fanout: FANOUT_SUBSCRIBERS (1,000) SSE subscribers on ONE API process across
// FANOUT_RUNS (100) running runs, whose events and token deltas come over the stream bus.
//
// Processes: the API (bench/support/fanout-api.ts: createApiServer over buildRuntime, a Temporal
// client stand-in counting every call), the subscribers (bench/support/fanout-clients.ts), a real
// nats-server with JetStream, and this one, which creates the runs and publishes for them
// (bench/support/fanout-publishers.ts: every run one message per FANOUT_TICK_MS, 100 ms — a
// step.started, FANOUT_DELTAS_PER_STEP (10) deltas, a step.finished; durable events to the store
// first, then on the bus). Delivery latency runs from the publish (a timestamp in each message) to
// the message's arrival at a subscriber, over FANOUT_SECONDS (20) after FANOUT_WARMUP_SECONDS (3).
// The API's CPU is its own process's (/proc/<pid>/stat), as % of one core.
//
// A second phase runs the same with the in-process bus (`keel start`'s), the producers inside the
// API process (an in-process bus reaches nothing else): `inprocess_*` keys. FANOUT_INPROCESS=0
// skips it.
// Last line: {"subscribers","delivery_p50_ms","delivery_p99_ms","temporal_queries_per_s","api_cpu_pct",
// "messages_per_s_out","delivered","expected","out_of_order","bus_subscriptions", inprocess_…}.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { KeelConfigSchema } from '../services/config';
import { openStore, type Store } from '../services/store';
import { connectNatsBus } from '../services/bus';
import { startNatsServer } from '../test/support/nats-server';
import { ROOT, pct, round } from './support/router-bench';
import { startPublishers, type PublisherCounts } from './support/fanout-publishers';
import { pidCpuTicks, TICKS_PER_SECOND } from './support/process-cpu';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RUNS = env('FANOUT_RUNS', 100);
const SUBSCRIBERS = env('FANOUT_SUBSCRIBERS', 1_000);
const PER_RUN = Math.ceil(SUBSCRIBERS / RUNS);
const TICK_MS = env('FANOUT_TICK_MS', 100);
const DELTAS_PER_STEP = env('FANOUT_DELTAS_PER_STEP', 10);
const SECONDS = env('FANOUT_SECONDS', 20);
const WARMUP_SECONDS = env('FANOUT_WARMUP_SECONDS', 3);
const log = (line: string) => process.stderr.write(`[fanout] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Ipc = { type: string; [k: string]: unknown };

function child(script: string, childEnv: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], { cwd: ROOT, env: { ...process.env, ...childEnv }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
}
const nextMessage = (proc: ChildProcess, type: string) =>
  new Promise<Ipc>((resolve, reject) => {
    const on = (m: Ipc) => {
      if (m.type !== type) return;
      proc.off('message', on);
      resolve(m);
    };
    proc.on('message', on);
    proc.once('exit', (code) => reject(new Error(`child exited (${code}) before ${type}`)));
  });
const ask = (proc: ChildProcess, type: string) => {
  const answer = nextMessage(proc, type);
  proc.send({ type });
  return answer;
};
const firstLine = (proc: ChildProcess) => new Promise<string>((resolve, reject) => {
  createInterface({ input: proc.stdout! }).once('line', resolve);
  proc.once('exit', (code) => reject(new Error(`child exited (${code}) before it listened`)));
});
const stop = async (proc: ChildProcess) => {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000).then(() => proc.kill('SIGKILL'))]);
};

interface PhaseResult {
  p50: number;
  p99: number;
  max: number;
  temporalPerS: number;
  apiCpuPct: number;
  delivered: number;
  expected: number;
  outOfOrder: number;
  connected: number;
  failed: number;
  outPerS: number;
  busSubscriptions: number;
  published: PublisherCounts;
}

async function phase(name: string, store: Store, dataDir: string, tenantKey: string, tenantId: string, busUrl?: string): Promise<PhaseResult> {
  const runIds = Array.from({ length: RUNS }, (_, i) => `run_fan_${name}_${i}`);
  for (const id of runIds) {
    await store.runs.create({ id, tenantId, kind: 'agent', agentName: 'bench', agentVersion: 1, workflowId: id, input: 'x', status: 'running' });
    await store.runs.appendEvents(id, [{ id: 1, type: 'run.started', at: new Date().toISOString(), data: {} }]);
  }
  const config = { dataDir, api: { rateLimit: { enabled: false } }, bus: busUrl ? { url: busUrl } : {} };
  const api = child('bench/support/fanout-api.ts', { FANOUT_CONFIG: JSON.stringify(config), KEEL_LOG_LEVEL: 'warn' });
  const url = await firstLine(api);
  log(`${name}: API at ${url} (pid ${api.pid})`);
  const subs = child('bench/support/fanout-clients.ts', { FANOUT_URL: url, FANOUT_KEY: tenantKey, FANOUT_RUNS: JSON.stringify(runIds), FANOUT_PER_RUN: String(PER_RUN) });
  try {
    const ready = await nextMessage(subs, 'ready');
    log(`${name}: ${ready.connected} subscribers connected (${ready.failed} failed)`);
    let publishers: ReturnType<typeof startPublishers> | undefined;
    let bus: Awaited<ReturnType<typeof connectNatsBus>> | undefined;
    if (busUrl) {
      bus = await connectNatsBus({ url: busUrl, retentionSeconds: 600, name: 'fanout-producers' });
      publishers = startPublishers({ store, bus, runIds, tickMs: TICK_MS, deltasPerStep: DELTAS_PER_STEP, firstEventId: 1 });
    } else {
      api.send({ type: 'publish', runIds, tickMs: TICK_MS, deltasPerStep: DELTAS_PER_STEP, firstEventId: 1 });
    }
    await sleep(WARMUP_SECONDS * 1000);
    const statsBefore = await ask(api, 'stats');
    const publishedNow = async (): Promise<PublisherCounts> => (publishers ? { ...publishers.counts } : ((await ask(api, 'stats')).published as PublisherCounts));
    const publishedBefore = await publishedNow();
    subs.send({ type: 'measure' });
    const cpuBefore = pidCpuTicks(api.pid!);
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const cpuAfter = pidCpuTicks(api.pid!);
    const seconds = (performance.now() - t0) / 1000;
    const publishedAfter = await publishedNow();
    const report = await ask(subs, 'report');
    const statsAfter = await ask(api, 'stats');
    const published: PublisherCounts = {
      events: publishedAfter.events - publishedBefore.events,
      deltas: publishedAfter.deltas - publishedBefore.deltas,
      errors: publishedAfter.errors,
    };
    if (publishers) {
      await publishers.stop();
      await bus!.close();
    } else {
      const stopped = nextMessage(api, 'published');
      api.send({ type: 'stop-publish' });
      await stopped;
    }
    const latencies = (report.latencies as number[]).sort((a, b) => a - b);
    const received = report.received as number;
    return {
      p50: round(pct(latencies, 50)),
      p99: round(pct(latencies, 99)),
      max: round(latencies.at(-1) ?? NaN),
      temporalPerS: round(((statsAfter.temporalCalls as number) - (statsBefore.temporalCalls as number)) / seconds),
      apiCpuPct: round(((cpuAfter - cpuBefore) / TICKS_PER_SECOND / seconds) * 100),
      delivered: received,
      expected: (published.events + published.deltas) * PER_RUN,
      outOfOrder: report.outOfOrder as number,
      connected: report.connected as number,
      failed: report.failed as number,
      outPerS: Math.round(received / seconds),
      busSubscriptions: statsAfter.runs as number,
      published,
    };
  } finally {
    await stop(subs);
    await stop(api);
  }
}

async function main() {
  const nats = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-fanout-'));
  const config = KeelConfigSchema.parse({ dataDir });
  const store = await openStore(config.store.url, dataDir);
  try {
    const tenant = await store.tenants.create('bench');
    const key = (await store.tenants.createApiKey(tenant.id)).key;
    log(`${SUBSCRIBERS} subscribers (${PER_RUN} per run) over ${RUNS} runs, one message per run every ${TICK_MS} ms, ${SECONDS} s measured`);
    const natsResult = await phase('nats', store, dataDir, key, tenant.id, nats.url);
    log(`nats: ${JSON.stringify(natsResult)}`);
    const inproc = process.env.FANOUT_INPROCESS === '0' ? undefined : await phase('inproc', store, dataDir, key, tenant.id);
    if (inproc) log(`in-process: ${JSON.stringify(inproc)}`);
    const out: Record<string, unknown> = {
      subscribers: natsResult.connected,
      delivery_p50_ms: natsResult.p50,
      delivery_p99_ms: natsResult.p99,
      temporal_queries_per_s: natsResult.temporalPerS,
      api_cpu_pct: natsResult.apiCpuPct,
      delivery_max_ms: natsResult.max,
      messages_per_s_out: natsResult.outPerS,
      delivered: natsResult.delivered,
      expected: natsResult.expected,
      out_of_order: natsResult.outOfOrder,
      failed_subscribers: natsResult.failed,
      bus_subscriptions: natsResult.busSubscriptions,
      runs: RUNS,
      published_per_s: round((natsResult.published.events + natsResult.published.deltas) / SECONDS),
      publish_errors: natsResult.published.errors,
    };
    if (inproc) Object.assign(out, {
      inprocess_delivery_p50_ms: inproc.p50,
      inprocess_delivery_p99_ms: inproc.p99,
      inprocess_api_cpu_pct: inproc.apiCpuPct,
      inprocess_delivered: inproc.delivered,
      inprocess_expected: inproc.expected,
      inprocess_out_of_order: inproc.outOfOrder,
    });
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await store.close();
    await nats.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
