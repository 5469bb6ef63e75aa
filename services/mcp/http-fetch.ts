// The `fetch` a Streamable HTTP connection hands to the SDK's client transport: undici's request()
// on a dispatcher the connection owns (keep-alive sockets, closed with the connection), answering
// with a Response. It skips the WHATWG fetch machinery (Request cloning, body streams, one abort
// listener per request left on the transport's long-lived signal until GC), which cost more than
// the whole round trip to a local server. SSE responses stream; other bodies are read whole, as
// the transport reads them whole anyway (`response.json()` / `text()`).
import { Readable } from 'node:stream';
import { Agent, fetch as undiciFetch, request, type Dispatcher } from 'undici';
import { SafeFetchError } from '../net';

export interface ConnectionFetch {
  fetch: typeof fetch;
  /** Drops the dispatcher's sockets, open SSE streams included. */
  close(): Promise<void>;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export function createConnectionFetch(dispatcher: Dispatcher = new Agent()): ConnectionFetch {
  const fetchOnDispatcher = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    // Redirects the caller wants followed (or refused) keep fetch's own semantics; the transport
    // itself always asks for 'manual' and decides which redirects to follow.
    if (input instanceof Request || init.redirect !== 'manual') {
      return (undiciFetch(input as never, { ...(init as object), dispatcher } as never) as unknown as Promise<Response>).catch((err: unknown) => {
        const cause = (err as { cause?: unknown })?.cause;
        throw cause instanceof SafeFetchError ? cause : err; // a guarded dispatcher's refusal, as request() reports it
      });
    }
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = headerRecord(init.headers);
    const body = requestBody(init.body, headers);
    const res = await request(input, { method: method as Dispatcher.HttpMethod, headers, body, signal: init.signal ?? undefined, dispatcher });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    const responseInit = { status: res.statusCode, headers: responseHeaders };
    const url = typeof input === 'string' ? input : input.href;
    if (method === 'HEAD' || NULL_BODY_STATUS.has(res.statusCode)) {
      res.body.resume();
      return withUrl(new Response(null, responseInit), url);
    }
    if (/^\s*text\/event-stream\b/i.test(responseHeaders.get('content-type') ?? '')) {
      return withUrl(new Response(Readable.toWeb(res.body) as unknown as ReadableStream<Uint8Array>, responseInit), url);
    }
    const bytes = Buffer.from(await res.body.arrayBuffer());
    return withUrl(bytes.length === 0 ? new Response(null, responseInit) : new BufferedResponse(bytes, responseInit), url);
  };
  return {
    fetch: fetchOnDispatcher as typeof fetch,
    close: () => dispatcher.destroy().catch(() => undefined),
  };
}

function withUrl(response: Response, url: string): Response {
  return Object.defineProperty(response, 'url', { value: url });
}

/**
 * A Response over a body already read whole. On Node 20 every Response body is a web stream built
 * up front, the costliest step of a small JSON answer; this one reads its bytes directly and makes
 * the stream only if `body` itself is asked for. (A class, not closures: tsx names every closure.)
 */
class BufferedResponse extends Response {
  #bytes: Buffer;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null = null;

  constructor(bytes: Buffer, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  #take(): Buffer {
    if (this.#used || this.#stream) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }

  bodyStream(): ReadableStream<Uint8Array> | null {
    return (this.#stream ??= this.#used ? null : new Response(this.#bytes).body);
  }

  bodyUsedNow(): boolean {
    return this.#used || (this.#stream?.locked ?? false);
  }

  async readText(): Promise<string> {
    return this.#take().toString('utf8');
  }

  async readJson(): Promise<unknown> {
    return JSON.parse(this.#take().toString('utf8'));
  }

  async readArrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.#take()).buffer;
  }

  async readBlob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.headers.get('content-type') ?? '' });
  }

  async readFormData(): Promise<FormData> {
    throw new TypeError('formData() is not supported on MCP responses');
  }

  copy(): Response {
    if (this.#used || this.#stream) throw new TypeError('Response.clone: Body has already been consumed.');
    return withUrl(new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }), this.url);
  }
}
// Response's body members are declared as properties, so they are replaced here, once, on the prototype.
const buffered = BufferedResponse.prototype;
Object.defineProperties(buffered, {
  body: { get: buffered.bodyStream },
  bodyUsed: { get: buffered.bodyUsedNow },
  text: { value: buffered.readText },
  json: { value: buffered.readJson },
  arrayBuffer: { value: buffered.readArrayBuffer },
  blob: { value: buffered.readBlob },
  formData: { value: buffered.readFormData },
  clone: { value: buffered.copy },
});

function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const entries = init instanceof Headers ? init.entries() : Array.isArray(init) ? init : Object.entries(init);
  for (const [name, value] of entries) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  return out;
}

function requestBody(body: RequestInit['body'], headers: Record<string, string>): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return body.toString();
  }
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('MCP HTTP fetch: unsupported request body type');
}
