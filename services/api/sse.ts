// The one Server-Sent Events writer: run event streams and the model-call routes' chat streams.
// It takes the response over from fastify, writes events (id/event/data), comments and pre-encoded
// text, reports backpressure and notices the client leaving.
import type { FastifyReply } from 'fastify';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export interface SseEvent {
  id?: string;
  event?: string;
  /** Sent as JSON unless already a string; a string's line breaks become several `data:` lines. */
  data: unknown;
}

/** One event's wire text. */
export function encodeSseEvent(e: SseEvent): string {
  let s = '';
  if (e.id !== undefined) s += `id: ${oneLine(e.id)}\n`;
  if (e.event !== undefined) s += `event: ${oneLine(e.event)}\n`;
  const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  for (const line of data.split(/\r\n|\r|\n/)) s += `data: ${line}\n`;
  return `${s}\n`;
}

const oneLine = (s: string) => s.replace(/[\r\n]/g, ' ');

export class SseWriter {
  private readonly res: FastifyReply['raw'];
  private opened = false;
  private gone = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(private readonly reply: FastifyReply) {
    this.res = reply.raw;
    this.res.on('close', () => {
      if (this.res.writableFinished) return; // we ended it
      this.gone = true;
      for (const l of this.closeListeners.splice(0)) l();
    });
  }

  /** Takes the response over from fastify and sends the status line and headers (once). */
  open(headers: Record<string, string> = {}): void {
    if (this.opened) return;
    this.opened = true;
    this.reply.hijack();
    this.res.writeHead(200, { ...SSE_HEADERS, ...headers });
  }

  get isOpen(): boolean {
    return this.opened;
  }

  /** The client left (or the socket failed) before the stream ended. */
  get clientGone(): boolean {
    return this.gone || this.res.destroyed;
  }

  /** Runs `listener` once when the client leaves before the stream ends (at once if it has). */
  onClientGone(listener: () => void): void {
    if (this.clientGone) listener();
    else this.closeListeners.push(listener);
  }

  /** False when the socket's buffer is full: wait for `drained()` before writing much more. */
  event(e: SseEvent): boolean {
    return this.write(encodeSseEvent(e));
  }

  comment(text: string): boolean {
    return this.write(`: ${oneLine(text)}\n\n`);
  }

  /** Text already in SSE form (a wire format's own encoder). */
  write(text: string): boolean {
    if (!this.writable()) return false;
    return this.res.write(text);
  }

  /** Resolves when the socket's buffer has room again, or the client has gone. */
  drained(): Promise<void> {
    if (!this.writable() || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
    });
  }

  /** Calls `listener` once when a full buffer has drained. */
  onDrain(listener: () => void): void {
    this.res.once('drain', listener);
  }

  end(text?: string): void {
    if (!this.writable()) return;
    if (text) this.res.end(text);
    else this.res.end();
  }

  private writable(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }
}
