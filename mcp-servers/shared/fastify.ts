// Serves an MCP server per session on a Keel API route (Streamable HTTP; see http-transport).
// Register among the authenticated plugins: the API key's tenant is the session's tenant, and a
// session answers only requests carrying a key of that tenant.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ApiScope } from '../../services/keys';
import { NodeStreamableHttpTransport } from './http-transport';
import { McpSessions } from './sessions';

/** The authenticated caller the API's auth hook puts on the request. */
export interface McpCaller {
  id: string;
  name: string;
}

export interface TenantMcpOptions {
  path: string;
  /** Names this endpoint's operations in the API's OpenAPI document (e.g. `PlatformMcp`: postPlatformMcp, …). */
  operationName: string;
  /** What the endpoint serves, for the OpenAPI document. */
  description: string;
  /** The API key scopes every request to this endpoint needs (checked by the API's scope guard). */
  scope: ApiScope | readonly ApiScope[];
  createServer: (tenant: McpCaller) => McpServer | Promise<McpServer>;
  /** A session with nothing open for this long is closed (default 30 minutes). */
  sessionIdleMs?: number;
}

const JsonRpcError = z.object({
  jsonrpc: z.literal('2.0'),
  error: z.object({ code: z.number().int(), message: z.string() }),
  id: z.null(),
}).describe('A JSON-RPC error without a session (unknown session, or no initialize first)');
/** Failures the API answers before this handler runs (an unparsable body): Keel's `{ error: { code, message } }`. */
const ApiErrorBody = z.object({ error: z.looseObject({ code: z.string(), message: z.string() }) });
const SessionHeaders = z.looseObject({
  'mcp-session-id': z.string().optional().describe('The session, from the initialize response (absent on initialize)'),
  'mcp-protocol-version': z.string().optional(),
});
const JsonRpcMessage = z.looseObject({ jsonrpc: z.literal('2.0') });
const StreamableHttpReply = z.string().describe('application/json (one JSON-RPC response) or text/event-stream (responses and server messages)');

const rpcError = (reply: FastifyReply, status: number, message: string) =>
  reply.status(status).send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

export const tenantMcpRoutes: FastifyPluginAsync<TenantMcpOptions> = async (app, opts) => {
  const sessions = new McpSessions<string>(opts.sessionIdleMs);
  app.addHook('onClose', () => sessions.closeAll());

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const tenantId = request.tenant.id;
    const sessionId = request.headers['mcp-session-id'];
    let transport = typeof sessionId === 'string' ? sessions.find(sessionId, tenantId) : undefined;
    if (transport) {
      sessions.track(transport, reply.raw);
    } else {
      if (sessionId !== undefined) return rpcError(reply, 404, 'session not found');
      if (request.method !== 'POST' || !isInitializeRequest(request.body)) return rpcError(reply, 400, 'no session: send initialize first');
      const created: NodeStreamableHttpTransport = new NodeStreamableHttpTransport((id) => sessions.add(id, created, tenantId));
      await (await opts.createServer(request.tenant)).connect(created);
      transport = created;
    }
    reply.hijack();
    try {
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (err) {
      request.log.error({ err }, 'mcp request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null }));
      }
    }
  };

  // The transport writes the reply itself (hijacked), so the 200 schemas document and never serialize.
  const config = { scope: opts.scope };
  const common = { tags: ['mcp'], headers: SessionHeaders };
  const errors = { 400: z.union([JsonRpcError, ApiErrorBody]), 404: JsonRpcError.describe('Unknown session (or another tenant’s)') };
  app.post(opts.path, {
    config,
    schema: {
      ...common,
      operationId: `post${opts.operationName}`,
      summary: `MCP Streamable HTTP: send JSON-RPC messages (${opts.description})`,
      body: z.union([JsonRpcMessage, z.array(JsonRpcMessage)]),
      response: { 200: StreamableHttpReply, 202: z.undefined().describe('Notifications and responses accepted'), ...errors },
      eventStream: { description: 'JSON-RPC responses and server requests as SSE `data:` lines' },
    },
  }, handle);
  app.get(opts.path, {
    config,
    schema: {
      ...common,
      operationId: `stream${opts.operationName}`,
      summary: `MCP Streamable HTTP: open the session's server-to-client stream (${opts.description})`,
      response: { 200: z.string(), ...errors },
      eventStream: { only: true, description: 'Server-initiated JSON-RPC messages as SSE' },
    },
  }, handle);
  app.delete(opts.path, {
    config,
    schema: {
      ...common,
      operationId: `end${opts.operationName}Session`,
      summary: `MCP Streamable HTTP: end the session (${opts.description})`,
      response: { 200: z.undefined().describe('Session ended'), ...errors },
    },
  }, handle);
};
