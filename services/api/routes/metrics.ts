// GET /metrics: Prometheus text from prom-client (router requests, latency and time-to-first-token
// histograms, tokens, failovers, spillovers, breaker state, plus anything else registered).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { register as globalRegistry, type Registry } from 'prom-client';

export const metricsRoutes: FastifyPluginAsync<{ registry?: Registry }> = async (app, opts) => {
  const registry = opts.registry ?? globalRegistry;
  app.get('/metrics', {
    schema: {
      operationId: 'getMetrics',
      summary: 'Prometheus metrics (text exposition format 0.0.4)',
      tags: ['meta'],
      produces: ['text/plain'],
      response: { 200: z.string().describe('Prometheus text exposition format') },
    },
  }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
};
