// What every provider implements: the same few transforms (request out, response in, stream
// chunks in, errors classified) behind one small interface the routing layer drives.
import type { Deployment } from '../config';
import type { ChatChoice, ChatRequest, EmbedRequest, RerankRequest, StopReason, TokenLogprob, ToolCall, Usage } from '../types';

export interface ProviderChatResult {
  content: string;
  toolCalls: ToolCall[];
  stopReason: StopReason;
  /** The stop sequence that ended the (first) answer, when the provider tells which. */
  stopSequence?: string;
  usage: Usage;
  logprobs?: TokenLogprob[];
  /** Every answer when the request asked for `n` > 1 (the first one is also the fields above). */
  choices?: ChatChoice[];
}

/**
 * A provider's stream. `index` is the answer (`n` > 1; absent means 0). `choice_end` is sent
 * by providers that stream several answers, when one of them finishes; `done` ends them all.
 */
export type ProviderStreamEvent =
  | { type: 'delta'; text: string; index?: number; logprobs?: TokenLogprob[] }
  | { type: 'tool_call'; toolCall: ToolCall; index?: number }
  | { type: 'choice_end'; index: number; stopReason: StopReason }
  | { type: 'done'; stopReason: StopReason; usage: Usage; stopSequence?: string };

/**
 * Cancellation as HTTP clients that accept an EventTarget-like signal (undici) read it: the same
 * as `CallContext.signal` without an AbortSignal (costly to create) per call.
 */
export interface AbortSource {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: unknown): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface CallContext {
  signal: AbortSignal;
  /** When present, aborts exactly when `signal` would; providers may pass it instead of `signal`. */
  abortSource?: AbortSource;
  traceId?: string;
  /** Present when this call continues a stream that failed after `prefix` was already sent. */
  continuation?: { prefix: string };
}

/**
 * Receives a pushed stream (see `Provider.chatStreamPush`), called synchronously from the socket's
 * data callback. After a batch holding `done`, or after `error`, nothing more is called.
 */
export interface ProviderStreamSink {
  /** Events parsed from one read of the socket (the array is handed over). */
  events(batch: ProviderStreamEvent[]): void;
  /** The stream failed: a classified RouterError (or a raw transport error). */
  error(err: unknown): void;
}

export interface ProviderStreamHandle {
  /** Stops reading the socket until `resume` (the consumer is behind). */
  pause(): void;
  resume(): void;
  /** Abandons the stream (the sink hears nothing more); no-op once it completed or failed. */
  abort(reason: Error): void;
}

/** Load as the serving engine reports it (vLLM /metrics); undefined when unknown. */
export interface EngineLoad {
  waiting: number;
  running: number;
  kvCacheUsage: number;
}

interface ProviderCalls {
  chat(req: ChatRequest, ctx: CallContext): Promise<ProviderChatResult>;
  embed(req: EmbedRequest, ctx: CallContext): Promise<{ vectors: number[][]; inputTokens: number }>;
  rerank(req: RerankRequest, ctx: CallContext): Promise<Array<{ index: number; score: number }>>;
  /** Engine load for load-aware routing, if the provider exposes it. */
  scrapeLoad?(signal: AbortSignal): Promise<EngineLoad | undefined>;
  health?(signal: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

/** Streams pushed into `sink` without a promise per chunk; cancellation goes through the handle. */
interface PushStreaming {
  chatStreamPush(req: ChatRequest, ctx: Omit<CallContext, 'signal'>, sink: ProviderStreamSink): ProviderStreamHandle;
  chatStream?: never;
}

/** Streams as an async iterable (an SDK that hands out one); the router drives it into its sink. */
interface PullStreaming {
  chatStream(req: ChatRequest, ctx: CallContext): AsyncIterable<ProviderStreamEvent>;
  chatStreamPush?: never;
}

/** A provider streams one way: pushed (OpenAI over undici's dispatcher) or pulled (the Bedrock SDK). */
export type Provider = ProviderCalls & (PushStreaming | PullStreaming);

export type ProviderFactory = (deployment: Deployment) => Provider;

export const usageOf = (input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage => {
  const u: Usage = { inputTokens: input + cacheRead + cacheWrite, outputTokens: output, totalTokens: input + cacheRead + cacheWrite + output };
  if (cacheRead) u.cacheReadInputTokens = cacheRead;
  if (cacheWrite) u.cacheWriteInputTokens = cacheWrite;
  return u;
};
