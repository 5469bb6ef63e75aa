// keel.yaml: one zod schema composed from each service's own section.
import { z } from 'zod';
import { RouterConfigSchema } from '../router/config';
import { HttpServerSpec, StdioServerSpec } from '../mcp/types';
import { McpConfig } from '../mcp/config';
import { TracingConfigSchema } from '../tracing/config';
import { VectorConfigSchema } from '../vector/config';
import { IngestConfigSchema } from '../ingest/config';
import { RetrievalConfigSchema } from '../retrieval/config';
import { RateLimitConfigSchema } from '../api/config';
import { BusConfigSchema } from '../bus/config';
import { UsageConfigSchema } from '../usage/config';
import { WorkerConfigSchema } from '../worker/config';

export const TemporalConfigSchema = z.object({
  /** Set: use this server and start none. Unset: `keel start` runs the embedded dev server. */
  address: z.string().optional(),
  namespace: z.string().default('default'),
  devServer: z
    .object({
      port: z.number().int().positive().default(7233),
      uiPort: z.number().int().positive().default(8233),
      cliPath: z.string().optional(),
    })
    .prefault({}),
  taskQueues: z
    .object({ agents: z.string().default('keel-agents'), ingest: z.string().default('keel-ingest'), workflows: z.string().default('keel-workflows') })
    .prefault({}),
  /**
   * The payload encryption key ring, `id:base64key,…` (or a list of `id:base64key`): the first
   * encrypts, all decrypt. KEEL_PAYLOAD_KEYS wins; with neither, `<dataDir>/payload.keys` is generated.
   */
  payloadKeys: z.union([z.string(), z.array(z.string())]).optional(),
});

export const ApiConfigSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Base URL clients use (printed by `keel start`); derived from host/port when unset. */
  publicUrl: z.string().url().optional(),
  /** Per-tenant request rate limit on every authenticated route (on by default: 20/s, burst 100). */
  rateLimit: RateLimitConfigSchema.prefault({}),
  /** The codec endpoint (/v1/codec/decode, /v1/codec/encode) that shows operators decrypted Temporal payloads. */
  codec: z
    .object({
      /**
       * Tenants whose admin keys may use it. Temporal namespaces are shared by every tenant, so a
       * key that decodes can read any tenant's payloads: only the operator's own tenants belong here.
       */
      operatorTenants: z.array(z.string().min(1)).default(['default']),
      /** Browser origins allowed to call it (the Temporal Web UI, e.g. http://localhost:8233). */
      corsOrigins: z.array(z.string().url()).default([]),
    })
    .prefault({}),
});

export const StoreConfigSchema = z.object({
  /** `sqlite:` path (relative to dataDir) or a postgres:// URL. */
  url: z.string().default('sqlite:keel.sqlite'),
});

/** An MCP server spec without its name: the name is the key it is listed under. */
export const McpServerRefSchema = z.discriminatedUnion('transport', [
  StdioServerSpec.omit({ name: true }),
  HttpServerSpec.omit({ name: true }),
]);

export const AgentDefaultsSchema = z.object({
  maxSteps: z.number().int().positive().default(20),
  maxTotalTokens: z.number().int().positive().default(200_000),
  deadlineSeconds: z.number().int().positive().default(3600),
  /** Spend limit of a run in US dollars, for agents that set none (absent: unlimited). */
  maxCostUsd: z.number().positive().optional(),
  /** Continue-as-new after this many steps to keep workflow history small. */
  stepsPerHistory: z.number().int().positive().default(40),
  /**
   * Workflow task timeout of a run. Tool calls run inside workflow tasks (local activities), so
   * while one runs, queries, approvals, cancellation and the deadline wait for the task's next
   * heartbeat, sent at 80% of this. It is also how long a crashed worker's task stays stuck.
   */
  workflowTaskTimeoutSeconds: z.number().int().min(1).max(60).default(3),
  /**
   * How long a model call rides out an outage (every deployment unavailable, throttled, behind an
   * open breaker, timing out) before the run fails with `no_model_reachable`; meanwhile the run is
   * `waiting_for_model`. The router's own fast failover runs inside every attempt.
   */
  modelOutageWindowSeconds: z.number().int().min(1).max(7 * 86_400).default(900),
  /** The longest pause between two attempts of a model call during an outage (backoff doubles from 1 s). */
  modelRetryMaxIntervalSeconds: z.number().int().min(1).max(600).default(30),
  /** A conversation with no new message for this long ends (`expired`); an agent's `conversation.idleSeconds` wins. */
  conversationIdleSeconds: z.number().int().min(1).max(30 * 86_400).default(3600),
  /**
   * Message contents, tool results and model outputs larger than this (UTF-8 bytes) go to the blob
   * store; workflow history carries their reference and size (claim-check).
   */
  inlineContentBytes: z.number().int().min(256).max(32_768).default(2048),
  /** A conversation's context budget when neither the agent (`context.maxTokens`) nor the router knows the model's window. */
  contextMaxTokens: z.number().int().positive().default(128_000),
  /** Bytes of blobs (conversations, tool results, documents) each process keeps cached in memory. */
  blobCacheBytes: z.number().int().min(1_048_576).default(256 * 1024 * 1024),
});

export const KeelConfigSchema = z.object({
  /** Where the embedded stores live (SQLite files, Temporal's database, blobs, traces). */
  dataDir: z.string().default('.keel'),
  environment: z.string().default('development'),
  examplesDir: z.string().default('examples'),
  temporal: TemporalConfigSchema.prefault({}),
  api: ApiConfigSchema.prefault({}),
  store: StoreConfigSchema.prefault({}),
  router: RouterConfigSchema.prefault({}),
  /** MCP servers available to every tenant, by name. */
  mcpServers: z.record(z.string(), McpServerRefSchema).default({}),
  /** MCP client pool and the rules for servers tenants register. */
  mcp: McpConfig.prefault({}),
  agents: AgentDefaultsSchema.prefault({}),
  tracing: TracingConfigSchema.prefault({}),
  vector: VectorConfigSchema.prefault({}),
  ingest: IngestConfigSchema.prefault({}),
  retrieval: RetrievalConfigSchema.prefault({}),
  /** The stream bus run events and token deltas travel on (NATS with JetStream, or in-process). */
  bus: BusConfigSchema.prefault({}),
  /** Model usage and cost: the per-tenant metrics' label bounds. */
  usage: UsageConfigSchema.prefault({}),
  /** Worker processes: concurrency per task queue, the SIGTERM drain, the health listener. */
  worker: WorkerConfigSchema.prefault({}),
});
export type KeelConfig = z.infer<typeof KeelConfigSchema>;
export type KeelConfigInput = z.input<typeof KeelConfigSchema>;
