// The HTTP API: fastify, zod schemas (validation, types and the OpenAPI document), tenant auth.
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { parse as parseYaml } from 'yaml';
import type { Store } from '../store';
import type { AgentRegistry, RunService } from '../agents';
import { authPlugin } from './auth';
import { ApiError, errorHandler } from './errors';
import { agentRoutes } from './routes/agents';
import { runRoutes } from './routes/runs';
import { runEventRoutes } from './routes/run-events';

export interface ApiDeps {
  store: Store;
  registry: AgentRegistry;
  runs: RunService;
  /** More authenticated route plugins (gateway, tools, sources…), each encapsulated. */
  plugins?: Array<{ plugin: FastifyPluginAsync<any>; options?: Record<string, unknown> }>;
  /** Unauthenticated plugins (metrics). */
  publicPlugins?: Array<{ plugin: FastifyPluginAsync<any>; options?: Record<string, unknown> }>;
  logger?: boolean | object;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 8 * 1024 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({ path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'), message: v.message }));
      const message = `invalid ${err.validationContext ?? 'request'}: ${details.map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`;
      return reply.status(400).send({ error: { code: 'invalid_request', message, details } });
    }
    return errorHandler(err as Error, request, reply);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseYaml(body as string));
    } catch (err) {
      done(new ApiError(400, 'invalid_request', `body is not valid YAML: ${(err as Error).message}`), undefined);
    }
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Keel API', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const { plugin, options } of deps.publicPlugins ?? []) await app.register(plugin, options ?? {});

  await app.register(async (secured) => {
    await secured.register(authPlugin, { store: deps.store });
    await secured.register(agentRoutes, { registry: deps.registry });
    await secured.register(runRoutes, { runs: deps.runs });
    await secured.register(runEventRoutes, { runs: deps.runs });
    for (const { plugin, options } of deps.plugins ?? []) await secured.register(plugin, options ?? {});
  });
  return app;
}
