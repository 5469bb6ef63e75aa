// A standalone worker process (production, docker-compose, crash tests): `node dist/services/worker/main.js`
// after `npm run build`, or `tsx services/worker/main.ts` from the sources.
import { NativeConnection } from '@temporalio/worker';
import { configEnvUsage, loadConfig } from '../config';
import { buildRuntime, installTemporalLogging } from '../platform';
import { WORKER_ROLES, createKeelWorkers, runWorkers, type WorkerRole } from './index';

const USAGE = `Usage: node dist/services/worker/main.js

Runs Keel's Temporal workers (agent runs, registered workflows, ingestion) against a running Temporal until SIGINT or SIGTERM.

Environment (over keel.yaml):
  KEEL_WORKER_ROLES      the task queues to serve: agents, workflows, ingest (default: all three)
  KEEL_LOG_LEVEL         Temporal's worker logs as JSON lines on stdout: trace … error, silent (default: warn)
  KEEL_WORKFLOW_BUNDLE   a prebuilt workflow bundle (default: dist/workflow-bundle.js from \`npm run build\`,
                         else workflows/ is bundled at start-up)
${configEnvUsage()}
`;

async function main() {
  installTemporalLogging();
  const loaded = loadConfig();
  const { temporal } = loaded.config;
  const roles = (process.env.KEEL_WORKER_ROLES ?? WORKER_ROLES.join(',')).split(',').map((r) => r.trim()) as WorkerRole[];
  const unknown = roles.filter((r) => !WORKER_ROLES.includes(r));
  if (unknown.length > 0) throw new Error(`KEEL_WORKER_ROLES: unknown role ${unknown.join(', ')} (${WORKER_ROLES.join(', ')})`);
  const address = temporal.address ?? `127.0.0.1:${temporal.devServer.port}`;
  const connection = await NativeConnection.connect({ address });
  const runtime = await buildRuntime(loaded);
  const workers = await createKeelWorkers({ connection, config: loaded.config, runtime, roles });
  process.stdout.write(`worker ready on ${address} roles=${roles.join(',')}\n`);
  await runWorkers(workers);
  await runtime.close();
  await connection.close();
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE);
} else {
  main().catch((err) => {
    process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
