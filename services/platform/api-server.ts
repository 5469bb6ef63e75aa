// The API process's parts, shared by `keel start` and the API-only entry point.
import type { Client } from '@temporalio/client';
import type { KeelConfig } from '../config';
import type { Runtime } from '../worker/runtime';
import { agentRegistry, runService } from '../agents';
import { buildApi } from '../api';
import { gatewayRoutes } from '../api/routes/gateway';
import { metricsRoutes } from '../api/routes/metrics';
import { auditRoutes } from '../api/routes/audit';
import { traceRoutes } from '../api/routes/traces';
import { replayRoutes } from '../api/routes/replays';
import { toolRoutes } from '../api/routes/tools';
import { replayService } from '../replay';
import { retrievalRoutes } from '../retrieval';
import { ingestJobs, ingestRoutes } from '../ingest';
import { platformMcpRoutes } from '../../mcp-servers/platform/fastify';
import { knowledgeMcpRoutes } from '../../mcp-servers/knowledge/fastify';

export interface ApiServerDeps {
  config: KeelConfig;
  /** The services the routes use (the same runtime the workers build). */
  runtime: Runtime;
  temporal: Client;
  dataDir: string;
  logger?: boolean | object;
}

export async function createApiServer({ config, runtime, temporal, dataDir, logger }: ApiServerDeps) {
  const { store, audit } = runtime;
  const registry = agentRegistry(store, audit);
  const runs = runService({ store, temporal, config, audit });
  const api = await buildApi({
    store,
    registry,
    runs,
    logger,
    plugins: [
      { plugin: gatewayRoutes, options: { router: runtime.router } },
      { plugin: auditRoutes, options: { audit } },
      { plugin: traceRoutes, options: { tracing: config.tracing, store: runtime.recorder.localStore, dataDir } },
      { plugin: replayRoutes, options: { replays: replayService({ store, runs, config, audit, readTrace: runtime.readTrace }) } },
      { plugin: retrievalRoutes, options: { retriever: runtime.retriever, store: runtime.vectors } },
      {
        plugin: ingestRoutes,
        options: { jobs: ingestJobs(temporal, { taskQueue: config.temporal.taskQueues.ingest }), blobs: runtime.blobs, config: config.ingest },
      },
      { plugin: toolRoutes, options: { registry: runtime.toolServers, pool: runtime.mcp, resolveServer: runtime.resolveServer } },
      { plugin: platformMcpRoutes, options: { registry, runs } },
      { plugin: knowledgeMcpRoutes, options: { store: runtime.vectors, retriever: runtime.retriever } },
    ],
    publicPlugins: [{ plugin: metricsRoutes }],
  });
  return { api, registry, runs };
}
