// The API as its own process (production, docker-compose): `node --import tsx services/api/main.ts`.
// Needs a running Temporal (TEMPORAL_ADDRESS); workers run separately (services/worker/main.ts).
import { Client, Connection } from '@temporalio/client';
import { loadConfig, resolveDataPath } from '../config';
import { buildRuntime, createApiServer } from '../platform';

async function main() {
  const loaded = loadConfig();
  const { config } = loaded;
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
  const connection = await Connection.connect({ address });
  const runtime = await buildRuntime(loaded);
  const { api } = await createApiServer({
    config, runtime, dataDir: resolveDataPath(loaded),
    temporal: new Client({ connection, namespace: config.temporal.namespace }), logger: { level: 'info' },
  });
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

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
