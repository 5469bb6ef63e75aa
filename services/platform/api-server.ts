// The API process's parts, shared by `keel start` and the API-only entry point.
import type { Client } from '@temporalio/client';
import type { KeelConfig } from '../config';
import type { Store } from '../store';
import type { ModelRouter } from '../router/types';
import { agentRegistry, runService } from '../agents';
import { buildApi } from '../api';
import { gatewayRoutes } from '../api/routes/gateway';
import { metricsRoutes } from '../api/routes/metrics';

export interface ApiServerDeps {
  config: KeelConfig;
  store: Store;
  temporal: Client;
  router: ModelRouter;
  logger?: boolean | object;
}

export async function createApiServer(deps: ApiServerDeps) {
  const registry = agentRegistry(deps.store);
  const runs = runService({ store: deps.store, temporal: deps.temporal, config: deps.config });
  const api = await buildApi({
    store: deps.store,
    registry,
    runs,
    logger: deps.logger,
    plugins: [{ plugin: gatewayRoutes, options: { router: deps.router } }],
    publicPlugins: [{ plugin: metricsRoutes }],
  });
  return { api, registry, runs };
}
