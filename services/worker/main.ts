// A standalone worker process (production, docker-compose, crash tests): `tsx services/worker/main.ts`.
// KEEL_WORKER_ROLES=agents,ingest (the default) picks the task queues it serves.
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { buildRuntime } from '../platform';
import { createKeelWorkers, runWorkers, type WorkerRole } from './index';

async function main() {
  const loaded = loadConfig();
  const { temporal } = loaded.config;
  const roles = (process.env.KEEL_WORKER_ROLES ?? 'agents,ingest').split(',').map((r) => r.trim()) as WorkerRole[];
  const unknown = roles.filter((r) => r !== 'agents' && r !== 'ingest');
  if (unknown.length > 0) throw new Error(`KEEL_WORKER_ROLES: unknown role ${unknown.join(', ')} (agents, ingest)`);
  const address = temporal.address ?? `127.0.0.1:${temporal.devServer.port}`;
  const connection = await NativeConnection.connect({ address });
  const runtime = await buildRuntime(loaded);
  const workers = await createKeelWorkers({ connection, config: loaded.config, runtime, roles });
  process.stdout.write(`worker ready on ${address} roles=${roles.join(',')}\n`);
  await runWorkers(workers);
  await runtime.close();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
