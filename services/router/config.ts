// Router configuration: logical models map to deployments (pool entries). Every field has a
// default so an empty section parses; routing behaviour is configuration, not code.
import { z } from 'zod';

export const CapacityClassSchema = z.enum(['provisioned', 'on-demand', 'self-hosted']);
export type CapacityClass = z.infer<typeof CapacityClassSchema>;

/**
 * What a request may ask of a deployment beyond plain chat, named as the OpenAI parameter. Each
 * provider has a table of what it can do (`providers/<name>/capabilities.ts`); a deployment's
 * `capabilities` overrides entries (e.g. a server that rejects `n`, an embedding model without
 * `dimensions`).
 */
export const CapabilitySchema = z.enum([
  'n', 'seed', 'presence_penalty', 'frequency_penalty', 'logprobs', 'parallel_tool_calls', 'stop', 'user', 'top_k',
  'response_format', 'response_format_with_tools', 'tool_choice_named', 'image_url_http', 'image_url_data', 'file', 'dimensions',
]);
export type Capability = z.infer<typeof CapabilitySchema>;

export const DeploymentSchema = z.object({
  id: z.string().min(1),
  provider: z.enum(['openai', 'bedrock']),
  /** Model id as the provider knows it (vLLM served name, Bedrock model id / inference profile / ARN). */
  model: z.string().min(1),
  /**
   * openai: the server root, e.g. `http://vllm:8000` (a trailing `/v1` is accepted and stripped).
   * bedrock: optional endpoint override (VPC endpoint, stand-in); default is the regional endpoint.
   */
  endpoint: z.string().url().optional(),
  /** bedrock: AWS region (default: AWS_REGION, then us-east-1). */
  region: z.string().optional(),
  /** openai: name of the env var holding the bearer token. Bedrock uses the standard AWS credential chain. */
  apiKeyEnv: z.string().optional(),
  capacity: CapacityClassSchema.default('self-hosted'),
  maxConcurrency: z.number().int().positive().default(64),
  contextWindow: z.number().int().positive().default(32_768),
  costPer1kInput: z.number().nonnegative().default(0),
  costPer1kOutput: z.number().nonnegative().default(0),
  weight: z.number().positive().default(1),
  /** Per-attempt limit for a whole non-streamed call, and between stream chunks. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Streams: time to first token above this fails over (before anything was sent). */
  ttftTimeoutMs: z.number().int().positive().default(30_000),
  /** openai: scrape `/metrics` (vLLM) for load-aware routing. */
  scrapeMetrics: z.boolean().default(true),
  /** Saturated when the engine reports more waiting requests than this (vLLM queue). */
  maxQueueWaiting: z.number().int().nonnegative().default(8),
  /**
   * Can continue a partial answer (mid-stream continuation): vLLM via `continue_final_message`,
   * Bedrock via a final assistant turn. Set false for servers that reject those (hosted APIs).
   */
  supportsPrefill: z.boolean().default(true),
  /** bedrock rerank: model ARN for the Bedrock Rerank API (bedrock-agent-runtime). */
  rerankModelArn: z.string().optional(),
  /** Overrides the provider's capability table for this deployment (`n: false`, `dimensions: false`, …). */
  capabilities: z.partialRecord(CapabilitySchema, z.boolean()).default({}),
});
export type Deployment = z.infer<typeof DeploymentSchema>;
export type DeploymentInput = z.input<typeof DeploymentSchema>;

export const LogicalModelSchema = z.object({
  deployments: z.array(z.string()).min(1),
  /** Logical models tried, in order, once every deployment of this one failed or is open. */
  fallbacks: z.array(z.string()).default([]),
  /** Logical models with larger windows, tried when the prompt does not fit this one. */
  contextFallbacks: z.array(z.string()).default([]),
});
export type LogicalModel = z.infer<typeof LogicalModelSchema>;

export const RetryConfigSchema = z.object({
  /** Attempts per request across all deployments and fallbacks. */
  maxAttempts: z.number().int().positive().default(4),
  /** Full-jitter exponential backoff: delay = random(0, min(max, base * 2^n)). */
  baseBackoffMs: z.number().nonnegative().default(4),
  maxBackoffMs: z.number().nonnegative().default(2_000),
  /** Overall deadline per call including failovers, unless the caller gives timeoutMs. */
  deadlineMs: z.number().int().positive().default(180_000),
});

export const BreakerConfigSchema = z.object({
  consecutiveFailures: z.number().int().positive().default(5),
  failureRate: z.number().min(0).max(1).default(0.5),
  /** The rate rule applies once the window holds at least this many calls. */
  minCalls: z.number().int().positive().default(20),
  windowMs: z.number().int().positive().default(30_000),
  cooldownMs: z.number().int().positive().default(15_000),
  /** Concurrent probe calls allowed while half-open. */
  halfOpenProbes: z.number().int().positive().default(1),
});

export const PriorityConfigSchema = z.object({
  /** Share of each deployment's slots batch calls may never take, kept free for interactive. */
  interactiveReservedShare: z.number().min(0).max(1).default(0.25),
  /** Batch calls wait this long for a slot before being shed. */
  batchMaxWaitMs: z.number().int().nonnegative().default(60_000),
  /** Batch calls are shed at once when this many are already waiting. */
  batchMaxQueue: z.number().int().nonnegative().default(1_000),
});

export const TenantLimitSchema = z.object({
  /** 0 means unlimited. */
  requestsPerMinute: z.number().int().nonnegative().default(0),
  tokensPerMinute: z.number().int().nonnegative().default(0),
  dailyTokens: z.number().int().nonnegative().default(0),
});
export type TenantLimit = z.infer<typeof TenantLimitSchema>;

export const RouterConfigSchema = z.object({
  deployments: z.array(DeploymentSchema).default([]),
  models: z.record(z.string(), LogicalModelSchema).default({}),
  retry: RetryConfigSchema.default(RetryConfigSchema.parse({})),
  breaker: BreakerConfigSchema.default(BreakerConfigSchema.parse({})),
  priority: PriorityConfigSchema.default(PriorityConfigSchema.parse({})),
  limits: z
    .object({
      default: TenantLimitSchema.default(TenantLimitSchema.parse({})),
      tenants: z.record(z.string(), TenantLimitSchema).default({}),
    })
    .default({ default: TenantLimitSchema.parse({}), tenants: {} }),
  /** vLLM /metrics scrape period. */
  loadScrapeIntervalMs: z.number().int().positive().default(2_000),
  /** Limits on content parts of chat messages, checked before any deployment is called (400 above them). */
  media: z.object({
    /** Decoded bytes per image (`data:` URL); Bedrock's own limit is 3.75 MB for Claude, 5 MB elsewhere. */
    maxImageBytes: z.number().int().positive().default(5 * 1024 * 1024),
    /** Decoded bytes per document (`file` part); Bedrock Converse allows 4.5 MB. */
    maxDocumentBytes: z.number().int().positive().default(Math.floor(4.5 * 1024 * 1024)),
    /** Images plus documents in one request (Bedrock: 20 images, 5 documents). */
    maxPartsPerRequest: z.number().int().positive().default(20),
  }).default({ maxImageBytes: 5 * 1024 * 1024, maxDocumentBytes: Math.floor(4.5 * 1024 * 1024), maxPartsPerRequest: 20 }),
  /** Continue a failed stream on another deployment from the text already sent (per-call opt-out). */
  midStreamContinuation: z.boolean().default(true),
});
export type RouterConfig = z.infer<typeof RouterConfigSchema>;
export type RouterConfigInput = z.input<typeof RouterConfigSchema>;
