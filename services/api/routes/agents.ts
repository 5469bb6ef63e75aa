// Agent definitions: register (JSON or YAML, optionally straight to stable or a canary), list, get
// a version. Versions with their labels, promote, rollback, canary, pin and diff: versions.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AgentRegistry } from '../../agents';
import { CanaryPercentSchema } from '../../versions';
import { actorOf } from '../tenant';
import { LabelsSchema } from './versions';

const NameParams = z.object({ name: z.string().min(1).max(63) });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().positive() });
const VersionSummary = z.object({ name: z.string(), version: z.number().int(), digest: z.string().describe('sha256 of the canonical definition'), createdAt: z.string() });
const AgentVersion = VersionSummary.extend({ definition: z.record(z.string(), z.unknown()).describe('The agent definition as registered (validated)') });
const AgentSummary = z.object({ name: z.string(), latestVersion: z.number().int(), stableVersion: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
const Registered = z.object({
  agent: AgentVersion,
  created: z.boolean().describe('False when the same definition was already this version'),
  labels: LabelsSchema.describe("The agent's labels after registering"),
}).meta({ title: 'AgentRegistration' });
const RegisterQuery = z.object({
  stable: z.enum(['true', 'false']).optional().describe('true: the registered version becomes stable at once'),
  canary: z.coerce.number().pipe(CanaryPercentSchema).optional().describe('The registered version becomes the canary with this share of runs (0–100)'),
});

export const agentRoutes: FastifyPluginAsyncZod<{ registry: AgentRegistry }> = async (app, { registry }) => {
  app.post('/agents', {
    config: { scope: 'agents:write' },
    schema: {
      operationId: 'registerAgent',
      summary: 'Register an agent definition (a changed definition becomes a new version)',
      description: 'JSON or YAML (application/yaml) body. The first version of a name becomes stable; later ones take no runs until promoted, made a canary or pinned — or at once with ?stable=true or ?canary=PERCENT.',
      tags: ['agents'],
      consumes: ['application/json', 'application/yaml'],
      body: z.record(z.string(), z.unknown()),
      querystring: RegisterQuery,
      response: { 200: Registered.describe('The definition is unchanged: its existing version'), 201: Registered.describe('A new version') },
    },
  }, async (request, reply) => {
    const { stable, canary } = request.query;
    const result = await registry.register(request.tenant.id, request.body, actorOf(request), { stable: stable === 'true', ...(canary !== undefined ? { canary } : {}) });
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.get('/agents', { config: { scope: 'read' }, schema: { operationId: 'listAgents', summary: 'List agents', tags: ['agents'], response: { 200: z.object({ agents: z.array(AgentSummary) }) } } }, async (request) => ({
    agents: await registry.list(request.tenant.id),
  }));

  app.get('/agents/:name', { config: { scope: 'read' }, schema: { operationId: 'getAgent', summary: 'Latest registered version of an agent (not necessarily the one runs get: see its versions and labels)', tags: ['agents'], params: NameParams, response: { 200: AgentVersion } } }, async (request) =>
    registry.get(request.tenant.id, request.params.name),
  );

  app.get('/agents/:name/versions/:version', { config: { scope: 'read' }, schema: { operationId: 'getAgentVersion', summary: 'One version of an agent', tags: ['agents'], params: VersionParams, response: { 200: AgentVersion } } }, async (request) =>
    registry.get(request.tenant.id, request.params.name, request.params.version),
  );
};
