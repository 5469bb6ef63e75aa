// GET /v1/usage: the caller's tenant's model usage and cost between two UTC days, grouped by any
// of agent, workflow, model and day, with totals.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { UsageQuerySchema, UsageReportSchema, type UsageReporter } from '../../usage';

export const usageRoutes: FastifyPluginAsyncZod<{ usage: UsageReporter }> = async (app, { usage }) => {
  app.get('/usage', {
    config: { scope: 'read' },
    schema: {
      operationId: 'getUsage',
      summary: 'Model usage and cost per agent, workflow, model and UTC day (from and to inclusive, at most 366 days)',
      tags: ['usage'],
      querystring: UsageQuerySchema,
      response: { 200: UsageReportSchema },
    },
  }, async (request) => usage.report(request.tenant.id, request.query));
};
