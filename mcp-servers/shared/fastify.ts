// Serves an MCP server per session on a Keel API route (Streamable HTTP; see http-transport).
// Register among the authenticated plugins: the API key's tenant is the session's tenant, and a
// session answers only requests carrying a key of that tenant.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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
  /** The API key scopes every request to this endpoint needs (checked by the API's scope guard). */
  scope: ApiScope | readonly ApiScope[];
  createServer: (tenant: McpCaller) => McpServer | Promise<McpServer>;
  /** A session with nothing open for this long is closed (default 30 minutes). */
  sessionIdleMs?: number;
}

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

  const route = { schema: { hide: true }, config: { scope: opts.scope } };
  app.post(opts.path, route, handle);
  app.get(opts.path, route, handle);
  app.delete(opts.path, route, handle);
};
