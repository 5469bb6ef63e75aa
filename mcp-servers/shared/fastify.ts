// Serves an MCP server per session on a Keel API route (Streamable HTTP; see http-transport).
// Register among the authenticated plugins: the API key's tenant is the session's tenant, and a
// session answers only requests carrying a key of that tenant.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Tenant } from '../../services/api';
import { NodeStreamableHttpTransport } from './http-transport';

export interface TenantMcpOptions {
  path: string;
  createServer: (tenant: Tenant) => McpServer | Promise<McpServer>;
}

const rpcError = (reply: FastifyReply, status: number, message: string) =>
  reply.status(status).send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

export const tenantMcpRoutes: FastifyPluginAsync<TenantMcpOptions> = async (app, opts) => {
  const sessions = new Map<string, { transport: NodeStreamableHttpTransport; tenantId: string }>();

  app.addHook('onClose', async () => {
    await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
    sessions.clear();
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const tenantId = request.tenant.id;
    const sessionId = request.headers['mcp-session-id'];
    let session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (session && session.tenantId !== tenantId) session = undefined;
    if (!session) {
      if (sessionId !== undefined) return rpcError(reply, 404, 'session not found');
      if (request.method !== 'POST' || !isInitializeRequest(request.body)) return rpcError(reply, 400, 'no session: send initialize first');
      const transport: NodeStreamableHttpTransport = new NodeStreamableHttpTransport((id) => void sessions.set(id, { transport, tenantId }));
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await (await opts.createServer(request.tenant)).connect(transport);
      session = { transport, tenantId };
    }
    reply.hijack();
    try {
      await session.transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (err) {
      request.log.error({ err }, 'mcp request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null }));
      }
    }
  };

  const schema = { hide: true };
  app.post(opts.path, { schema }, handle);
  app.get(opts.path, { schema }, handle);
  app.delete(opts.path, { schema }, handle);
};
