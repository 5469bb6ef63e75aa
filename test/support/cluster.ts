// Keel as separate OS processes, as it is deployed: one Temporal dev server, one nats-server, a
// scratch PostgreSQL database and one blob directory shared by every Keel process, API processes
// (`services/api/main.ts`, the entry the Dockerfile runs, through tsx), worker processes (`keel worker
// --queues …` with their health listener on), the scripted model stand-in in its own process
// (test/support/model-server-process.ts) and the counting MCP server (in this process: it records
// every side effect in a directory). Each Keel process has its own data directory, as each
// container has; the payload and secrets keys come from the environment, as production's do.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { KeelConfigInput } from '../../services/config';
import { openStore, type Store } from '../../services/store';
import { DevServerExitedError, startDevServer, type DevServer } from '../../services/temporal';
import { serveHttp } from '../../mcp-servers/shared/serve';
import { createCountingServer } from './counting-mcp-server';
import { startNatsServer, type NatsServer } from './nats-server';
import { onFreePorts } from './ports';
import { scratchPostgresDatabase } from './test-postgres';
import { TEST_PAYLOAD_KEYS } from './temporal';
import type { Faults } from './vllm-standin';

const ROOT = resolve(__dirname, '../..');
export const CLUSTER_MODEL = 'cluster-model';

export interface KeelProcess {
  name: string;
  child: ChildProcess;
  url: string;
  /** The Temporal worker identity (`pid@host`) of a worker process. */
  pid: number;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export interface ClusterTenant {
  id: string;
  key: string;
}

export interface ClusterOptions {
  temporalCli: string;
  workflowBundle: string;
  /** A PostgreSQL server the cluster may create its database on. */
  postgresServerUrl: string;
  apis: number;
  workers: number;
  /** Tenants created before the processes start (so keel.yaml can name their ids); key: name. */
  tenants: string[];
  /** keel.yaml's api.rateLimit, given the tenants' ids by name. */
  rateLimit?: (ids: Record<string, string>) => NonNullable<KeelConfigInput['api']>['rateLimit'];
  log?: (line: string) => void;
}

export interface Cluster {
  apis: KeelProcess[];
  workers: KeelProcess[];
  temporal: DevServer;
  tenants: Record<string, ClusterTenant>;
  /** The directory the counting MCP server records side effects in. */
  countingDir: string;
  /** The store, read directly (what the processes wrote). */
  store: Store;
  /** Milliseconds from the first spawn until every process answered /readyz 200, and each infrastructure start. */
  startup: Record<string, number>;
  model: { setFaults(f: Faults): Promise<void>; requests(): Promise<{ count: number; firstUser: string[] }> };
  /** Starts one more worker process (a replacement). */
  addWorker(): Promise<KeelProcess>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200, failing early when the process exits. */
async function until200(url: string, proc: { exitCode: number | null }, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${url}: the process exited (${proc.exitCode}):\n${output()}`);
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) }).catch((err: Error) => ({ ok: false, status: 0, text: async () => err.message }));
    if (res.ok) return;
    last = `${res.status} ${await res.text()}`;
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last}):\n${output()}`);
    await sleep(200);
  }
}

function spawnKeel(name: string, args: string[], env: Record<string, string>): Omit<KeelProcess, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + String(d)).slice(-6000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal, at: Date.now() })));
  return { name, child, pid: child.pid!, output: () => `[${name}] ${tail}`, exited };
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const log = opts.log ?? (() => undefined);
  const work = mkdtempSync(join(tmpdir(), 'keel-cluster-'));
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  const startup: Record<string, number> = {};
  const t0 = Date.now();
  const mark = (what: string) => (startup[what] = Date.now() - t0);
  const processes: KeelProcess[] = [];
  try {
    const countingDir = join(work, 'counting');
    const [temporal, nats, database, tools, model] = await Promise.all([
      onFreePorts(2, ([port, uiPort]) => startDevServer({ cliPath: opts.temporalCli, dbFile: join(work, 'temporal.db'), port, uiPort, namespace: 'default' }),
        (err) => err instanceof DevServerExitedError && err.portInUse).then((s) => (mark('temporal_ms'), s)),
      startNatsServer().then((s: NatsServer) => (mark('nats_ms'), s)),
      scratchPostgresDatabase(opts.postgresServerUrl, 'keel_cluster'),
      serveHttp(() => createCountingServer(countingDir)),
      startModelProcess(),
    ]);
    cleanup.push(() => temporal.stop(), () => nats.close(), () => database.drop(), () => tools.close(), () => model.close());
    mark('model_ms');

    // Migrations and the tenants, before any Keel process starts (the config names tenant ids).
    const store = await openStore(database.url, join(work, 'harness'));
    cleanup.push(() => store.close());
    const tenants: Record<string, ClusterTenant> = {};
    for (const name of opts.tenants) {
      const t = await store.tenants.create(name);
      tenants[name] = { id: t.id, key: (await store.tenants.createApiKey(t.id)).key };
    }
    const ids = Object.fromEntries(Object.entries(tenants).map(([n, t]) => [n, t.id]));

    const blobsDir = join(work, 'blobs');
    mkdirSync(blobsDir, { recursive: true });
    const config: KeelConfigInput = {
      environment: 'scale-out-test',
      temporal: { address: temporal.address },
      store: { url: database.url },
      bus: { url: nats.url },
      api: { host: '127.0.0.1', ...(opts.rateLimit ? { rateLimit: opts.rateLimit(ids) } : {}) },
      ingest: { blobs: { backend: 'local', dir: blobsDir } },
      router: {
        deployments: [{ id: 'standin', provider: 'openai', model: CLUSTER_MODEL, endpoint: model.url, scrapeMetrics: false }],
        models: { [CLUSTER_MODEL]: { deployments: ['standin'] } },
      },
      mcpServers: { tools: { transport: 'http', url: tools.url } },
      worker: { shutdownGraceSeconds: 60 },
    };
    const configFile = join(work, 'keel.yaml');
    writeFileSync(configFile, toYaml(config));
    const sharedEnv = {
      KEEL_CONFIG: configFile,
      KEEL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      KEEL_SECRETS_KEY: randomBytes(32).toString('base64'),
      KEEL_WORKFLOW_BUNDLE: opts.workflowBundle,
      KEEL_LOG_LEVEL: 'warn',
      // Traces stay in each process's data directory.
      LANGFUSE_PUBLIC_KEY: '', LANGFUSE_SECRET_KEY: '',
    };

    // A process that lost its port to another suite exits with EADDRINUSE: started again on another.
    const startProcess = (name: string, args: string[], env: (port: number) => Record<string, string>) =>
      onFreePorts(1, async ([port]) => {
        const p = spawnKeel(name, args, { ...sharedEnv, KEEL_DATA_DIR: join(work, name), ...env(port) });
        const proc = { ...p, url: `http://127.0.0.1:${port}` };
        processes.push(proc);
        await until200(`${proc.url}/readyz`, p.child, p.output, 180_000);
        return proc;
      }, (err) => /EADDRINUSE/.test((err as Error).message));
    let serial = 0;
    const startApi = (): Promise<KeelProcess> =>
      startProcess(`api-${String.fromCharCode(65 + serial++)}`, [join(ROOT, 'services/api/main.ts')], (port) => ({ KEEL_API_PORT: String(port) }));
    let workerSerial = 0;
    const startWorker = (): Promise<KeelProcess> =>
      startProcess(`worker-${++workerSerial}`, [join(ROOT, 'services/cli/main.ts'), 'worker', '--queues', 'agents,workflows,ingest'],
        (port) => ({ KEEL__worker__health__port: String(port) }));
    cleanup.push(async () => {
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(processes.map((p) => p.exited));
    });

    const spawnedAt = Date.now();
    const [apis, workers] = await Promise.all([
      Promise.all(Array.from({ length: opts.apis }, () => startApi())),
      Promise.all(Array.from({ length: opts.workers }, () => startWorker())),
    ]);
    startup.keel_processes_ready_ms = Date.now() - spawnedAt;
    mark('all_ready_ms');
    log(`cluster ready: ${JSON.stringify(startup)}`);

    return {
      apis, workers, temporal, tenants, countingDir, store, startup,
      model: {
        async setFaults(f) {
          const res = await fetch(`${model.control}/faults`, { method: 'POST', body: JSON.stringify(f) });
          if (!res.ok) throw new Error(`model stand-in refused faults: ${await res.text()}`);
        },
        requests: async () => (await fetch(`${model.control}/requests`)).json() as Promise<{ count: number; firstUser: string[] }>,
      },
      addWorker: startWorker,
      async close() {
        for (const step of cleanup.reverse()) await Promise.resolve().then(step).catch((err) => log(`cleanup: ${(err as Error).message}`));
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (err) {
    const context = processes.map((p) => p.output()).join('\n');
    for (const step of cleanup.reverse()) await Promise.resolve().then(step).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n${context}`);
  }
}

/** The model stand-in process: its URL, its control URL and a way to stop it. */
async function startModelProcess(): Promise<{ url: string; control: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/model-server-process.ts'), '--model', CLUSTER_MODEL], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.once('exit', r));
  const first = await new Promise<string>((ok, fail) => {
    let buffer = '';
    child.stdout!.on('data', (d) => {
      buffer += d;
      if (buffer.includes('\n')) ok(buffer.split('\n')[0]);
    });
    child.once('exit', (code) => fail(new Error(`model stand-in exited (${code}): ${out}`)));
  });
  const { url, control } = JSON.parse(first) as { url: string; control: string };
  return {
    url, control,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
