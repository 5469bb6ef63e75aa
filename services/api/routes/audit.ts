// The audit log, read-only, scoped to the caller's tenant: filters and cursor pagination.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditQuerySchema, InvalidCursorError, type AuditLog } from '../../audit';
import { badRequest } from '../errors';

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get('/v1/audit', {
    schema: { summary: 'Audit log entries, newest first', tags: ['audit'], querystring: AuditQuerySchema },
  }, async (request) => {
    const q = request.query;
    if (q.since && q.until && Date.parse(q.since) >= Date.parse(q.until)) throw badRequest('since must be before until');
    try {
      return await audit.list(request.tenant.id, q);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw badRequest(err.message);
      throw err;
    }
  });
};
