// Between pulled and pushed streams: any router's AsyncIterable driven into a sink (routers
// without a push form), and a pull-style provider stream driven into the router's sink.
import { RouterError } from './errors';
import type { ProviderStreamEvent, ProviderStreamHandle, ProviderStreamSink } from './providers/types';
import type { ChatRequest, ChatStreamControl, ChatStreamSink, ModelRouter, RouteOptions } from './types';

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
      if (!stopped) sink.event({ type: 'error', error: new RouterError('model_error', String((err as Error)?.message ?? err)).info });
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
