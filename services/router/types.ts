// The canonical model request, response and stream events. Pure zod + types: workflows import
// this file, so it must stay free of I/O and Node built-ins.
import { z } from 'zod';

export const ToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

/**
 * A part of a multimodal user message. `image.url` is an https URL or a `data:` URL;
 * `document.data` is a `data:` URL (OpenAI's `file.file_data`).
 */
export const ContentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
  z.object({ type: z.literal('document'), data: z.string(), filename: z.string().optional() }),
]);
export type ContentPart = z.infer<typeof ContentPartSchema>;

/** A participant's name on a message (OpenAI `name`): OpenAI-compatible servers take it, Bedrock gets it as a text prefix. */
const ParticipantName = z.string().min(1).max(256).optional();

export const ChatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string(), name: ParticipantName }),
  z.object({
    role: z.literal('user'),
    name: ParticipantName,
    /** The message's text (its text parts joined when `parts` is present). */
    content: z.string(),
    /** The message in order, when it holds more than text (images, documents). */
    parts: z.array(ContentPartSchema).optional(),
  }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().default(''),
    name: ParticipantName,
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
  /** Sample from the k most likely tokens (Anthropic `top_k`; vLLM `top_k`). */
  topK: z.number().int().positive().optional(),
  stopSequences: z.array(z.string()).max(8).optional(),
  seed: z.number().int().optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  /** Return the log probability of each output token (and `topLogprobs` alternatives, 0–20). */
  logprobs: z.boolean().optional(),
  topLogprobs: z.number().int().min(0).max(20).optional(),
});
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;

export const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().min(1).max(64),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().optional(),
  }),
]);
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

export const ChatRequestSchema = z.object({
  /** Logical model name; the router maps it to deployments. */
  model: z.string().min(1),
  messages: z.array(ChatMessageSchema).min(1),
  tools: z.array(ToolSpecSchema).optional(),
  /** A tool name forces that tool. */
  toolChoice: z.union([z.enum(['auto', 'none', 'required']), z.object({ name: z.string().min(1) })]).optional(),
  /** false: at most one tool call per turn. */
  parallelToolCalls: z.boolean().optional(),
  /** JSON output: any object, or one matching `schema` (validated before it is returned when `strict`). */
  responseFormat: ResponseFormatSchema.optional(),
  /** Several answers to the same prompt (OpenAI `n`). */
  n: z.number().int().min(1).max(16).optional(),
  /** The caller's end user, for the provider's abuse monitoring (OpenAI `user`). */
  endUser: z.string().max(256).optional(),
  /**
   * The end user is bookkeeping the client sends on every call (Anthropic `metadata.user_id`), not
   * a generation parameter: deployments without `user` leave it out instead of refusing the call.
   */
  endUserOptional: z.boolean().optional(),
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

/** Per-token log probabilities, as OpenAI returns them (`choices[].logprobs.content`). */
export const TokenLogprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number()).nullable().optional(),
  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number(), bytes: z.array(z.number()).nullable().optional() })).optional(),
});
export type TokenLogprob = z.infer<typeof TokenLogprobSchema>;

/** One answer of several (`ChatRequest.n`). */
export const ChatChoiceSchema = z.object({
  index: z.number().int().nonnegative(),
  content: z.string(),
  toolCalls: z.array(ToolCallSchema).default([]),
  stopReason: StopReasonSchema,
  /** The stop sequence that ended the answer, when the provider tells which. */
  stopSequence: z.string().optional(),
  logprobs: z.array(TokenLogprobSchema).optional(),
});
export type ChatChoice = z.infer<typeof ChatChoiceSchema>;

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
  /** The stop sequence that ended the (first) answer, when the provider tells which. */
  stopSequence: z.string().optional(),
  /** Log probabilities of the first answer's tokens, when asked for. */
  logprobs: z.array(TokenLogprobSchema).optional(),
  /** Every answer, when `n` > 1 (the first is also `content` / `toolCalls` / `stopReason`). */
  choices: z.array(ChatChoiceSchema).optional(),
  usage: UsageSchema,
  servedBy: ServedBySchema,
  costUsd: z.number().nonnegative().default(0),
  latencyMs: z.number().nonnegative().default(0),
  timeToFirstTokenMs: z.number().nonnegative().optional(),
  /** Deployments tried and given up on before the one that answered. */
  failovers: z.array(z.object({ deployment: z.string(), error: z.string() })).default([]),
});
export type ChatResponse = z.infer<typeof ChatResponseSchema>;

/**
 * Events of a streamed chat: `start`, then per answer (`index`, 0 unless `n` > 1) a
 * `choice_start`, its text / tool-call deltas and a `choice_end`; answers may interleave. Then
 * exactly one of `end` or `error` (an `error` may cut answers short without their `choice_end`).
 */
export type ChatStreamEvent =
  | { type: 'start'; servedBy: ServedBy }
  | { type: 'choice_start'; index: number }
  | { type: 'delta'; text: string; index?: number; logprobs?: TokenLogprob[] }
  | { type: 'tool_call'; toolCall: ToolCall; index?: number }
  | { type: 'choice_end'; index: number; stopReason: StopReason }
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
  'unsupported_parameter',
]);
export type RouterErrorKind = z.infer<typeof RouterErrorKindSchema>;

export interface RouterErrorInfo {
  kind: RouterErrorKind;
  message: string;
  retryable: boolean;
  deployment?: string;
  /** unsupported_parameter: the request parameter no candidate deployment supports. */
  param?: string;
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
  /** The context window (tokens) a prompt for `model` must fit, when known (optional for fakes). */
  contextWindow?(model: string): number | undefined;
  /** Per-deployment state for `keel doctor` and health endpoints (optional for fakes). */
  health?(): DeploymentHealth[];
  /** Live reachability per deployment (OpenAI-compatible: GET /v1/models; undefined where no probe exists). */
  probe?(timeoutMs?: number): Promise<DeploymentProbe[]>;
  close(): Promise<void>;
}

export interface DeploymentProbe {
  deployment: string;
  /** Undefined where the provider has no cheap probe (Bedrock). */
  reachable: boolean | undefined;
  /** Whether the server lists the configured model (undefined where it has no listing). */
  servesModel?: boolean;
  /** Why it is not usable, or what answered instead. */
  detail?: string;
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
