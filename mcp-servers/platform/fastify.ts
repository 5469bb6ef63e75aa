// The platform MCP server served by the Keel API at /mcp (tenant from the API key).
import type { FastifyPluginAsync } from 'fastify';
import type { AgentRegistry, RunService } from '../../services/agents';
import { IdempotentResults } from '../shared/idempotency';
import { tenantMcpRoutes } from '../shared/fastify';
import { inProcessBackend } from './backend';
import { createPlatformMcpServer } from './tools';

export interface PlatformMcpOptions {
  registry: AgentRegistry;
  runs: RunService;
  path?: string;
}

export const platformMcpRoutes: FastifyPluginAsync<PlatformMcpOptions> = async (app, opts) => {
  // Idempotency keys are scoped per tenant: one tenant's key never answers another's call.
  const results = new Map<string, IdempotentResults>();
  const resultsFor = (tenantId: string) => {
    let r = results.get(tenantId);
    if (!r) results.set(tenantId, (r = new IdempotentResults()));
    return r;
  };
  await app.register(tenantMcpRoutes, {
    path: opts.path ?? '/mcp',
    // list_agents and get_run read; start_run starts runs.
    operationName: 'PlatformMcp',
    description: 'platform tools: agents and runs',
    scope: ['runs', 'read'],
    createServer: (tenant) => createPlatformMcpServer(inProcessBackend(opts, tenant.id), resultsFor(tenant.id)),
  });
};
