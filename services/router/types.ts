// The canonical model request, response and stream events. Pure zod + types: workflows import
// this file, so it must stay free of I/O and Node built-ins.
import { z } from 'zod';

export const ToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

export const ChatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().default(''),
    toolCalls: z.array(ToolCallSchema).optional(),
  }),
  z.object({
    role: z.literal('tool'),
    toolCallId: z.string(),
    content: z.string(),
    isError: z.boolean().optional(),
  }),
]);
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ToolSpecSchema = z.object({
  name: z.string(),
  description: z.string().default(''),
  inputSchema: z.record(z.string(), z.unknown()),
});
export type ToolSpec = z.infer<typeof ToolSpecSchema>;

export const GenerationParamsSchema = z.object({
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  stopSequences: z.array(z.string()).max(8).optional(),
});
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;

export const ChatRequestSchema = z.object({
  /** Logical model name; the router maps it to deployments. */
  model: z.string().min(1),
  messages: z.array(ChatMessageSchema).min(1),
  tools: z.array(ToolSpecSchema).optional(),
  toolChoice: z.enum(['auto', 'none', 'required']).optional(),
  generation: GenerationParamsSchema.optional(),
  /** Provider-only knobs, passed through by the provider that understands them. */
  providerExtensions: z.record(z.string(), z.unknown()).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  cacheReadInputTokens: z.number().int().nonnegative().optional(),
  cacheWriteInputTokens: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const StopReasonSchema = z.enum([
  'end_turn',
  'tool_use',
  'max_tokens',
  'stop_sequence',
  'content_filtered',
]);
export type StopReason = z.infer<typeof StopReasonSchema>;

export const ServedBySchema = z.object({
  logicalModel: z.string(),
  deployment: z.string(),
  provider: z.string(),
  providerModel: z.string(),
});
export type ServedBy = z.infer<typeof ServedBySchema>;

export const ChatResponseSchema = z.object({
  content: z.string(),
  toolCalls: z.array(ToolCallSchema).default([]),
  stopReason: StopReasonSchema,
  usage: UsageSchema,
  servedBy: ServedBySchema,
  costUsd: z.number().nonnegative().default(0),
  latencyMs: z.number().nonnegative().default(0),
  timeToFirstTokenMs: z.number().nonnegative().optional(),
  /** Deployments tried and given up on before the one that answered. */
  failovers: z.array(z.object({ deployment: z.string(), error: z.string() })).default([]),
});
export type ChatResponse = z.infer<typeof ChatResponseSchema>;

/** Events of a streamed chat: start, text / tool-call deltas, then exactly one of end or error. */
export type ChatStreamEvent =
  | { type: 'start'; servedBy: ServedBy }
  | { type: 'delta'; text: string }
  | { type: 'tool_call'; toolCall: ToolCall }
  | { type: 'end'; response: ChatResponse }
  | { type: 'error'; error: RouterErrorInfo };

/** Receives a pushed chat stream (`ModelRouter.chatStreamTo`), synchronously as chunks arrive. */
export interface ChatStreamSink {
  /** One event; the last one is exactly one `end` or `error`. */
  event(ev: ChatStreamEvent): void;
  /** After the events that arrived together (one upstream read), and after the last event. */
  flush?(): void;
}

/** The consumer's side of a pushed chat stream. */
export interface ChatStreamControl {
  /** The consumer is behind: stop reading upstream (the attempt's idle clock stops too). */
  pause(): void;
  resume(): void;
  /** The caller cancelled: the stream ends with a `cancelled` error event (like an aborted signal). */
  cancel(): void;
  /** The consumer left: abandon the stream without blaming the deployment; no more events. */
  stop(): void;
}

export const PrioritySchema = z.enum(['interactive', 'batch']);
export type Priority = z.infer<typeof PrioritySchema>;

export interface RouteOptions {
  tenantId: string;
  priority?: Priority;
  signal?: AbortSignal;
  /** Overall deadline for the call including failovers, in ms from now. */
  timeoutMs?: number;
  traceId?: string;
  /** Continue on another deployment after a mid-stream failure (default true). */
  midStreamContinuation?: boolean;
}

export const EmbedRequestSchema = z.object({
  model: z.string().min(1),
  input: z.array(z.string()).min(1),
  inputType: z.enum(['query', 'document']).optional(),
  /** Output vector size, for models that support several (Titan v2, OpenAI `dimensions`). */
  dimensions: z.number().int().positive().optional(),
  providerExtensions: z.record(z.string(), z.unknown()).optional(),
});
export type EmbedRequest = z.infer<typeof EmbedRequestSchema>;
export interface EmbedResponse {
  vectors: number[][];
  usage: { inputTokens: number };
  servedBy: ServedBy;
}

export const RerankRequestSchema = z.object({
  model: z.string().min(1),
  query: z.string(),
  documents: z.array(z.string()),
  topN: z.number().int().positive().optional(),
});
export type RerankRequest = z.infer<typeof RerankRequestSchema>;
export interface RerankResponse {
  /** Sorted best first; index refers to the input documents. */
  results: Array<{ index: number; score: number }>;
  servedBy: ServedBy;
}

/** How a failure is classified; workflows branch on `kind`, never on provider messages. */
export const RouterErrorKindSchema = z.enum([
  'throttled',
  'unavailable',
  'timeout',
  'connection',
  'model_not_ready',
  'model_error',
  'validation',
  'access_denied',
  'not_found',
  'quota_exceeded',
  'context_window',
  'rate_limited',
  'shed',
  'cancelled',
  'no_deployment',
]);
export type RouterErrorKind = z.infer<typeof RouterErrorKindSchema>;

export interface RouterErrorInfo {
  kind: RouterErrorKind;
  message: string;
  retryable: boolean;
  deployment?: string;
  /** Seconds, for rate limits and quotas, and until the first open breaker half-opens. */
  retryAfterS?: number;
  /** When the call gave up: why each deployment it could use failed or was skipped (last reason per deployment). */
  reasons?: DeploymentFailure[];
}

export interface DeploymentFailure {
  deployment: string;
  reason: string;
}

/** The one interface every model call goes through. */
export interface ModelRouter {
  chat(request: ChatRequest, options: RouteOptions): Promise<ChatResponse>;
  chatStream(request: ChatRequest, options: RouteOptions): AsyncIterable<ChatStreamEvent>;
  /** The same stream pushed into `sink` (no promise per chunk); optional for fakes. */
  chatStreamTo?(request: ChatRequest, options: RouteOptions, sink: ChatStreamSink): ChatStreamControl;
  embed(request: EmbedRequest, options: RouteOptions): Promise<EmbedResponse>;
  rerank(request: RerankRequest, options: RouteOptions): Promise<RerankResponse>;
  listModels(): Array<{ id: string; deployments: number }>;
  /** Per-deployment state for `keel doctor` and health endpoints (optional for fakes). */
  health?(): DeploymentHealth[];
  /** Live reachability per deployment (vLLM GET /health; undefined where no probe exists). */
  probe?(timeoutMs?: number): Promise<Array<{ deployment: string; reachable: boolean | undefined }>>;
  close(): Promise<void>;
}

export interface DeploymentHealth {
  deployment: string;
  provider: string;
  model: string;
  capacity: string;
  breaker: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  windowCalls: number;
  windowFailures: number;
  lastError?: string;
  inFlight: number;
  maxConcurrency: number;
  /** Requests waiting in the serving engine (vLLM /metrics), when scraped. */
  engineQueue?: number;
}
