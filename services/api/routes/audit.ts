// The audit log, read-only, scoped to the caller's tenant: filters and cursor pagination.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditQuerySchema, type AuditLog } from '../../audit';
import { invalid } from '../../errors';

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get('/audit', {
    config: { scope: 'read' },
    schema: { summary: 'Audit log entries, newest first', tags: ['audit'], querystring: AuditQuerySchema },
  }, async (request) => {
    const q = request.query;
    if (q.since && q.until && Date.parse(q.since) >= Date.parse(q.until)) throw invalid('since must be before until');
    return audit.list(request.tenant.id, q);
  });
};
