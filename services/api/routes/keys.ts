// The caller's tenant's API keys: create with scopes (the key is in this response only), list
// (never the key), revoke (the key is refused from the next request on). Admin keys only.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiScopesSchema, DEFAULT_API_KEY_SCOPES, type ApiKeyService } from '../../keys';
import { actorOf } from '../tenant';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const CreateBody = z.object({
  label: z.string().max(100).optional(),
  scopes: ApiScopesSchema.optional().describe(`What the key may do; "admin" implies every scope. Default: ${DEFAULT_API_KEY_SCOPES.join(', ')}`),
}).strict();

const ApiKey = z.object({
  id: z.string(),
  label: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const keyRoutes: FastifyPluginAsyncZod<{ keys: ApiKeyService }> = async (app, { keys }) => {
  app.post('/keys', {
    config: { scope: 'admin' },
    schema: {
      operationId: 'createApiKey',
      summary: 'Create an API key for this tenant (the key is shown in this response only)',
      tags: ['keys'],
      body: CreateBody.optional(),
      response: { 201: ApiKey.extend({ key: z.string().describe('The API key itself; not retrievable later') }) },
    },
  }, async (request, reply) => reply.status(201).send(await keys.create(request.tenant.id, request.body ?? {}, actorOf(request))));

  app.get('/keys', { config: { scope: 'admin' }, schema: {
    operationId: 'listApiKeys', summary: "List this tenant's API keys (ids, labels and scopes, never the keys)", tags: ['keys'], response: { 200: z.object({ keys: z.array(ApiKey) }) },
  } }, async (request) => ({
    keys: await keys.list(request.tenant.id),
  }));

  app.delete('/keys/:id', { config: { scope: 'admin' }, schema: {
    operationId: 'revokeApiKey', summary: 'Revoke an API key (effective immediately)', tags: ['keys'], params: IdParams, response: { 204: z.undefined().describe('Revoked') },
  } }, async (request, reply) => {
    await keys.revoke(request.tenant.id, request.params.id, actorOf(request));
    return reply.status(204).send();
  });
};
