// CORS for the codec endpoint alone: the Temporal Web UI calls it from the browser, from another
// origin. Only the configured origins (`api.codec.corsOrigins`) are answered; the preflight carries
// no credentials, so it is public, while the POST itself still needs an operator's admin key.
import type { FastifyInstance } from 'fastify';

const CODEC_PATH = /^\/v1\/codec\/(decode|encode)(\?|$)/;

export function codecCors(app: FastifyInstance, origins: readonly string[]) {
  app.addHook('onRequest', async (request, reply) => {
    if (!CODEC_PATH.test(request.url)) return;
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (!origin || !origins.includes(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
  });
  app.options('/v1/codec/:direction', { schema: { hide: true } }, async (request, reply) => {
    if (!CODEC_PATH.test(request.url)) return reply.status(404).send({ error: { code: 'not_found', message: `no route OPTIONS ${request.url.split('?')[0]}` } });
    if (reply.hasHeader('access-control-allow-origin')) {
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
      reply.header('access-control-allow-headers', 'authorization, content-type, x-namespace');
      reply.header('access-control-max-age', '600');
    }
    return reply.status(204).send();
  });
}
