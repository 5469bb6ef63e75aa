// A model call streamed: the router's pushed stream becomes the step's text deltas on the stream
// bus (coalesced), and its final response is what the activity returns.
import { pushFromIterable, type ChatRequest, type ChatResponse, type ChatStreamEvent, type ChatStreamSink, type ModelRouter, type RouteOptions } from '../services/router';
import type { RunStreamMessage } from '../services/bus/types';

export interface DeltaTarget {
  runId: string;
  step: number;
  afterEventId: number;
  publish(message: RunStreamMessage): Promise<void>;
  onPublishError?(err: unknown): void;
  /** Deltas wait for this (the step's start being recorded), so no watcher sees text before its step. */
  after?: Promise<unknown>;
}

export interface CoalescingOptions {
  /** A delta leaves at most this long after its first character arrived… */
  intervalMs: number;
  /** …or as soon as this many characters are waiting. */
  maxChars: number;
}

export const DEFAULT_COALESCING: CoalescingOptions = { intervalMs: 50, maxChars: 200 };

/**
 * Publishes a step's text as deltas in order: the first piece at once (time to first token), later
 * ones coalesced. Offsets count the characters published before each delta, so the deltas
 * concatenate into exactly the text that was added.
 */
export class DeltaPublisher {
  private offset = 0;
  private buffered = '';
  private timer?: NodeJS.Timeout;
  private chain: Promise<void>;
  private sentFirst = false;

  constructor(private readonly target: DeltaTarget, private readonly opts: CoalescingOptions = DEFAULT_COALESCING) {
    // A failed wait is the caller's to report; the deltas after it are sent all the same.
    this.chain = target.after ? target.after.then(noop, noop) : Promise.resolve();
  }

  add(text: string): void {
    if (text.length === 0) return;
    this.buffered += text;
    if (!this.sentFirst || this.buffered.length >= this.opts.maxChars) {
      this.sentFirst = true;
      this.flush();
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.opts.intervalMs);
    }
  }

  /** Sends what is buffered and waits until every delta was accepted by the bus. */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffered.length === 0) return;
    const { runId, step, afterEventId } = this.target;
    const message: RunStreamMessage = { kind: 'delta', runId, step, afterEventId, offset: this.offset, text: this.buffered, at: new Date().toISOString() };
    this.offset += this.buffered.length;
    this.buffered = '';
    // Deltas only inform watchers (the step record keeps the whole text): a failed publish never fails the call.
    this.chain = this.chain.then(() => this.target.publish(message)).catch((err) => this.target.onPublishError?.(err));
  }
}

const noop = () => undefined;

/**
 * Streams one chat through the router, adding each text piece of the first answer to `deltas` and
 * calling `onProgress` as chunks arrive (the activity heartbeats there). Resolves with the final
 * response; rejects with the router's error info (what `toRouterErrorInfo` reads).
 */
export function streamChat(
  router: ModelRouter,
  request: ChatRequest,
  options: RouteOptions,
  deltas: DeltaPublisher,
  onProgress: () => void,
): Promise<ChatResponse> {
  return new Promise<ChatResponse>((resolve, reject) => {
    const sink: ChatStreamSink = {
      event(ev: ChatStreamEvent) {
        if (ev.type === 'delta' && (ev.index ?? 0) === 0) deltas.add(ev.text);
        else if (ev.type === 'end') resolve(ev.response);
        else if (ev.type === 'error') reject(ev.error);
      },
      flush: onProgress,
    };
    const control = router.chatStreamTo
      ? router.chatStreamTo(request, options, sink)
      : pushFromIterable(router, request, options, sink);
    options.signal?.addEventListener('abort', () => control.cancel(), { once: true });
  });
}
