// A streamed POST read straight off undici's dispatcher: response bytes go from the socket
// parser into the SSE parser and its events are pushed to a sink in the same callback. No
// Readable body, async iterator or promise per chunk on the gateway's hottest path.
// `streamOpenAIPost` wraps the same thing as an async generator for pull consumers.
import type { Dispatcher } from 'undici';
import { classifyTransportError } from '../../errors';
import type { ProviderStreamEvent, ProviderStreamHandle, ProviderStreamSink } from '../types';
import { errorFromOpenAI } from './errors';
import { OpenAIStreamParser } from './stream';

/** Above this many unread events the socket is paused until the consumer catches up. */
const HIGH_WATER = 64;

export interface StreamRequest {
  dispatcher: Dispatcher;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  deployment: string;
}

export interface StreamPost extends StreamRequest {
  signal: AbortSignal;
}

const OPEN = 0;
const COMPLETE = 1;
const CLOSED = 2;

/** Starts the request; events and the outcome arrive in `sink`. */
export function openOpenAIStream(p: StreamRequest, sink: ProviderStreamSink): ProviderStreamHandle {
  const parser = new OpenAIStreamParser(p.deployment);
  let controller: Dispatcher.DispatchController | undefined;
  let state = OPEN;
  let paused = false;
  let abortReason: Error | undefined;
  let errorStatus = 0;
  let retryAfter: string | string[] | undefined;
  let errorBody = '';
  const fail = (err: unknown) => {
    if (state !== OPEN) return;
    state = CLOSED;
    sink.error(classifyTransportError(err, p.deployment));
  };
  const deliver = () => {
    if (!parser.out.length) return;
    const batch = parser.out;
    parser.out = [];
    sink.events(batch);
  };

  p.dispatcher.dispatch({ origin: p.origin, path: p.path, method: 'POST', headers: p.headers, body: p.body }, {
    onRequestStart(c) {
      controller = c;
      if (abortReason) c.abort(abortReason);
    },
    onResponseStart(c, status, headers) {
      if (status >= 400) {
        errorStatus = status;
        retryAfter = headers['retry-after'];
      }
      if (paused) c.pause();
    },
    onResponseData(c, chunk) {
      if (state !== OPEN) return;
      if (errorStatus) {
        if (errorBody.length < 10_000) errorBody += chunk.toString('utf8');
        return;
      }
      try {
        parser.push(chunk);
        // The answer is complete at `[DONE]`: hand it over now; the body's last bytes are still
        // read (and ignored) so the connection goes back to the pool.
        if (parser.sawDone) parser.end();
      } catch (err) {
        parser.out = []; // as a pull parser would: nothing from the failing packet
        fail(err);
        c.abort(err as Error);
        return;
      }
      if (parser.sawDone) state = COMPLETE;
      deliver();
    },
    onResponseEnd() {
      if (state !== OPEN) return;
      if (errorStatus) return fail(errorFromOpenAI(errorStatus, errorBody, p.deployment, retryAfter));
      try {
        parser.end();
      } catch (err) {
        return fail(err);
      }
      state = COMPLETE;
      deliver();
    },
    onResponseError(_c, err) {
      fail(err);
    },
  });

  return {
    pause() {
      paused = true;
      controller?.pause();
    },
    resume() {
      paused = false;
      if (controller?.paused) controller.resume();
    },
    abort(reason: Error) {
      if (state !== OPEN) return;
      state = CLOSED;
      abortReason = reason;
      if (controller && !controller.aborted) controller.abort(reason);
    },
  };
}

export async function* streamOpenAIPost(p: StreamPost): AsyncGenerator<ProviderStreamEvent> {
  let queue: ProviderStreamEvent[] = [];
  let failure: unknown;
  let complete = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const handle = openOpenAIStream(p, {
    events(batch) {
      if (queue.length) for (const ev of batch) queue.push(ev);
      else queue = batch;
      if (batch[batch.length - 1].type === 'done') complete = true;
      if (queue.length > HIGH_WATER) handle.pause();
      notify();
    },
    error(err) {
      failure = err;
      notify();
    },
  });
  const onAbort = () => {
    handle.abort(p.signal.reason);
    if (failure === undefined && !complete) failure = classifyTransportError(p.signal.reason, p.deployment);
    notify();
  };
  if (p.signal.aborted) onAbort();
  else p.signal.addEventListener('abort', onAbort, { once: true });

  try {
    for (;;) {
      if (queue.length) {
        const batch = queue;
        queue = [];
        handle.resume();
        for (const ev of batch) yield ev;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (complete) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    p.signal.removeEventListener('abort', onAbort);
    // The consumer left before the answer was complete (failover, cancel): drop the connection.
    if (!complete) handle.abort(new Error('stream consumer stopped'));
  }
}
