// A standalone worker process (production, docker-compose, crash tests): `tsx services/worker/main.ts`.
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { buildRuntime, createKeelWorker } from './index';

async function main() {
  const loaded = loadConfig();
  const { temporal } = loaded.config;
  const address = temporal.address ?? `127.0.0.1:${temporal.devServer.port}`;
  const connection = await NativeConnection.connect({ address });
  const runtime = await buildRuntime(loaded);
  const worker = await createKeelWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueues.agents,
    deps: runtime,
    tracing: runtime.tracingHooks,
  });
  process.stdout.write(`worker ready on ${address} queue=${temporal.taskQueues.agents}\n`);
  await worker.run();
  await runtime.close();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
