// Registered workflows' runs: start one, resume a failed one, signal a `wait` step. Reading,
// events, approvals and cancellation are the runs routes' (GET /runs/:id and the rest work for
// every kind of run).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_SIGNAL_PAYLOAD_BYTES, NAME, type WorkflowRunService } from '../../workflows';
import { actorOf } from '../tenant';
import { errorBody } from '../openapi';
import { RunRecordSchema } from './runs';

const WorkflowParams = z.object({ name: z.string().min(1).max(63) });
export const StartWorkflowRunBody = z.object({
  inputs: z.record(z.string().max(256), z.unknown()).default({}).describe("The run's inputs, checked against the workflow's inputs JSON Schema"),
  version: z.number().int().positive().optional().describe('Run this version (else a pin, the canary by run id, or stable)'),
  priority: z.enum(['interactive', 'batch']).optional(),
}).strict();

const RunParams = z.object({ id: z.string().min(1).max(100) });
const SignalParams = RunParams.extend({
  name: z.string().regex(NAME, 'letters, digits and _, starting with a letter, at most 63 characters').describe("The signal a `wait` step waits for (its `signal`)"),
});
const ResumeBody = z.object({
  // Bounded to the store's integer column: a larger number is a 400, never a database error.
  version: z.number().int().positive().max(2_147_483_647).optional()
    .describe("Run this version of the workflow (its unchanged steps keep their results); else the failed run's version"),
  priority: z.enum(['interactive', 'batch']).optional().describe('The new run\'s priority, as when starting a run (default interactive)'),
}).strict().nullish();
const SignalBody = z.object({
  payload: z.unknown().optional().describe(`What the waiting step outputs (JSON, at most ${MAX_SIGNAL_PAYLOAD_BYTES} bytes); null when absent`),
}).strict().nullish();

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

  app.post('/runs/:id/resume', {
    config: { scope: 'runs' },
    schema: {
      operationId: 'resumeWorkflowRun',
      summary: "Resume a registered workflow's failed run: a new run reusing its steps' recorded results, live from the step that failed",
      tags: ['workflows'],
      params: RunParams,
      body: ResumeBody.describe('Optional: { version, priority }'),
      response: {
        202: RunRecordSchema.describe('The new run, started (resumedFrom names the failed run; versionReason is resumed, or requested with a version)'),
        400: errorBody("An agent's run (not_a_workflow_run), or the failed run's inputs do not match the version's inputs schema (invalid_inputs)"),
        404: errorBody('No such run, or no such version'),
        409: errorBody('The run has not finished (run_not_finished) or it completed (run_completed)'),
        413: errorBody('What the run recorded is too large to resume (resume_too_large)'),
      },
    },
  }, async (request, reply) => {
    const run = await workflowRuns.resume(request.tenant.id, request.params.id, { version: request.body?.version, priority: request.body?.priority }, actorOf(request));
    return reply.status(202).send(run);
  });

  app.post('/runs/:id/signals/:name', {
    config: { scope: 'runs' },
    bodyLimit: MAX_SIGNAL_PAYLOAD_BYTES * 2,
    schema: {
      operationId: 'signalWorkflowRun',
      summary: "Signal a registered workflow's run: a `wait` step waiting for this name continues with the payload",
      tags: ['workflows'],
      params: SignalParams,
      body: SignalBody.describe('Optional: { payload }'),
      response: {
        202: z.object({ accepted: z.literal(true) }).describe('Delivered to the run: kept until a wait step takes it'),
        400: errorBody("A bad signal name, one the run's workflow waits for nowhere (unknown_signal), or an agent's run (not_a_workflow_run)"),
        404: errorBody('No such run'),
        409: errorBody('The run has finished (run_finished)'),
        413: errorBody('The payload is too large (payload_too_large)'),
      },
    },
  }, async (request, reply) => {
    const { id, name } = request.params;
    await workflowRuns.signal(request.tenant.id, id, name, request.body?.payload, actorOf(request));
    return reply.status(202).send({ accepted: true as const });
  });
};
