// The API as its own process (production, docker-compose): `node --import tsx services/api/main.ts`.
// Needs a running Temporal (TEMPORAL_ADDRESS); workers run separately (services/worker/main.ts).
import { Client, Connection } from '@temporalio/client';
import { loadConfig, resolveDataPath } from '../config';
import { openStore } from '../store';
import { createRouter } from '../router';
import { createApiServer } from '../platform/api-server';
import { auditLog } from '../audit';

async function main() {
  const loaded = loadConfig();
  const { config } = loaded;
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
  const connection = await Connection.connect({ address });
  const store = await openStore(config.store.url, resolveDataPath(loaded));
  const router = createRouter(config.router);
  const { api } = await createApiServer({
    config, store, router, audit: auditLog(store.db), dataDir: resolveDataPath(loaded),
    temporal: new Client({ connection, namespace: config.temporal.namespace }), logger: { level: 'info' },
  });
  await api.listen({ host: config.api.host, port: config.api.port });
  const stop = async () => {
    await api.close();
    await router.close();
    await store.close();
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
