// A tenant's secrets, write-only: set, list names, delete. No route returns a value.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TenantSecrets } from '../../secrets';
import { actorOf } from '../tenant';

const NameParams = z.object({ name: z.string().min(1).max(64) });
const SecretBody = z.object({ value: z.string().min(1).max(16 * 1024) }).strict();

export const secretRoutes: FastifyPluginAsyncZod<{ secrets: TenantSecrets }> = async (app, { secrets }) => {
  app.put('/secrets/:name', {
    config: { scope: 'admin' },
    schema: {
      summary: 'Set a secret (encrypted at rest; never readable back). Reference it from your MCP servers as { "secret": NAME }',
      operationId: 'setSecret',
      tags: ['secrets'],
      params: NameParams,
      body: SecretBody,
      response: { 204: z.undefined().describe('Stored') },
    },
  }, async (request, reply) => {
    await secrets.put(request.tenant.id, request.params.name, request.body.value, actorOf(request));
    return reply.status(204).send();
  });

  app.get('/secrets', { config: { scope: 'admin' }, schema: {
    operationId: 'listSecrets', summary: "List this tenant's secret names (never values)", tags: ['secrets'],
    response: { 200: z.object({ secrets: z.array(z.object({ name: z.string(), updatedAt: z.string() })) }) },
  } }, async (request) => ({
    secrets: (await secrets.list(request.tenant.id)).map(({ name, updatedAt }) => ({ name, updatedAt })),
  }));

  app.delete('/secrets/:name', { config: { scope: 'admin' }, schema: { operationId: 'deleteSecret', summary: 'Delete a secret', tags: ['secrets'], params: NameParams, response: { 204: z.undefined().describe('Deleted') } } }, async (request, reply) => {
    await secrets.remove(request.tenant.id, request.params.name, actorOf(request));
    return reply.status(204).send();
  });
};
