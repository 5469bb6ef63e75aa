// Registered workflows' runs: start one. Reading, events, approvals and cancellation are the
// runs routes' (GET /runs/:id and the rest work for every kind of run).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WorkflowRunService } from '../../workflows';
import { actorOf } from '../tenant';
import { errorBody } from '../openapi';
import { RunRecordSchema } from './runs';

const WorkflowParams = z.object({ name: z.string().min(1).max(63) });
export const StartWorkflowRunBody = z.object({
  inputs: z.record(z.string().max(256), z.unknown()).default({}).describe("The run's inputs, checked against the workflow's inputs JSON Schema"),
  version: z.number().int().positive().optional().describe('Run this version (else a pin, the canary by run id, or stable)'),
  priority: z.enum(['interactive', 'batch']).optional(),
}).strict();

export const workflowRunRoutes: FastifyPluginAsyncZod<{ workflowRuns: WorkflowRunService }> = async (app, { workflowRuns }) => {
  app.post('/workflows/:name/runs', {
    config: { scope: 'runs' },
    schema: {
      operationId: 'startWorkflowRun',
      summary: 'Start a run of a registered workflow',
      tags: ['workflows'],
      params: WorkflowParams,
      body: StartWorkflowRunBody,
      response: {
        202: RunRecordSchema.describe('The run, started (kind workflow; agentName and agentVersion name the workflow and its version)'),
        400: errorBody('The inputs do not match the workflow\'s inputs schema (invalid_inputs), or the body is invalid'),
        404: errorBody('No such workflow, or no such version'),
      },
    },
  }, async (request, reply) => {
    const run = await workflowRuns.start(request.tenant.id, { workflow: request.params.name, ...request.body }, actorOf(request));
    return reply.status(202).send(run);
  });
};
