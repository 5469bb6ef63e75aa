// A streamed POST read straight off undici's dispatcher: response bytes go from the socket
// parser into the SSE parser, and the consumer awaits only when no event is ready. This skips
// the Readable body and its async iterator (a few promises and stream hops per chunk) that
// `request()` would add on the gateway's hottest path.
import type { Dispatcher } from 'undici';
import { classifyTransportError } from '../../errors';
import type { ProviderStreamEvent } from '../types';
import { errorFromOpenAI } from './errors';
import { OpenAIStreamParser } from './stream';

/** Above this many unread events the socket is paused until the consumer catches up. */
const HIGH_WATER = 64;

export interface StreamPost {
  dispatcher: Dispatcher;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  deployment: string;
}

export async function* streamOpenAIPost(p: StreamPost): AsyncGenerator<ProviderStreamEvent> {
  const parser = new OpenAIStreamParser(p.deployment);
  let controller: Dispatcher.DispatchController | undefined;
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (err: unknown) => {
    if (failure === undefined && !ended) failure = classifyTransportError(err, p.deployment);
    notify();
  };
  let errorStatus = 0;
  let retryAfter: string | string[] | undefined;
  let errorBody = '';
  const onAbort = () => controller?.abort(p.signal.reason);

  p.dispatcher.dispatch({ origin: p.origin, path: p.path, method: 'POST', headers: p.headers, body: p.body }, {
    onRequestStart(c) {
      controller = c;
      if (p.signal.aborted) c.abort(p.signal.reason);
    },
    onResponseStart(_c, status, headers) {
      if (status >= 400) {
        errorStatus = status;
        retryAfter = headers['retry-after'];
      }
    },
    onResponseData(c, chunk) {
      if (failure !== undefined) return;
      if (errorStatus) {
        if (errorBody.length < 10_000) errorBody += chunk.toString('utf8');
        return;
      }
      const before = parser.out.length;
      try {
        parser.push(chunk);
      } catch (err) {
        parser.out.length = before; // as a pull parser would: nothing from the failing packet
        fail(err);
        c.abort(err as Error);
        return;
      }
      if (parser.sawDone && !ended) {
        // The answer is complete at `[DONE]`: hand it over now; the body's last bytes are still
        // read (and ignored) so the connection goes back to the pool.
        try {
          parser.end();
          ended = true;
        } catch (err) {
          fail(err);
          return;
        }
      }
      if (parser.out.length) {
        if (parser.out.length > HIGH_WATER) c.pause();
        notify();
      }
    },
    onResponseEnd() {
      if (failure !== undefined || ended) return;
      if (errorStatus) return fail(errorFromOpenAI(errorStatus, errorBody, p.deployment, retryAfter));
      try {
        parser.end();
        ended = true;
      } catch (err) {
        failure = err;
      }
      notify();
    },
    onResponseError(_c, err) {
      fail(err);
    },
  });
  p.signal.addEventListener('abort', onAbort, { once: true });

  try {
    for (;;) {
      if (parser.out.length) {
        const batch = parser.out;
        parser.out = [];
        if (controller?.paused) controller.resume();
        for (const ev of batch) yield ev;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    p.signal.removeEventListener('abort', onAbort);
    // The consumer left before the answer was complete (failover, cancel): drop the connection.
    if (!ended && failure === undefined && controller && !controller.aborted) controller.abort(new Error('stream consumer stopped'));
  }
}
