// Agent runs: start, list, get, approve or reject a pending tool call, cancel.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RunService } from '../../agents';
import { ApprovalDecisionSchema, RUN_STATUSES } from '../../agents/types';
import { actorOf } from '../tenant';

const RunParams = z.object({ id: z.string().min(1).max(100) });
export const StartRunBody = z.object({
  agent: z.string().min(1).max(63),
  version: z.number().int().positive().optional(),
  input: z.union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())]),
  priority: z.enum(['interactive', 'batch']).optional(),
});
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  agent: z.string().optional(),
  status: z.enum(RUN_STATUSES).optional(),
});

export const runRoutes: FastifyPluginAsyncZod<{ runs: RunService }> = async (app, { runs }) => {
  app.post('/runs', { config: { scope: 'runs' }, schema: { summary: 'Start an agent run', tags: ['runs'], body: StartRunBody } }, async (request, reply) => {
    const { input, ...rest } = request.body;
    const run = await runs.start(request.tenant.id, { ...rest, input: typeof input === 'string' ? input : JSON.stringify(input) }, actorOf(request));
    return reply.status(202).send(run);
  });

  app.get('/runs', { config: { scope: 'read' }, schema: { summary: 'List runs, newest first, by agent or status', tags: ['runs'], querystring: ListQuery } }, async (request) =>
    runs.list(request.tenant.id, request.query),
  );

  app.get('/runs/:id', { config: { scope: 'read' }, schema: { summary: 'A run: status, steps, result, usage', tags: ['runs'], params: RunParams } }, async (request) =>
    runs.get(request.tenant.id, request.params.id),
  );

  app.post('/runs/:id/approvals', {
    config: { scope: 'approve' },
    schema: { summary: 'Approve or reject a pending tool call', tags: ['runs'], params: RunParams, body: ApprovalDecisionSchema.omit({ by: true }) },
  }, async (request) => {
    await runs.decide(request.tenant.id, request.params.id, { ...request.body, by: `api-key:${request.tenant.apiKeyId}` }, actorOf(request));
    return { accepted: true };
  });

  app.post('/runs/:id/cancel', { config: { scope: 'runs' }, schema: { summary: 'Cancel a run', tags: ['runs'], params: RunParams } }, async (request, reply) => {
    await runs.cancel(request.tenant.id, request.params.id, actorOf(request));
    return reply.status(202).send({ cancelRequested: true });
  });
};
