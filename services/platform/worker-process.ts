// A worker process on its own (production, docker compose, `keel worker`): Temporal workers for the
// chosen task-queue roles against a running Temporal until SIGINT or SIGTERM, which drain them.
import { NativeConnection } from '@temporalio/worker';
import type { LoadedConfig } from '../config';
import { createKeelWorkers, runWorkers, type WorkerRole } from '../worker';
import { buildRuntime } from './runtime';

export async function runWorkerProcess(loaded: LoadedConfig, roles: WorkerRole[], log: (line: string) => void): Promise<void> {
  const { temporal } = loaded.config;
  const address = temporal.address ?? `127.0.0.1:${temporal.devServer.port}`;
  const connection = await NativeConnection.connect({ address });
  const runtime = await buildRuntime(loaded);
  try {
    const workers = await createKeelWorkers({ connection, config: loaded.config, runtime, roles });
    log(`worker ready on ${address} roles=${roles.join(',')} payload key=${runtime.payloadCodec.currentKeyId}`);
    await runWorkers(workers);
  } finally {
    await runtime.close();
    await connection.close();
  }
}
