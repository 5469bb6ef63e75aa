// `keel start`: Temporal (embedded dev server unless TEMPORAL_ADDRESS is set), the worker and the
// API in one process tree. Stopping shuts them down in reverse order.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { resolveDataPath, type LoadedConfig } from '../config';
import { encryptedDataConverter, inProcessClient, startDevServer, type DevServer } from '../temporal';
import { createKeelWorkers, runWorkers } from '../worker';
import { checkRouterHealth, type DeploymentCheck } from '../router';
import { buildRuntime } from './runtime';
import { createApiServer } from './api-server';
import { ensureDefaultCredentials, loadExampleAgents, loadExampleWorkflows, type ExampleWorkflows } from './bootstrap';
import { createKeelLogger, installTemporalLogging, keelLogLevel } from './logging';

export interface RunningPlatform {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  apiKey: string;
  examples: Array<{ name: string; version: number; created: boolean }>;
  exampleWorkflows: ExampleWorkflows;
  /** Each deployment's probe at start (reachable, serves its model). */
  models: DeploymentCheck[];
  stop(): Promise<void>;
}

export async function startEmbeddedPlatform(loaded: LoadedConfig, log: (msg: string) => void): Promise<RunningPlatform> {
  const { config } = loaded;
  const dataDir = resolveDataPath(loaded);
  mkdirSync(dataDir, { recursive: true });
  const level = keelLogLevel('warn');
  installTemporalLogging(createKeelLogger({ level, base: { service: 'worker' } }));
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log(`shutdown: ${(err as Error).message}`));
  };
  try {
    let devServer: DevServer | undefined;
    let address = config.temporal.address;
    if (!address) {
      log(`starting the Temporal dev server (${resolve(dataDir, 'temporal.db')})`);
      devServer = await startDevServer({
        cliPath: config.temporal.devServer.cliPath,
        dbFile: resolve(dataDir, 'temporal.db'),
        port: config.temporal.devServer.port,
        uiPort: config.temporal.devServer.uiPort,
        namespace: config.temporal.namespace,
        pidFile: resolve(dataDir, 'temporal.pid'),
        onNotice: log,
      });
      stops.push(() => devServer!.stop());
      address = devServer.address;
    }
    const runtime = await buildRuntime(loaded);
    stops.push(() => runtime.close());
    const workerConnection = await NativeConnection.connect({ address });
    stops.push(() => workerConnection.close());
    // One connection for the workers and the API's client: runs start eagerly on this process's workers.
    const client = inProcessClient(workerConnection, config.temporal.namespace, encryptedDataConverter(runtime.payloadCodec));

    const workers = await createKeelWorkers({ connection: workerConnection, config, runtime, shutdownSignals: [] });
    const workersDone = runWorkers(workers);
    stops.push(async () => {
      workers.forEach((w) => w.shutdown());
      await workersDone;
    });

    const { api, registry, workflows, schedules } = await createApiServer({ config, runtime, temporal: client, dataDir, temporalUiUrl: devServer?.uiUrl, loggerInstance: createKeelLogger({ level, base: { service: 'api' } }) });
    const creds = await ensureDefaultCredentials(runtime.store, dataDir);
    const examplesDir = resolve(loaded.baseDir, config.examplesDir);
    const examples = await loadExampleAgents(registry, creds.tenantId, examplesDir);
    const exampleWorkflows = await loadExampleWorkflows(workflows, creds.tenantId, examplesDir);
    // Repairs schedules a crash between a label change and its schedules left behind.
    const reconciled = await schedules.reconcileAll();
    for (const f of reconciled.failed) log(`schedules of workflow ${f.name} (tenant ${f.tenantId}) not reconciled: ${f.error}`);

    const models = await checkRouterHealth(runtime.router, 2_000);
    await api.listen({ host: config.api.host, port: config.api.port });
    stops.push(() => api.close());
    const bound = api.server.address();
    const port = typeof bound === 'object' && bound ? bound.port : config.api.port;
    return {
      apiUrl: config.api.publicUrl ?? `http://${config.api.host}:${port}`,
      temporalAddress: address,
      temporalUiUrl: devServer?.uiUrl,
      apiKey: creds.apiKey,
      examples,
      exampleWorkflows,
      models,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export { buildRuntime, BUILTIN_SERVERS, type Runtime } from './runtime';
export { createApiServer, type ApiServerDeps } from './api-server';
export { createKeelLogger, installTemporalLogging, keelLogLevel, temporalLogger, type KeelLogger, type KeelLoggerOptions } from './logging';
export { ensureDefaultCredentials, loadExampleAgents, loadExampleWorkflows, readSavedCredentials, type Credentials, type ExampleWorkflows } from './bootstrap';
export { modelBannerLines } from './model-banner';
export { runWorkerProcess } from './worker-process';
