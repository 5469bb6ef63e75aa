// Agent definitions: register (JSON or YAML), list, get, versions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AgentRegistry } from '../../agents';
import { actorOf } from '../tenant';

const NameParams = z.object({ name: z.string().min(1).max(63) });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().positive() });

export const agentRoutes: FastifyPluginAsyncZod<{ registry: AgentRegistry }> = async (app, { registry }) => {
  app.post('/agents', {
    config: { scope: 'agents:write' },
    schema: {
      summary: 'Register an agent definition (a changed definition becomes a new version)',
      tags: ['agents'],
      body: z.record(z.string(), z.unknown()),
    },
  }, async (request, reply) => {
    const result = await registry.register(request.tenant.id, request.body, actorOf(request));
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.get('/agents', { config: { scope: 'read' }, schema: { summary: 'List agents', tags: ['agents'] } }, async (request) => ({
    agents: await registry.list(request.tenant.id),
  }));

  app.get('/agents/:name', { config: { scope: 'read' }, schema: { summary: 'Latest version of an agent', tags: ['agents'], params: NameParams } }, async (request) =>
    registry.get(request.tenant.id, request.params.name),
  );

  app.get('/agents/:name/versions', { config: { scope: 'read' }, schema: { summary: 'Versions of an agent', tags: ['agents'], params: NameParams } }, async (request) => ({
    versions: await registry.versions(request.tenant.id, request.params.name),
  }));

  app.get('/agents/:name/versions/:version', { config: { scope: 'read' }, schema: { summary: 'One version of an agent', tags: ['agents'], params: VersionParams } }, async (request) =>
    registry.get(request.tenant.id, request.params.name, request.params.version),
  );
};
