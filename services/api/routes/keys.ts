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

export const keyRoutes: FastifyPluginAsyncZod<{ keys: ApiKeyService }> = async (app, { keys }) => {
  app.post('/keys', {
    config: { scope: 'admin' },
    schema: { summary: 'Create an API key for this tenant (the key is shown in this response only)', tags: ['keys'], body: CreateBody.optional() },
  }, async (request, reply) => reply.status(201).send(await keys.create(request.tenant.id, request.body ?? {}, actorOf(request))));

  app.get('/keys', { config: { scope: 'admin' }, schema: { summary: "List this tenant's API keys (ids, labels and scopes, never the keys)", tags: ['keys'] } }, async (request) => ({
    keys: await keys.list(request.tenant.id),
  }));

  app.delete('/keys/:id', { config: { scope: 'admin' }, schema: { summary: 'Revoke an API key (effective immediately)', tags: ['keys'], params: IdParams } }, async (request, reply) => {
    await keys.revoke(request.tenant.id, request.params.id, actorOf(request));
    return reply.status(204).send();
  });
};
