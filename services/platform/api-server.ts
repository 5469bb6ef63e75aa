// The API process's parts, shared by `keel start` and the API-only entry point: the domain
// services over the runtime, the /v1 routes and the MCP endpoints.
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import type { KeelConfig } from '../config';
import { agentRegistry, conversationService, runService } from '../agents';
import { buildApi, runStreamHub } from '../api';
import { replayService } from '../replay';
import { versionService } from '../versions';
import { workflowRunService, workflowSchedules } from '../workflows';
import { usageReport } from '../usage';
import { apiKeyService } from '../keys';
import { ingestIntake, ingestJobs } from '../ingest';
import { tenantChecks, workflowRegistry, type TenantChecks } from '../workflows';
import { platformMcpRoutes } from '../../mcp-servers/platform/fastify';
import { knowledgeMcpRoutes } from '../../mcp-servers/knowledge/fastify';
import type { Runtime } from './runtime';
import { readinessChecks } from './readiness';
import { defaultConsoleDir } from './console-dir';

export interface ApiServerDeps {
  config: KeelConfig;
  /** The services the routes use (the same runtime the workers build). */
  runtime: Runtime;
  temporal: Client;
  dataDir: string;
  /** fastify logger options (tests); production passes `loggerInstance` (createKeelLogger). */
  logger?: boolean | object;
  loggerInstance?: FastifyBaseLogger;
  /** The built console to serve at /console (default: dist/console under the project root); false for none. */
  consoleDir?: string | false;
  /** The Temporal Web UI's base URL (the dev server's, under `keel start`), for the console's links. */
  temporalUiUrl?: string;
}

export async function createApiServer({ config, runtime, temporal, dataDir, logger, loggerInstance, consoleDir, temporalUiUrl }: ApiServerDeps) {
  const { store, audit } = runtime;
  const registry = agentRegistry(store, audit);
  // Schedules share the run client (and so its encrypted data converter).
  const schedules = workflowSchedules({ store, temporal, config });
  const workflows = workflowRegistry({
    store, audit, checks: (tenantId) => workflowTenantChecks(runtime, tenantId),
    reconcileSchedules: (tenantId, name) => schedules.reconcile(tenantId, name),
  });
  const runs = runService({ store, temporal, config, audit });
  const runStreams = runStreamHub({
    bus: runtime.bus,
    stored: (tenantId, runId, afterId) => runs.events(tenantId, runId, afterId, { live: false }),
    onError: (err, runId) => api.log.warn({ err, runId }, 'run stream check failed'),
  });
  const api = await buildApi({
    store,
    logger,
    loggerInstance,
    rateLimit: { config: config.api.rateLimit },
    codecCorsOrigins: config.api.codec.corsOrigins,
    readiness: readinessChecks(runtime, temporal),
    temporalUi: temporalUiUrl ? `${temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/` : undefined,
    secureCookies: config.api.publicUrl?.startsWith('https://') ?? false,
    consoleDir: consoleDir === false ? undefined : consoleDir ?? defaultConsoleDir(),
    services: {
      registry,
      versions: versionService({
        store, audit,
        onLabelsChanged: async (tenantId, kind, name) => kind === 'workflow' && schedules.reconcile(tenantId, name),
      }),
      workflows,
      workflowSchedules: schedules,
      runs,
      conversations: conversationService({ store, temporal, config, audit }),
      runStreams,
      router: runtime.router,
      usageRecorder: runtime.usage,
      usage: usageReport(runtime.store.usage),
      routerMedia: config.router.media,
      audit,
      traces: { tracing: config.tracing, store: runtime.recorder.localStore, dataDir },
      replays: replayService({ store, runs, config, audit, readTrace: runtime.readTrace }),
      search: { retriever: runtime.retriever, store: runtime.vectors },
      ingest: ingestIntake({ jobs: ingestJobs(temporal, { taskQueue: config.temporal.taskQueues.ingest }), blobs: runtime.blobs, config: config.ingest, access: runtime.sourceAccess }),
      tools: { registry: runtime.toolServers, pool: runtime.mcp, resolveServer: runtime.resolveServer },
      secrets: runtime.secrets,
      keys: apiKeyService({ store, audit }),
      codec: { codec: runtime.payloadCodec, operatorTenants: config.api.codec.operatorTenants },
      workflowRuns: workflowRunService({ store, temporal, config, audit }),
    },
    plugins: [
      { plugin: platformMcpRoutes, options: { registry, runs } },
      { plugin: knowledgeMcpRoutes, options: { store: runtime.vectors, retriever: runtime.retriever } },
    ],
  });
  api.addHook('onClose', () => runStreams.close());
  return { api, registry, workflows, schedules, runs, runStreams };
}

/** What workflow registration asks about a tenant, answered from the runtime's store, router, vector store and MCP servers. */
function workflowTenantChecks(runtime: Runtime, tenantId: string): TenantChecks {
  return tenantChecks({
    definitions: runtime.store.definitions,
    models: () => runtime.router.listModels().map((m) => m.id),
    collections: async (tenant) => (await runtime.vectors.listCollections(tenant)).map((c) => c.name),
    builtinServers: runtime.builtinServers,
    resolveServer: runtime.resolveServer,
    pool: runtime.mcp,
  }, tenantId);
}
