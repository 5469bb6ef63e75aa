// The knowledge MCP server served by the Keel API (default /mcp/knowledge), tenant from the API key.
import type { FastifyPluginAsync } from 'fastify';
import { tenantMcpRoutes } from '../shared/fastify';
import { createKnowledgeMcpServer, type KnowledgeDeps } from './tools';

export const knowledgeMcpRoutes: FastifyPluginAsync<KnowledgeDeps & { path?: string }> = async (app, opts) => {
  await app.register(tenantMcpRoutes, {
    path: opts.path ?? '/mcp/knowledge',
    operationName: 'KnowledgeMcp',
    description: 'knowledge tools: search and collections',
    scope: 'read',
    createServer: (tenant) => createKnowledgeMcpServer(opts, tenant.id),
  });
};
