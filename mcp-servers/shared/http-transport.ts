// The server side of one stateful Streamable HTTP session (MCP spec, "Transports"), served straight
// from Node's http objects. The SDK's own transport works on web Request/Response objects and web
// streams; on Node 20 converting to and from them cost more than the rest of a tool call.
// A POST whose requests send nothing back but their results is answered with plain JSON; as soon
// as one of its requests sends something first (progress, a log message, a request to the client),
// the POST's answer becomes an event stream that carries it, then the results. Messages that
// belong to no request go to the session's GET stream. Not supported: resuming streams
// (Last-Event-ID), sessionless use.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage, type MessageExtraInfo, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/** One POST carrying requests, answered once every one of them has its result. */
interface Exchange {
  res: ServerResponse;
  unanswered: Set<RequestId>;
  results: JSONRPCMessage[];
  batch: boolean;
  streaming: boolean;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' };

const isRequest = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId; method: string } => 'method' in m && 'id' in m;
const isResult = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId } => !('method' in m) && 'id' in m && ('result' in m || 'error' in m);

export class NodeStreamableHttpTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  private closed = false;
  private readonly exchanges = new Map<RequestId, Exchange>();
  private standalone?: ServerResponse;

  /** `onInitialized` runs once the client's initialize request gave the session its id. */
  constructor(private readonly onInitialized?: (sessionId: string) => void) {}

  async start(): Promise<void> {}

  /** Answers one HTTP request of this session; `body` is the parsed JSON body of a POST. */
  async handleRequest(req: IncomingMessage, res: ServerResponse, body: unknown, authInfo?: AuthInfo): Promise<void> {
    if (this.closed) return this.refuse(res, 404, -32001, 'Session not found');
    if (req.method === 'POST') return this.post(req, res, body, authInfo);
    if (req.method === 'GET') return this.openStream(req, res);
    if (req.method === 'DELETE') {
      if (this.refuseUnlessSession(req, res)) return;
      res.writeHead(200).end();
      return this.close();
    }
    res.setHeader('allow', 'GET, POST, DELETE');
    this.refuse(res, 405, -32000, 'Method not allowed.');
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const result = isResult(message);
    const requestId = result ? message.id : options?.relatedRequestId;
    if (requestId === undefined) {
      if (result) throw new Error('Cannot send a response on a standalone SSE stream unless resuming a previous client request');
      if (this.standalone) writeEvent(this.standalone, message);
      return;
    }
    const exchange = this.exchanges.get(requestId);
    if (!exchange) {
      // Its client went away (or cancelled it): a message on the way is dropped, a result is an error.
      if (result) throw new Error(`No connection established for request ID: ${String(requestId)}`);
      return;
    }
    if (!result) {
      this.stream(exchange);
      writeEvent(exchange.res, message);
      return;
    }
    if (exchange.streaming) writeEvent(exchange.res, message);
    else exchange.results.push(message);
    this.settle(exchange, requestId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.standalone?.end();
    for (const exchange of new Set(this.exchanges.values())) {
      if (exchange.streaming) exchange.res.end();
      else if (!exchange.res.headersSent) this.refuse(exchange.res, 404, -32001, 'Session not found');
    }
    this.exchanges.clear();
    this.onclose?.();
  }

  private post(req: IncomingMessage, res: ServerResponse, body: unknown, authInfo?: AuthInfo): void {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return this.refuse(res, 406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if ((req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() !== 'application/json') {
      return this.refuse(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    const batch = Array.isArray(body);
    const parsed = (batch ? body : [body]).map((m) => JSONRPCMessageSchema.safeParse(m));
    if (parsed.length === 0 || parsed.some((p) => !p.success)) return this.refuse(res, 400, -32700, 'Parse error: Invalid JSON-RPC message');
    const messages = parsed.map((p) => p.data!);
    if (messages.some((m) => isRequest(m) && m.method === 'initialize')) {
      if (this.sessionId !== undefined) return this.refuse(res, 400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) return this.refuse(res, 400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = randomUUID();
      this.onInitialized?.(this.sessionId);
    } else if (this.refuseUnlessSession(req, res)) {
      return;
    }
    const extra: MessageExtraInfo = { authInfo, requestInfo: { headers: req.headers } };
    const requests = messages.filter(isRequest);
    if (requests.length === 0) {
      res.writeHead(202).end();
    } else {
      const exchange: Exchange = { res, unanswered: new Set(requests.map((r) => r.id)), results: [], batch, streaming: false };
      for (const id of exchange.unanswered) this.exchanges.set(id, exchange);
      // The client went away: results still to come have nowhere to go.
      res.once('close', () => {
        for (const id of exchange.unanswered) if (this.exchanges.get(id) === exchange) this.exchanges.delete(id);
      });
    }
    for (const message of messages) this.onmessage?.(message, extra);
    // A cancelled request gets no result (spec): its POST is answered without one, so the client's
    // connection is not held until it times out.
    for (const message of messages) {
      const cancelled = 'method' in message && message.method === 'notifications/cancelled' ? (message.params as { requestId?: RequestId } | undefined)?.requestId : undefined;
      const exchange = cancelled === undefined ? undefined : this.exchanges.get(cancelled);
      if (exchange) this.settle(exchange, cancelled!);
    }
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return this.refuse(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    if (this.refuseUnlessSession(req, res)) return;
    if (this.standalone) return this.refuse(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    res.writeHead(200, this.headers(SSE_HEADERS)).flushHeaders();
    this.standalone = res;
    res.once('close', () => {
      if (this.standalone === res) this.standalone = undefined;
    });
  }

  /** `requestId` needs nothing more: answers the exchange once none of its requests does. */
  private settle(exchange: Exchange, requestId: RequestId): void {
    this.exchanges.delete(requestId);
    exchange.unanswered.delete(requestId);
    if (exchange.unanswered.size > 0) return;
    if (exchange.results.length === 0) this.stream(exchange); // all cancelled: an empty event stream
    if (exchange.streaming) exchange.res.end();
    else exchange.res.writeHead(200, this.headers({ 'content-type': 'application/json' })).end(JSON.stringify(exchange.batch ? exchange.results : exchange.results[0]));
  }

  /** Switches an exchange to an event stream, sending any results it already has. */
  private stream(exchange: Exchange): void {
    if (exchange.streaming) return;
    exchange.streaming = true;
    exchange.res.writeHead(200, this.headers(SSE_HEADERS)).flushHeaders();
    for (const result of exchange.results) writeEvent(exchange.res, result);
    exchange.results = [];
  }

  /** Every request after initialize names this session and, if it names one, a protocol version we speak. */
  private refuseUnlessSession(req: IncomingMessage, res: ServerResponse): boolean {
    const sessionId = req.headers['mcp-session-id'];
    if (this.sessionId === undefined) this.refuse(res, 400, -32000, 'Bad Request: Server not initialized');
    else if (!sessionId) this.refuse(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    else if (sessionId !== this.sessionId) this.refuse(res, 404, -32001, 'Session not found');
    else {
      const version = req.headers['mcp-protocol-version'];
      if (typeof version !== 'string' || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return false;
      this.refuse(res, 400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
    }
    return true;
  }

  private refuse(res: ServerResponse, status: number, code: number, message: string): void {
    this.onerror?.(new Error(message));
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
  }

  private headers(base: Record<string, string>): Record<string, string> {
    return this.sessionId === undefined ? base : { ...base, 'mcp-session-id': this.sessionId };
  }
}

function writeEvent(res: ServerResponse, message: JSONRPCMessage): void {
  if (!res.destroyed) res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}
