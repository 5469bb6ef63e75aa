// What every request's log lines carry besides fastify's request id: the tenant and, where one is
// known, the trace id (a run's own trace for /v1/runs/:id…, the gateway caller's X-Trace-Id).
import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { traceIdForWorkflow } from '../tracing';
import './tenant';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is a plain bounded token, else a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

function traceIdOf(request: FastifyRequest): string | undefined {
  const runId = (request.params as { id?: unknown } | undefined)?.id;
  if (request.routeOptions.url?.startsWith('/v1/runs/:id') && typeof runId === 'string' && SAFE_ID.test(runId)) return traceIdForWorkflow(runId);
  const header = request.headers['x-trace-id'];
  return typeof header === 'string' && SAFE_ID.test(header) ? header : undefined;
}

const bindTenant: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request, reply) => {
    const traceId = traceIdOf(request);
    const log = request.log.child(traceId ? { tenantId: request.tenant.id, traceId } : { tenantId: request.tenant.id });
    request.log = log;
    reply.log = log;
  });
};

/** Not encapsulated: registered right after auth, it binds the tenant on every authenticated route beside it. */
export const requestLogPlugin = fp(bindTenant, { name: 'keel-request-log', dependencies: ['keel-auth'] });
