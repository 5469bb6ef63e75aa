// The audit log, read-only, scoped to the caller's tenant: filters and cursor pagination.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditActionSchema, AuditActorSchema, AuditQuerySchema, type AuditLog } from '../../audit';
import { invalid } from '../../errors';

const AuditPage = z.object({
  entries: z.array(z.object({
    id: z.string(),
    tenantId: z.string(),
    at: z.string(),
    action: AuditActionSchema,
    actor: AuditActorSchema,
    target: z.object({ type: z.string(), id: z.string() }),
    details: z.record(z.string(), z.unknown()),
  })),
  nextCursor: z.string().nullable(),
});

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get('/audit', {
    config: { scope: 'read' },
    schema: { operationId: 'listAuditEntries', summary: 'Audit log entries, newest first', tags: ['audit'], querystring: AuditQuerySchema, response: { 200: AuditPage } },
  }, async (request) => {
    const q = request.query;
    if (q.since && q.until && Date.parse(q.since) >= Date.parse(q.until)) throw invalid('since must be before until');
    return audit.list(request.tenant.id, q);
  });
};
