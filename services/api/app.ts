// The HTTP API: fastify, zod schemas (validation, types and the OpenAPI document), tenant auth,
// every domain route under /v1 and one error handler.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../store';
import { authPlugin } from './auth';
import { registerBodyParsers } from './body-parsers';
import { scopeGuard, type RouteScope } from './scopes';
import { errorHandler } from './errors';
import { DEFAULT_BODY_LIMIT } from './model-calls';
import { openApiOptions } from './openapi';
import { rateLimitPlugin, type RateLimitOptions } from './rate-limit';
import { requestIdFor, requestLogPlugin } from './request-log';
import { metricsRoutes } from './routes/metrics';
import { healthRoutes, type ReadinessCheck } from './routes/health';
import { codecCors } from './codec-cors';
import { v1Routes, type ApiServices } from './routes';
import { consoleSessionRoutes } from './console-session';
import { consoleStatic } from './console-static';

export type { ApiServices } from './routes';
export type { ReadinessCheck } from './routes/health';

export interface ApiDeps {
  /** Authenticates API keys. */
  store: Store;
  services: ApiServices;
  /**
   * Authenticated plugins outside /v1, each encapsulated: the MCP endpoints (`/mcp`, …) that the
   * composition root mounts from mcp-servers/.
   */
  plugins?: Array<{ plugin: FastifyPluginAsync<any>; options?: Record<string, unknown> }>;
  /** fastify's own logger options (tests); `loggerInstance` wins. */
  logger?: boolean | object;
  /**
   * The process's structured logger (services/platform's, with redaction). Every request's lines
   * carry `requestId` (the caller's X-Request-Id when it is a plain token), `tenantId` and `traceId`
   * where known; the access log never includes headers or bodies.
   */
  loggerInstance?: FastifyBaseLogger;
  /** Per-tenant request rate limit (`api.rateLimit`); on with its defaults when absent. */
  rateLimit?: RateLimitOptions;
  /** Browser origins (the Temporal Web UI) allowed to call the codec endpoint. */
  codecCorsOrigins?: readonly string[];
  /** What `/readyz` checks (each with a short timeout); `/livez` checks nothing. */
  readiness?: ReadinessCheck[];
  /** The built console (dist/console) to serve at /console; no console when absent. */
  consoleDir?: string;
  /** The Temporal Web UI's workflows page for the namespace (the console links runs to it). */
  temporalUi?: string;
  /** Mark the console's session cookie Secure on every response (the public URL is https). */
  secureCookies?: boolean;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.loggerInstance ? { loggerInstance: deps.loggerInstance } : { logger: deps.logger ?? false }),
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: DEFAULT_BODY_LIMIT, // the model-call routes set their own (model-calls.ts)
    // Errors the router raises before any route (a malformed URL, an over-long path parameter)
    // get the same `{ error: { code, message } }` shape.
    frameworkErrors: (err, request, reply) => errorHandler(err, request, reply),
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
  registerBodyParsers(app);
  await app.register(cookie);

  await app.register(swagger, openApiOptions({ title: 'Keel API', version: '0.1.0' }));

  app.get('/healthz', {
    schema: { operationId: 'getHealth', summary: 'Liveness: the API process answers', tags: ['meta'], response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async () => ({ ok: true as const }));
  app.get('/openapi.json', {
    schema: {
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI 3.0 document',
      tags: ['meta'],
      response: { 200: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }).describe('The OpenAPI document') },
    },
  }, async () => app.swagger() as unknown as { openapi: string; info: Record<string, unknown>; paths: Record<string, unknown> });
  await app.register(metricsRoutes);
  await app.register(healthRoutes, { checks: deps.readiness ?? [] });
  if (deps.codecCorsOrigins?.length) codecCors(app, deps.codecCorsOrigins);

  const routeScopes: RouteScope[] = [];
  app.decorate('routeScopes', routeScopes);
  await app.register(async (secured) => {
    await secured.register(authPlugin, { store: deps.store });
    await secured.register(requestLogPlugin);
    await secured.register(scopeGuard, { routes: routeScopes });
    await secured.register(rateLimitPlugin, { counters: deps.store.counters, ...deps.rateLimit });
    await secured.register(v1Routes, { ...deps.services, prefix: '/v1' });
    await secured.register(consoleSessionRoutes, { store: deps.store, temporalUi: deps.temporalUi, secureCookies: deps.secureCookies, prefix: '/v1' });
    for (const { plugin, options } of deps.plugins ?? []) await secured.register(plugin, options ?? {});
  });
  if (deps.consoleDir) await app.register(consoleStatic, { dir: deps.consoleDir, prefix: '/console' });
  return app;
}
