// The whole platform for integration tests: a real Temporal dev server, a SQLite store in a temp
// dir, the router pointed at the vLLM stand-in, MCP servers as real processes, a worker (in this
// process or as a child process that tests may SIGKILL) and the fastify API used through inject().
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { stringify as toYaml } from 'yaml';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { KeelConfigSchema, type KeelConfig, type KeelConfigInput } from '../../services/config';
import { createKeelWorker } from '../../services/worker';
import { buildRuntime, createApiServer, type Runtime } from '../../services/platform';
import type { FastifyInstance } from 'fastify';
import { startTemporal, TEST_PAYLOAD_KEYS, workflowBundlePath } from './temporal';

const root = resolve(__dirname, '../..');

export const TEST_MODEL = 'test-model';

/** The test MCP server as a stdio subprocess. */
export function testMcpServer(env: Record<string, string> = {}) {
  return {
    transport: 'stdio' as const,
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'test/support/mcp-test-server.ts'), '--stdio'],
    env,
    cwd: root,
  };
}

export interface TestPlatform {
  env: TestWorkflowEnvironment;
  config: KeelConfig;
  dataDir: string;
  runtime: Runtime;
  api: FastifyInstance;
  tenant: { id: string; key: string };
  otherTenant: { id: string; key: string };
  auth(key?: string): { authorization: string };
  startInProcessWorker(): Promise<void>;
  stopInProcessWorker(): Promise<void>;
  spawnWorker(extraEnv?: Record<string, string>): Promise<ChildProcess>;
  close(): Promise<void>;
}

/** `workflows`: the in-process worker also serves the workflows task queue (registered workflows). */
/** `consoleDir`: the built console the API serves at /console (test/console builds one); none by default. */
export async function startPlatform(opts: { modelUrl: string; config?: Partial<KeelConfigInput>; worker?: 'in-process' | 'none'; workflows?: boolean; consoleDir?: string }): Promise<TestPlatform> {
  const env = await startTemporal();
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-test-'));
  const config = KeelConfigSchema.parse({
    dataDir,
    ...opts.config,
    temporal: { address: env.connection.options.address, payloadKeys: TEST_PAYLOAD_KEYS, ...opts.config?.temporal },
    // Suites drive one tenant far faster than any client (property tests, tight polling); the ones
    // about the limit configure `api.rateLimit` themselves.
    api: { rateLimit: { enabled: false }, ...opts.config?.api },
    router: {
      deployments: [{ id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: opts.modelUrl, scrapeMetrics: false }],
      models: { [TEST_MODEL]: { deployments: ['standin'] } },
      ...opts.config?.router,
    },
  });
  const loaded = { config, baseDir: dataDir };
  const runtime = await buildRuntime(loaded);
  const { api } = await createApiServer({ config, runtime, temporal: env.client, dataDir, consoleDir: opts.consoleDir ?? false });

  const t1 = await runtime.store.tenants.create('acme');
  const t2 = await runtime.store.tenants.create('globex');
  const tenant = { id: t1.id, key: (await runtime.store.tenants.createApiKey(t1.id)).key };
  const otherTenant = { id: t2.id, key: (await runtime.store.tenants.createApiKey(t2.id)).key };

  let worker: Worker | undefined;
  let workerDone: Promise<void> | undefined;
  let workflowsWorker: Worker | undefined;
  let workflowsWorkerDone: Promise<void> | undefined;
  const children = new Set<ChildProcess>();

  const platform: TestPlatform = {
    env,
    config,
    dataDir,
    runtime,
    api,
    tenant,
    otherTenant,
    auth: (key = tenant.key) => ({ authorization: `Bearer ${key}` }),

    async startInProcessWorker() {
      worker = await createKeelWorker({
        connection: env.nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueues.agents,
        deps: runtime,
        tracing: runtime.tracingHooks,
        payloadCodec: runtime.payloadCodec,
        workflowBundlePath: workflowBundlePath(),
      });
      workerDone = worker.run();
      if (opts.workflows) {
        workflowsWorker = await createKeelWorker({
          connection: env.nativeConnection,
          namespace: config.temporal.namespace,
          taskQueue: config.temporal.taskQueues.workflows,
          deps: runtime,
          role: 'workflows',
          retriever: runtime.retriever,
          tracing: runtime.tracingHooks,
          payloadCodec: runtime.payloadCodec,
          workflowBundlePath: workflowBundlePath(),
        });
        workflowsWorkerDone = workflowsWorker.run();
      }
    },

    async stopInProcessWorker() {
      if (workflowsWorker) {
        workflowsWorker.shutdown();
        await workflowsWorkerDone;
        workflowsWorker = undefined;
      }
      if (!worker) return;
      worker.shutdown();
      await workerDone;
      worker = undefined;
    },

    /** A worker in its own process, configured through a keel.yaml like production. */
    async spawnWorker(extraEnv = {}) {
      const file = join(dataDir, `keel-${children.size}.yaml`);
      const { tracing: _resolvedFromEnv, ...rest } = config;
      writeFileSync(file, toYaml({ ...rest, dataDir }));
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'services/worker/main.ts')], {
        cwd: root,
        env: { ...process.env, KEEL_CONFIG: file, KEEL_WORKFLOW_BUNDLE: workflowBundlePath(), ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      child.on('exit', () => children.delete(child));
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      await new Promise<void>((ok, fail) => {
        child.stdout!.on('data', (d) => String(d).includes('worker ready') && ok());
        child.on('exit', (code) => fail(new Error(`worker exited with ${code}: ${stderr}`)));
      });
      return child;
    },

    async close() {
      for (const c of children) c.kill('SIGKILL');
      await platform.stopInProcessWorker();
      await api.close();
      await runtime.close();
      await env.teardown();
    },
  };
  if (opts.worker !== 'none') await platform.startInProcessWorker();
  return platform;
}

/** Polls until the predicate holds (no timing assertion: the test's own timeout bounds it). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, intervalMs = 100): Promise<T> {
  for (;;) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
