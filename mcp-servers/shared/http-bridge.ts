// Serves the SDK's web-standard Streamable HTTP transport from Node's http server.
// Sessions run in SSE mode, so whatever a request produces before its result (progress, log
// messages, requests to the client) streams as it happens. A request whose first message back is
// its own result, the common case, is answered as plain JSON instead: the spec lets the server pick
// either per request, and JSON spares both ends the event-stream machinery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

export type SessionTransport = WebStandardStreamableHTTPServerTransport;

/** A stateful session transport; `onInitialized` runs once the client's initialize gave it an id. */
export function createSessionTransport(onInitialized: (sessionId: string) => void): SessionTransport {
  return new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: onInitialized });
}

/** Hands one HTTP request (body already parsed for POST) to the transport and writes its answer. */
export async function serveMcpRequest(transport: SessionTransport, req: IncomingMessage, res: ServerResponse, parsedBody: unknown, authInfo?: AuthInfo): Promise<void> {
  const response = await transport.handleRequest(toWebRequest(req), { parsedBody, authInfo });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const reader = response.body.getReader();
  if (!/^text\/event-stream\b/i.test(headers['content-type'] ?? '')) {
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    res.writeHead(response.status, headers).end(Buffer.concat(chunks));
    return;
  }
  const requestId = req.method === 'POST' ? singleRequestId(parsedBody) : undefined;
  const held: Uint8Array[] = [];
  if (requestId !== undefined) {
    const first = await reader.read();
    if (!first.done) {
      held.push(first.value);
      const result = ownResult(first.value, requestId);
      if (result !== undefined) {
        const next = await reader.read(); // the transport closes the stream right after the result
        if (next.done) return sendJson(res, response.status, headers, result);
        held.push(next.value);
      }
    }
  }
  await streamEvents(res, response.status, headers, reader, held);
}

function toWebRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL(req.url ?? '/', 'http://localhost');
  }
  return new Request(url, { method: req.method, headers });
}

/** The id of the one JSON-RPC request in a POST body (not a batch, not a notification). */
function singleRequestId(body: unknown): string | number | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { method, id } = body as { method?: unknown; id?: unknown };
  return typeof method === 'string' && (typeof id === 'string' || typeof id === 'number') ? id : undefined;
}

const decoder = new TextDecoder();

/** The JSON text of `chunk` when it is exactly one event (without an id to resume from) carrying the result or error for `requestId`. */
function ownResult(chunk: Uint8Array, requestId: string | number): string | undefined {
  const text = decoder.decode(chunk);
  if (!text.endsWith('\n\n') || text.indexOf('\n\n') !== text.length - 2) return undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of text.slice(0, -2).split('\n')) {
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field !== '') return undefined; // id, retry: keep the event stream
  }
  if (event !== 'message' || data.length === 0) return undefined;
  const json = data.join('\n');
  let message: { id?: unknown; method?: unknown; result?: unknown; error?: unknown };
  try {
    message = JSON.parse(json);
  } catch {
    return undefined;
  }
  const isOwnAnswer = message?.id === requestId && message.method === undefined && (message.result !== undefined || message.error !== undefined);
  return isOwnAnswer ? json : undefined;
}

function sendJson(res: ServerResponse, status: number, streamHeaders: Record<string, string>, json: string): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(streamHeaders)) {
    if (!['content-type', 'cache-control', 'connection', 'x-accel-buffering'].includes(name)) headers[name] = value;
  }
  headers['content-type'] = 'application/json';
  res.writeHead(status, headers).end(json);
}

async function streamEvents(res: ServerResponse, status: number, headers: Record<string, string>, reader: ReadableStreamDefaultReader<Uint8Array>, held: Uint8Array[]): Promise<void> {
  // The client went away: cancelling the stream tells the transport to drop it.
  res.once('close', () => void reader.cancel().catch(() => undefined));
  res.writeHead(status, headers);
  res.flushHeaders();
  for (const chunk of held) res.write(chunk);
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (!res.write(r.value)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  } catch {
    res.destroy();
  }
}

const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
