// The API process's parts, shared by `keel start` and the API-only entry point.
import type { Client } from '@temporalio/client';
import type { KeelConfig } from '../config';
import type { Store } from '../store';
import type { ModelRouter } from '../router/types';
import type { AuditLog } from '../audit';
import type { LocalTraceStore } from '../tracing';
import { agentRegistry, runService } from '../agents';
import { buildApi } from '../api';
import { gatewayRoutes } from '../api/routes/gateway';
import { metricsRoutes } from '../api/routes/metrics';
import { auditRoutes } from '../api/routes/audit';
import { traceRoutes } from '../api/routes/traces';
import { replayRoutes } from '../api/routes/replays';
import { replayService } from '../replay';
import { readTrace } from '../tracing';
import { retrievalRoutes, type Retriever } from '../retrieval';
import { ingestJobs, ingestRoutes, type BlobStore } from '../ingest';
import type { VectorStore } from '../vector';
import type { McpPool, ToolServerRegistry } from '../mcp';
import type { ToolServerResolver } from '../../activities';
import { toolRoutes } from '../api/routes/tools';
import { platformMcpRoutes } from '../../mcp-servers/platform/fastify';
import { knowledgeMcpRoutes } from '../../mcp-servers/knowledge/fastify';

export interface ApiServerDeps {
  config: KeelConfig;
  store: Store;
  temporal: Client;
  router: ModelRouter;
  audit: AuditLog;
  /** The local trace store (the recorder's, when this process also records). */
  traces?: LocalTraceStore;
  vectors: VectorStore;
  retriever: Retriever;
  blobs: BlobStore;
  toolServers: ToolServerRegistry;
  mcp: McpPool;
  resolveServer: ToolServerResolver;
  dataDir: string;
  logger?: boolean | object;
}

export async function createApiServer(deps: ApiServerDeps) {
  const registry = agentRegistry(deps.store, deps.audit);
  const runs = runService({ store: deps.store, temporal: deps.temporal, config: deps.config, audit: deps.audit });
  const api = await buildApi({
    store: deps.store,
    registry,
    runs,
    logger: deps.logger,
    plugins: [
      { plugin: gatewayRoutes, options: { router: deps.router } },
      { plugin: auditRoutes, options: { audit: deps.audit } },
      { plugin: traceRoutes, options: { tracing: deps.config.tracing, store: deps.traces, dataDir: deps.dataDir } },
      {
        plugin: replayRoutes,
        options: {
          replays: replayService({
            store: deps.store, runs, config: deps.config, audit: deps.audit,
            readTrace: (traceId, from) => readTrace(traceId, { from, config: deps.config.tracing, store: deps.traces, dataDir: deps.dataDir }),
          }),
        },
      },
      { plugin: retrievalRoutes, options: { retriever: deps.retriever, store: deps.vectors } },
      {
        plugin: ingestRoutes,
        options: { jobs: ingestJobs(deps.temporal, { taskQueue: deps.config.temporal.taskQueues.ingest }), blobs: deps.blobs, config: deps.config.ingest },
      },
      { plugin: toolRoutes, options: { registry: deps.toolServers, pool: deps.mcp, resolveServer: deps.resolveServer } },
      { plugin: platformMcpRoutes, options: { registry, runs } },
      { plugin: knowledgeMcpRoutes, options: { store: deps.vectors, retriever: deps.retriever } },
    ],
    publicPlugins: [{ plugin: metricsRoutes }],
  });
  return { api, registry, runs };
}
