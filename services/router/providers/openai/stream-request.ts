// A streamed POST read straight off undici's dispatcher: response bytes go from the socket
// parser into the SSE parser and its events are pushed to a sink in the same callback. No
// Readable body, async iterator or promise per chunk on the gateway's hottest path.
import type { Dispatcher } from 'undici';
import { classifyTransportError } from '../../errors';
import type { ProviderStreamHandle, ProviderStreamSink } from '../types';
import { errorFromOpenAI } from './errors';
import { OpenAIStreamParser } from './stream';

export interface StreamRequest {
  dispatcher: Dispatcher;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  deployment: string;
  /** Answers asked for (`n`). */
  choices?: number;
}

const OPEN = 0;
const COMPLETE = 1;
const CLOSED = 2;

/** Starts the request; events and the outcome arrive in `sink`. */
export function openOpenAIStream(p: StreamRequest, sink: ProviderStreamSink): ProviderStreamHandle {
  const s = new OpenAIStreamRequest(p.deployment, sink, p.choices);
  p.dispatcher.dispatch({ origin: p.origin, path: p.path, method: 'POST', headers: p.headers, body: p.body }, s);
  return s;
}

/** undici dispatch handler and the stream's handle in one object (no closures per stream). */
class OpenAIStreamRequest implements Dispatcher.DispatchHandler, ProviderStreamHandle {
  private readonly parser: OpenAIStreamParser;
  private controller?: Dispatcher.DispatchController;
  private state = OPEN;
  private paused = false;
  private abortReason?: Error;
  private errorStatus = 0;
  private retryAfter?: string | string[];
  private errorBody = '';

  constructor(private readonly deployment: string, private readonly sink: ProviderStreamSink, choices = 1) {
    this.parser = new OpenAIStreamParser(deployment, choices);
  }

  onRequestStart(c: Dispatcher.DispatchController): void {
    this.controller = c;
    if (this.abortReason) c.abort(this.abortReason);
  }

  onResponseStart(c: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>): void {
    if (status >= 400) {
      this.errorStatus = status;
      this.retryAfter = headers['retry-after'];
    }
    if (this.paused) c.pause();
  }

  onResponseData(c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.state !== OPEN) return;
    if (this.errorStatus) {
      if (this.errorBody.length < 10_000) this.errorBody += chunk.toString('utf8');
      return;
    }
    const parser = this.parser;
    try {
      parser.push(chunk);
      // The answer is complete at `[DONE]`: hand it over now; the body's last bytes are still
      // read (and ignored) so the connection goes back to the pool.
      if (parser.sawDone) parser.end();
    } catch (err) {
      parser.out = []; // as a pull parser would: nothing from the failing packet
      this.fail(err);
      c.abort(err as Error);
      return;
    }
    if (parser.sawDone) this.state = COMPLETE;
    this.deliver();
  }

  onResponseEnd(): void {
    if (this.state !== OPEN) return;
    if (this.errorStatus) return this.fail(errorFromOpenAI(this.errorStatus, this.errorBody, this.deployment, this.retryAfter));
    try {
      this.parser.end();
    } catch (err) {
      return this.fail(err);
    }
    this.state = COMPLETE;
    this.deliver();
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  pause(): void {
    this.paused = true;
    this.controller?.pause();
  }

  resume(): void {
    this.paused = false;
    if (this.controller?.paused) this.controller.resume();
  }

  abort(reason: Error): void {
    if (this.state !== OPEN) return;
    this.state = CLOSED;
    this.abortReason = reason;
    if (this.controller && !this.controller.aborted) this.controller.abort(reason);
  }

  private fail(err: unknown): void {
    if (this.state !== OPEN) return;
    this.state = CLOSED;
    this.sink.error(classifyTransportError(err, this.deployment));
  }

  private deliver(): void {
    const out = this.parser.out;
    if (!out.length) return;
    this.parser.out = [];
    this.sink.events(out);
  }
}
