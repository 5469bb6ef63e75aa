// The API as its own process (production, docker-compose): `node dist/services/api/main.js` after
// `npm run build`, or `tsx services/api/main.ts` from the sources.
// Needs a running Temporal (TEMPORAL_ADDRESS); workers run separately (services/worker/main.ts).
import { Client, Connection } from '@temporalio/client';
import { configEnvUsage, loadConfig, resolveDataPath } from '../config';
import { buildRuntime, createApiServer, createKeelLogger, keelLogLevel } from '../platform';
import { encryptedDataConverter } from '../temporal';

const USAGE = `Usage: node dist/services/api/main.js

Serves Keel's HTTP API against a running Temporal; the workers run as their own processes
(dist/services/worker/main.js). Stops on SIGINT or SIGTERM.

Environment (over keel.yaml):
  KEEL_LOG_LEVEL         trace, debug, info (default), warn, error, fatal or silent: JSON lines on stdout
  (KEEL_PAYLOAD_KEYS below: the API and every worker need the same ring)
${configEnvUsage()}
`;

async function main() {
  const loaded = loadConfig();
  const { config } = loaded;
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
  const connection = await Connection.connect({ address });
  const runtime = await buildRuntime(loaded);
  const { api, schedules } = await createApiServer({
    config, runtime, dataDir: resolveDataPath(loaded),
    temporal: new Client({ connection, namespace: config.temporal.namespace, dataConverter: encryptedDataConverter(runtime.payloadCodec) }),
    loggerInstance: createKeelLogger({ level: keelLogLevel('info'), base: { service: 'api' } }),
  });
  // Every tenant's workflow schedules made to match their versions: repairs what a crash between a
  // label change and its schedules left behind. A failure is logged; the next change or start retries.
  const reconciled = await schedules.reconcileAll();
  for (const f of reconciled.failed) api.log.warn({ tenantId: f.tenantId, workflow: f.name, err: f.error }, 'workflow schedules not reconciled');
  await api.listen({ host: config.api.host, port: config.api.port });
  const stop = async () => {
    await api.close();
    await runtime.close();
    await connection.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE);
} else {
  main().catch((err) => {
    process.stderr.write(`api failed: ${err instanceof Error ? err.message : err}\n`);
    process.exit(1);
  });
}
