// The platform MCP server served by the Keel API at /mcp (Streamable HTTP). Register it among the
// authenticated plugins: the API key's tenant is the session's tenant, and a session can only be
// used with a key of the tenant that opened it.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { AgentRegistry, RunService } from '../../services/agents';
import { IdempotentResults } from '../shared/idempotency';
import { inProcessBackend } from './backend';
import { createPlatformMcpServer } from './tools';

export interface PlatformMcpOptions {
  registry: AgentRegistry;
  runs: RunService;
  path?: string;
}

const rpcError = (reply: FastifyReply, status: number, message: string) =>
  reply.status(status).send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

export const platformMcpRoutes: FastifyPluginAsync<PlatformMcpOptions> = async (app, opts) => {
  const path = opts.path ?? '/mcp';
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; tenantId: string }>();
  // Idempotency keys are scoped per tenant: one tenant's key never answers another's call.
  const results = new Map<string, IdempotentResults>();
  const resultsFor = (tenantId: string) => {
    let r = results.get(tenantId);
    if (!r) results.set(tenantId, (r = new IdempotentResults()));
    return r;
  };

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
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => void sessions.set(id, { transport, tenantId }),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await createPlatformMcpServer(inProcessBackend(opts, tenantId), resultsFor(tenantId)).connect(transport);
      session = { transport, tenantId };
    }
    reply.hijack();
    try {
      await session.transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (err) {
      request.log.error({ err }, 'mcp request failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null }));
    }
  };

  const schema = { hide: true };
  app.post(path, { schema }, handle);
  app.get(path, { schema }, handle);
  app.delete(path, { schema }, handle);
};
