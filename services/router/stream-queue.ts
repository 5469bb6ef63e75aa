// The pushed chat stream (`ChatStreamRun`) as the AsyncIterable `chatStream` returns.
import { ChatStreamRun, type StreamRouting } from './stream';
import type { ChatRequest, ChatStreamEvent, ChatStreamSink, RouteOptions } from './types';

/** Above this many unread events the upstream is paused until the consumer catches up. */
const HIGH_WATER = 64;

/** Starts on the first `next()`; `return()` (a `for await` left early) frees the deployment's slot. */
export class ChatStreamQueue implements AsyncIterableIterator<ChatStreamEvent>, ChatStreamSink {
  private queue: ChatStreamEvent[] = [];
  private head = 0;
  private ended = false;
  private paused = false;
  private wake?: () => void;
  private run?: ChatStreamRun;

  constructor(private readonly router: StreamRouting, private readonly request: ChatRequest, private readonly options: RouteOptions) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  event(ev: ChatStreamEvent): void {
    this.queue.push(ev);
    if (ev.type === 'end' || ev.type === 'error') this.ended = true;
    else if (!this.paused && this.queue.length - this.head > HIGH_WATER) {
      this.paused = true;
      this.run!.pause();
    }
  }

  flush(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async next(): Promise<IteratorResult<ChatStreamEvent>> {
    if (!this.run) {
      this.run = new ChatStreamRun(this.router, this.request, this.options, this);
      this.run.start();
    }
    for (;;) {
      if (this.head < this.queue.length) {
        const value = this.queue[this.head++];
        if (this.head === this.queue.length) {
          this.queue = [];
          this.head = 0;
        }
        if (this.paused && this.queue.length - this.head <= HIGH_WATER / 2) {
          this.paused = false;
          this.run.resume();
        }
        return { value, done: false };
      }
      if (this.ended) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<ChatStreamEvent>> {
    this.ended = true;
    this.queue = [];
    this.head = 0;
    this.run?.stop();
    return { value: undefined, done: true };
  }
}
