// A worker process on its own (production, docker compose, `keel worker`): Temporal workers for the
// chosen task-queue roles against a running Temporal until SIGINT or SIGTERM, which drain them
// (polling stops; in-flight activities get `worker.shutdownGraceSeconds` to finish). With
// `worker.health.port` set it serves `/livez` and `/readyz` (the API's dependencies plus its workers' state).
import type { Worker } from '@temporalio/worker';
import { NativeConnection } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../config';
import { buildHealthServer } from '../api';
import { createKeelWorkers, runWorkers, type WorkerRole } from '../worker';
import { buildRuntime } from './runtime';
import { workerReadinessChecks } from './readiness';

const WORKER_READINESS =
  'Readiness: the store, Temporal, the vector store, the blob store, the stream bus (when it is a broker) and this process\'s Temporal workers ' +
  '(running, not draining); a healthy model deployment is reported too, as advisory (degraded, still ready)';

export async function runWorkerProcess(loaded: LoadedConfig, roles: WorkerRole[], log: (line: string) => void): Promise<void> {
  const { temporal, worker: settings } = loaded.config;
  const address = temporal.address ?? `127.0.0.1:${temporal.devServer.port}`;
  const connection = await NativeConnection.connect({ address });
  const runtime = await buildRuntime(loaded);
  let workers: Worker[] = [];
  let health: FastifyInstance | undefined;
  try {
    if (settings.health.port > 0) {
      health = await buildHealthServer(workerReadinessChecks(runtime, connection, temporal.namespace, () => workers), WORKER_READINESS);
      await health.listen({ host: settings.health.host, port: settings.health.port });
      log(`worker health on http://${settings.health.host}:${settings.health.port} (/livez, /readyz)`);
    }
    workers = await createKeelWorkers({ connection, config: loaded.config, runtime, roles });
    log(`worker ready on ${address} roles=${roles.join(',')} payload key=${runtime.payloadCodec.currentKeyId} pid=${process.pid}`);
    await runWorkers(workers);
    log('worker drained and stopped');
  } finally {
    await health?.close();
    await runtime.close();
    await connection.close();
  }
}
