// A run's trace in the local shape, from the local store or Langfuse, for the caller's tenant only.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ObservationSchema, readTrace, TraceIdSchema, TraceSchema, TraceSourceSchema, type LocalTraceStore, type TracingConfig } from '../../tracing';
import { DomainError, notFound } from '../../errors';
import { errorBody } from '../openapi';

export interface TraceRouteOptions {
  tracing: TracingConfig;
  /** The running recorder's store (`recorder.localStore`), or a data dir to open one from. */
  store?: LocalTraceStore;
  dataDir?: string;
}

const Params = z.object({ id: TraceIdSchema });
const Query = z.object({ from: TraceSourceSchema.default('local') });
const TraceWithObservations = z.object({ trace: TraceSchema, observations: z.array(ObservationSchema).describe('Ordered by start time; the root agent observation included') });

export const traceRoutes: FastifyPluginAsyncZod<TraceRouteOptions> = async (app, opts) => {
  app.get('/traces/:id', {
    config: { scope: 'read' },
    schema: {
      operationId: 'getTrace',
      summary: "A run's trace: the run, model calls, tool calls, retrievals",
      tags: ['traces'],
      params: Params,
      querystring: Query,
      response: { 200: TraceWithObservations, 409: errorBody('The trace source is not configured'), 502: errorBody('The trace source failed') },
    },
  }, async (request) => {
    let found;
    try {
      found = await readTrace(request.params.id, { from: request.query.from, config: opts.tracing, store: opts.store, dataDir: opts.dataDir });
    } catch (err) {
      if (err instanceof DomainError) throw err; // the source is not configured: 409 source_unavailable
      throw new DomainError('upstream_failed', 'trace_source_failed', `could not read the trace from ${request.query.from}: ${(err as Error).message}`);
    }
    // Another tenant's trace is reported exactly like a missing one.
    if (!found || found.trace.tenantId !== request.tenant.id) throw notFound(`trace ${request.params.id}`);
    return found;
  });
};
