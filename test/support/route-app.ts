// A fastify app with the API's validation, serialization and one error handler, and a fixed caller
// in place of key auth: for exercising route plugins on their own (tests, the gateway bench).
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { errorHandler } from '../../services/api/errors';
import type { Tenant } from '../../services/api';

export function routeApp(callerOf: (request: FastifyRequest) => Tenant): FastifyInstance {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', async (request) => {
    request.tenant = callerOf(request);
  });
  return app;
}
