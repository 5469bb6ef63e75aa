// Every /v1 route, registered in one place. A service left out (a test's partial API, a process
// without ingestion) leaves its routes out.
import type { FastifyPluginAsync } from 'fastify';
import type { AgentRegistry, ConversationService, RunService } from '../../agents';
import type { AuditLog } from '../../audit';
import type { IngestIntake } from '../../ingest';
import type { ApiKeyService } from '../../keys';
import type { ReplayService } from '../../replay';
import type { Retriever } from '../../retrieval';
import type { TenantSecrets } from '../../secrets';
import type { ModelRouter } from '../../router';
import type { RouterConfig } from '../../router/config';
import { modelCallBodyLimit } from '../model-calls';
import type { UsageRecorder, UsageReporter } from '../../usage';
import type { VectorStore } from '../../vector';
import type { RunStreamHub } from '../run-streams';
import type { VersionService } from '../../versions';
import type { WorkflowRegistry, WorkflowRunService, WorkflowSchedules } from '../../workflows';
import { agentRoutes } from './agents';
import { auditRoutes } from './audit';
import { collectionRoutes } from './collections';
import { conversationRoutes } from './conversations';
import { gatewayRoutes } from './gateway';
import { ingestRoutes } from './ingest';
import { keyRoutes } from './keys';
import { messagesRoutes } from './messages';
import { replayRoutes } from './replays';
import { runEventRoutes } from './run-events';
import { runRoutes } from './runs';
import { secretRoutes } from './secrets';
import { toolRoutes, type ToolRoutesOptions } from './tools';
import { traceRoutes, type TraceRouteOptions } from './traces';
import { usageRoutes } from './usage';
import { versionRoutes } from './versions';
import { codecRoutes, type CodecRouteOptions } from './codec';
import { workflowRunRoutes } from './workflow-runs';
import { workflowRoutes } from './workflows';

export interface ApiServices {
  registry?: AgentRegistry;
  /** Versions, labels and diffs of versioned definitions (agents' routes, with the registry). */
  versions?: VersionService;
  /** Registered workflow definitions (their version routes too, with `versions`). */
  workflows?: WorkflowRegistry;
  /** Registered workflows' Temporal Schedules (GET /workflows/:name/schedules, with `workflows`). */
  workflowSchedules?: WorkflowSchedules;
  runs?: RunService;
  conversations?: ConversationService;
  /** Run event streams over the stream bus (GET /runs/:id/events needs it beside `runs`). */
  runStreams?: RunStreamHub;
  /** The OpenAI-compatible gateway and the Anthropic Messages API. */
  router?: ModelRouter;
  /** Where the gateway routes record each model call's usage (services/usage). */
  usageRecorder?: UsageRecorder;
  /** GET /usage: the tenant's model usage and cost. */
  usage?: UsageReporter;
  /** The router's media limits (`router.media`), from which the model-call routes' body limit follows. */
  routerMedia?: RouterConfig['media'];
  audit?: AuditLog;
  traces?: TraceRouteOptions;
  replays?: ReplayService;
  search?: { retriever: Retriever; store: VectorStore };
  ingest?: IngestIntake;
  tools?: ToolRoutesOptions;
  /** Write-only tenant secrets. */
  secrets?: TenantSecrets;
  /** The caller's tenant's API keys. */
  keys?: ApiKeyService;
  /** The Temporal codec endpoint (decrypts payloads for the operator's tenants). */
  codec?: CodecRouteOptions;
  /** Runs of registered workflows (POST /workflows/:name/runs; the runs routes read them). */
  workflowRuns?: WorkflowRunService;
}

export const v1Routes: FastifyPluginAsync<ApiServices> = async (app, s) => {
  if (s.registry) await app.register(agentRoutes, { registry: s.registry });
  if (s.versions) await app.register(versionRoutes, { versions: s.versions, kind: 'agent', collection: 'agents', noun: 'Agent', writeScope: 'agents:write' });
  if (s.workflows) {
    await app.register(workflowRoutes, { registry: s.workflows, ...(s.workflowSchedules ? { schedules: s.workflowSchedules } : {}) });
    if (s.versions) await app.register(versionRoutes, { versions: s.versions, kind: 'workflow', collection: 'workflows', noun: 'Workflow', writeScope: 'workflows:write' });
  }
  if (s.runs) {
    await app.register(runRoutes, { runs: s.runs });
    if (s.runStreams) await app.register(runEventRoutes, { runs: s.runs, streams: s.runStreams });
  }
  if (s.conversations) await app.register(conversationRoutes, { conversations: s.conversations });
  if (s.router) {
    const bodyLimit = modelCallBodyLimit(s.routerMedia);
    await app.register(gatewayRoutes, { router: s.router, bodyLimit, usage: s.usageRecorder });
    await app.register(messagesRoutes, { router: s.router, bodyLimit, usage: s.usageRecorder });
  }
  if (s.audit) await app.register(auditRoutes, { audit: s.audit });
  if (s.usage) await app.register(usageRoutes, { usage: s.usage });
  if (s.traces) await app.register(traceRoutes, s.traces);
  if (s.replays) await app.register(replayRoutes, { replays: s.replays });
  if (s.search) await app.register(collectionRoutes, s.search);
  if (s.ingest) await app.register(ingestRoutes, { intake: s.ingest });
  if (s.tools) await app.register(toolRoutes, s.tools);
  if (s.secrets) await app.register(secretRoutes, { secrets: s.secrets });
  if (s.keys) await app.register(keyRoutes, { keys: s.keys });
  if (s.codec) await app.register(codecRoutes, s.codec);
  if (s.workflowRuns) await app.register(workflowRunRoutes, { workflowRuns: s.workflowRuns });
};
