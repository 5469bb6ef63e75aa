// Agent definitions: register (JSON or YAML), list, get, versions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AgentRegistry } from '../../agents';
import { actorOf } from '../tenant';

const NameParams = z.object({ name: z.string().min(1).max(63) });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().positive() });
const VersionSummary = z.object({ name: z.string(), version: z.number().int(), digest: z.string().describe('sha256 of the canonical definition'), createdAt: z.string() });
const AgentVersion = VersionSummary.extend({ definition: z.record(z.string(), z.unknown()).describe('The agent definition as registered (validated)') });
const AgentSummary = z.object({ name: z.string(), latestVersion: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
const Registered = z.object({ agent: AgentVersion, created: z.boolean().describe('False when the same definition was already this version') });

export const agentRoutes: FastifyPluginAsyncZod<{ registry: AgentRegistry }> = async (app, { registry }) => {
  app.post('/agents', {
    config: { scope: 'agents:write' },
    schema: {
      operationId: 'registerAgent',
      summary: 'Register an agent definition (a changed definition becomes a new version)',
      description: 'JSON or YAML (application/yaml) body.',
      tags: ['agents'],
      consumes: ['application/json', 'application/yaml'],
      body: z.record(z.string(), z.unknown()),
      response: { 200: Registered.describe('The definition is unchanged: its existing version'), 201: Registered.describe('A new version') },
    },
  }, async (request, reply) => {
    const result = await registry.register(request.tenant.id, request.body, actorOf(request));
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.get('/agents', { config: { scope: 'read' }, schema: { operationId: 'listAgents', summary: 'List agents', tags: ['agents'], response: { 200: z.object({ agents: z.array(AgentSummary) }) } } }, async (request) => ({
    agents: await registry.list(request.tenant.id),
  }));

  app.get('/agents/:name', { config: { scope: 'read' }, schema: { operationId: 'getAgent', summary: 'Latest version of an agent', tags: ['agents'], params: NameParams, response: { 200: AgentVersion } } }, async (request) =>
    registry.get(request.tenant.id, request.params.name),
  );

  app.get('/agents/:name/versions', { config: { scope: 'read' }, schema: { operationId: 'listAgentVersions', summary: 'Versions of an agent', tags: ['agents'], params: NameParams, response: { 200: z.object({ versions: z.array(VersionSummary) }) } } }, async (request) => ({
    versions: await registry.versions(request.tenant.id, request.params.name),
  }));

  app.get('/agents/:name/versions/:version', { config: { scope: 'read' }, schema: { operationId: 'getAgentVersion', summary: 'One version of an agent', tags: ['agents'], params: VersionParams, response: { 200: AgentVersion } } }, async (request) =>
    registry.get(request.tenant.id, request.params.name, request.params.version),
  );
};
