// A process's probes on their own (a worker serves no API): `/livez` and `/readyz` over the given
// checks, nothing else, no authentication, no access log.
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { healthRoutes, type ReadinessCheck } from './routes/health';

export async function buildHealthServer(checks: readonly ReadinessCheck[], summary: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }));
  await app.register(healthRoutes, { checks, summary });
  return app;
}
