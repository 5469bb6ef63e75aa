// Per-tenant MCP server registry: register, replace, list, get, remove, and list a server's tools.
// Specs hold secret references only; responses never contain resolved secrets.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { McpCallError, ToolDescriptor, ToolRegistryError, type McpPool, type McpServerSpec, type ToolServerRegistry } from '../../mcp';
import { ApiError } from '../errors';
import { errorBody } from '../openapi';
import { conflict, invalid, notFound } from '../../errors';

const NameParams = z.object({ name: z.string().min(1).max(64) });
const SpecBody = z.record(z.string(), z.unknown()).describe(
  'MCP server spec: { transport: "stdio", command, args, env } or { transport: "http", url, headers, bearerTokenRef }; ' +
    'secret values as { "fromEnv": "VAR" } or { "secret": "name" }',
);

const ServerRecord = z.object({
  name: z.string(),
  spec: z.record(z.string(), z.unknown()).describe('The spec as registered: secret references, never resolved values'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export interface ToolRoutesOptions {
  registry: ToolServerRegistry;
  /** Enables GET /v1/tools/servers/:name/tools (discovery through the pool). */
  pool?: McpPool;
  /** Platform servers first, then the tenant's; defaults to the tenant's registry only. */
  resolveServer?: (tenantId: string, name: string) => Promise<McpServerSpec | undefined>;
}

function apiError(err: unknown): never {
  if (err instanceof ToolRegistryError) {
    if (err.code === 'conflict') throw conflict(err.message);
    if (err.code === 'not_found') throw notFound(err.message);
    throw invalid(err.message);
  }
  if (err instanceof McpCallError) {
    throw new ApiError(err.retryable ? 503 : 422, 'tool_server_unavailable', err.message, { kind: err.kind });
  }
  throw err;
}

export const toolRoutes: FastifyPluginAsyncZod<ToolRoutesOptions> = async (app, { registry, pool, resolveServer }) => {
  app.post('/tools/servers', {
    config: { scope: 'admin' },
    schema: {
      operationId: 'registerToolServer', summary: 'Register an MCP server for this tenant (409 if the name is taken)', tags: ['tools'], body: SpecBody,
      response: { 201: ServerRecord, 409: errorBody('A server with this name exists') },
    },
  }, async (request, reply) => {
    const { name, ...spec } = request.body as { name?: unknown };
    if (typeof name !== 'string') throw invalid('invalid body: name: required string');
    const { record } = await registry.put(request.tenant.id, name, spec, 'create').catch(apiError);
    return reply.status(201).send(record);
  });

  app.put('/tools/servers/:name', {
    config: { scope: 'admin' },
    schema: {
      operationId: 'putToolServer', summary: 'Register or replace an MCP server', tags: ['tools'], params: NameParams, body: SpecBody,
      response: { 200: ServerRecord.describe('Replaced'), 201: ServerRecord.describe('Registered') },
    },
  }, async (request, reply) => {
    const { name: _ignored, ...spec } = request.body as { name?: unknown };
    const { record, created } = await registry.put(request.tenant.id, request.params.name, spec).catch(apiError);
    return reply.status(created ? 201 : 200).send(record);
  });

  app.get('/tools/servers', { config: { scope: 'read' }, schema: {
    operationId: 'listToolServers', summary: "List this tenant's MCP servers", tags: ['tools'], response: { 200: z.object({ servers: z.array(ServerRecord) }) },
  } }, async (request) => ({
    servers: await registry.list(request.tenant.id),
  }));

  app.get('/tools/servers/:name', { config: { scope: 'read' }, schema: { operationId: 'getToolServer', summary: 'One registered MCP server', tags: ['tools'], params: NameParams, response: { 200: ServerRecord } } }, async (request) => {
    const record = await registry.get(request.tenant.id, request.params.name);
    if (!record) throw notFound(`MCP server ${request.params.name}`);
    return record;
  });

  app.delete('/tools/servers/:name', { config: { scope: 'admin' }, schema: {
    operationId: 'deleteToolServer', summary: 'Remove a registered MCP server', tags: ['tools'], params: NameParams, response: { 204: z.undefined().describe('Removed') },
  } }, async (request, reply) => {
    if (!(await registry.remove(request.tenant.id, request.params.name))) throw notFound(`MCP server ${request.params.name}`);
    return reply.status(204).send();
  });

  if (pool) {
    app.get('/tools/servers/:name/tools', {
      config: { scope: 'read' },
      schema: {
        operationId: 'listToolServerTools',
        summary: 'Connect to the server and list its tools (names, schemas, annotations)',
        tags: ['tools'],
        params: NameParams,
        response: {
          200: z.object({ tools: z.array(ToolDescriptor) }),
          422: errorBody('The server refused or failed the listing'),
          503: errorBody('The server is unreachable (retryable)'),
        },
      },
    }, async (request) => {
      const spec = resolveServer ? await resolveServer(request.tenant.id, request.params.name) : (await registry.get(request.tenant.id, request.params.name))?.spec;
      if (!spec) throw notFound(`MCP server ${request.params.name}`);
      return { tools: await pool.listTools(spec).catch(apiError) };
    });
  }
};
