// The caller's tenant's API keys: create (the key is in this response only), list (never the
// key), revoke (the key is refused from the next request on).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiKeyService } from '../../keys';
import { actorOf } from '../tenant';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const CreateBody = z.object({ label: z.string().max(100).optional() }).strict();

export const keyRoutes: FastifyPluginAsyncZod<{ keys: ApiKeyService }> = async (app, { keys }) => {
  app.post('/keys', {
    schema: { summary: 'Create an API key for this tenant (the key is shown in this response only)', tags: ['keys'], body: CreateBody.optional() },
  }, async (request, reply) => reply.status(201).send(await keys.create(request.tenant.id, request.body?.label, actorOf(request))));

  app.get('/keys', { schema: { summary: "List this tenant's API keys (ids and labels, never the keys)", tags: ['keys'] } }, async (request) => ({
    keys: await keys.list(request.tenant.id),
  }));

  app.delete('/keys/:id', { schema: { summary: 'Revoke an API key (effective immediately)', tags: ['keys'], params: IdParams } }, async (request, reply) => {
    await keys.revoke(request.tenant.id, request.params.id, actorOf(request));
    return reply.status(204).send();
  });
};
