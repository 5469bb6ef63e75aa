// Between pushed and pulled streams: the pushed chat stream (`ChatStreamRun`) as the AsyncIterable
// `chatStream` returns; any router's AsyncIterable driven into a sink (routers without a push
// form); and a pull-style provider stream driven into the run's sink.
import { RouterError } from './errors';
import type { ProviderStreamEvent, ProviderStreamHandle, ProviderStreamSink } from './providers/types';
import type { Router } from './router';
import { ChatStreamRun } from './stream';
import type { ChatRequest, ChatStreamControl, ChatStreamEvent, ChatStreamSink, ModelRouter, RouteOptions } from './types';

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

  constructor(private readonly router: Router, private readonly request: ChatRequest, private readonly options: RouteOptions) {}

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

/** Holds a pump loop while its consumer is paused; `open()` lets it go on. */
class PauseGate {
  paused = false;
  private wake?: () => void;

  pause(): void {
    this.paused = true;
  }

  open(): void {
    this.paused = false;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Resolves once not paused, or at once when `stopped()` says the loop is over. */
  async passed(stopped: () => boolean): Promise<void> {
    while (this.paused && !stopped()) await new Promise<void>((r) => (this.wake = r));
  }
}

/**
 * Pushes `router.chatStream` into `sink` for routers without `chatStreamTo` (fakes, wrappers);
 * `cancel` aborts through the signal it adds to the options.
 */
export function pushFromIterable(router: ModelRouter, request: ChatRequest, options: RouteOptions, sink: ChatStreamSink): ChatStreamControl {
  const abort = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, abort.signal]) : abort.signal;
  const it = router.chatStream(request, { ...options, signal })[Symbol.asyncIterator]();
  let stopped = false;
  const gate = new PauseGate();
  void (async () => {
    try {
      for (let n = await it.next(); !n.done && !stopped; n = await it.next()) {
        sink.event(n.value);
        sink.flush?.();
        if (n.value.type === 'end' || n.value.type === 'error') return;
        if (gate.paused) await gate.passed(() => stopped);
      }
    } catch (err) {
      if (!stopped) sink.event({ type: 'error', error: { kind: 'model_error', message: String((err as Error)?.message ?? err), retryable: false } });
    } finally {
      await it.return?.();
    }
  })();
  return {
    pause: () => gate.pause(),
    resume: () => gate.open(),
    cancel: () => abort.abort(),
    stop: () => {
      stopped = true;
      gate.open();
      abort.abort();
    },
  };
}

/** Drives a pull-style provider stream (async iterable) into a sink, one event at a time. */
export function pullStream(iterable: AsyncIterable<ProviderStreamEvent>, deployment: string, sink: ProviderStreamSink): ProviderStreamHandle {
  const it = iterable[Symbol.asyncIterator]();
  let stopped = false;
  const gate = new PauseGate();
  void (async () => {
    try {
      for (;;) {
        if (gate.paused) await gate.passed(() => stopped);
        if (stopped) return;
        const { value, done } = await it.next();
        if (stopped) return;
        if (done) {
          stopped = true;
          return sink.error(new RouterError('connection', `${deployment}: stream ended without completion`, { deployment }));
        }
        if (value.type === 'done') {
          stopped = true;
          void it.next().catch(() => undefined); // let the provider finish and release its connection
        }
        sink.events([value]);
      }
    } catch (err) {
      if (stopped) return;
      stopped = true;
      sink.error(err);
    }
  })();
  return {
    pause: () => gate.pause(),
    resume: () => gate.open(),
    abort() {
      if (stopped) return;
      stopped = true;
      gate.open();
      void Promise.resolve(it.return?.()).catch(() => undefined);
    },
  };
}
