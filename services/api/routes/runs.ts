// Agent runs: start, list, get, approve or reject a pending tool call, cancel.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RunService } from '../../agents';
import { BudgetDecisionFields, EXTEND_NEEDS_AN_AMOUNT, LIMIT_NAMES, RUN_STATUSES, ToolApprovalDecisionSchema, extendNamesAnAmount } from '../../agents/types';
import { VERSION_REASONS } from '../../versions';
import { actorOf } from '../tenant';
import { errorBody } from '../openapi';

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
  startedBy: z.string().min(1).max(100).optional().describe('Only runs started by this API key id'),
});

/** A run as the store keeps it (services/store RunRecord); `outcome`, `usage` and `steps` as the workflow wrote them. */
export const RunRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.string(),
  agentName: z.string(),
  agentVersion: z.number().int(),
  versionReason: z.string().nullable()
    .describe(`Why the run got its version: one of ${[...VERSION_REASONS, 'resumed'].join(', ')} (canary: picked by run id; requested: named in the start or resume request; resumed: the version of the run it resumes); null for runs from before version labels`),
  workflowId: z.string(),
  status: z.string().describe(`One of ${RUN_STATUSES.join(', ')}`),
  statusReason: z.object({
    since: z.string(),
    message: z.string(),
    reasons: z.array(z.looseObject({ deployment: z.string(), reason: z.string() })),
  }).nullable().describe('Why the run is in its status while it waits for a model'),
  input: z.string(),
  outcome: z.unknown().describe('{ status, output?, parsedOutput?, error?, limit? } once ended, else null'),
  usage: z.unknown().describe('{ inputTokens, outputTokens, totalTokens, costUsd, modelCalls, toolCalls } or null'),
  steps: z.array(z.unknown()).describe('Model and tool steps so far'),
  createdAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
  replayOf: z.string().nullable(),
  replay: z.object({
    of: z.string(), traceId: z.string(), mode: z.string(), from: z.string(), model: z.string().optional(), agentVersion: z.number().int().optional(),
  }).nullable().describe('What this run replays, and how'),
  conversationId: z.string().nullable().describe('The conversation this run is a turn of'),
  turn: z.number().int().nullable(),
  parentRunId: z.string().nullable().describe("The run that called this one, when it is a child agent's run"),
  parent: z.object({ runId: z.string(), workflowId: z.string(), step: z.number().int(), callIndex: z.number().int() }).nullable()
    .describe("Where the parent run called this child agent: its step and the call's place in it"),
  resumedFrom: z.string().nullable().describe("The failed run this registered workflow's run resumes (POST /v1/runs/:id/resume)"),
  startedBy: z.string().nullable().describe('Who started the run: the id of the API key (or console session key), `keel` for Keel itself; null for child and scheduled runs'),
}).meta({ title: 'RunRecord' });

const ChildRunId = { runId: z.string().optional().describe("Set when a child agent's run asks (decide it here: it is forwarded)") };
const PendingToolApprovalSchema = z.object({
  kind: z.literal('tool').optional(), toolCallId: z.string(), server: z.string(), tool: z.string(), arguments: z.record(z.string(), z.unknown()), requestedAt: z.string(), ...ChildRunId,
  message: z.string().optional().describe("A registered workflow's approval or tool step: what the person is asked (toolCallId is the step's path)"),
});
const PendingBudgetRequestSchema = z.object({
  kind: z.literal('budget'), requestId: z.string(), limit: z.enum(LIMIT_NAMES), used: z.number(), current: z.number(), requestedAt: z.string(), ...ChildRunId,
}).describe('The run reached a limit with onLimit: ask; extend it or end the run');

export const ApprovalDecisionBody = z.union([
  BudgetDecisionFields.omit({ by: true }).refine(extendNamesAnAmount, EXTEND_NEEDS_AN_AMOUNT),
  ToolApprovalDecisionSchema.omit({ by: true }),
]);
export const RunDetailSchema = RunRecordSchema.extend({
  trace: z.object({ traceId: z.string(), url: z.string() }),
  pendingApprovals: z.array(z.union([PendingBudgetRequestSchema, PendingToolApprovalSchema]))
    .describe("Tool calls and budget requests waiting for a person, this run's and its child agents' runs'"),
  live: z.boolean().describe('False when no worker answered: steps and usage are as last stored'),
}).meta({ title: 'RunDetail' });

export const runRoutes: FastifyPluginAsyncZod<{ runs: RunService }> = async (app, { runs }) => {
  app.post('/runs', { config: { scope: 'runs' }, schema: { operationId: 'startRun', summary: 'Start an agent run', tags: ['runs'], body: StartRunBody, response: { 202: RunRecordSchema.describe('The run, started') } } }, async (request, reply) => {
    const { input, ...rest } = request.body;
    const run = await runs.start(request.tenant.id, { ...rest, input: typeof input === 'string' ? input : JSON.stringify(input) }, actorOf(request));
    return reply.status(202).send(run);
  });

  app.get('/runs', { config: { scope: 'read' }, schema: {
    operationId: 'listRuns',
    summary: 'List runs, newest first, by agent, status or who started them',
    tags: ['runs'],
    querystring: ListQuery,
    response: { 200: z.object({ runs: z.array(RunRecordSchema), nextCursor: z.string().nullable() }) },
  } }, async (request) =>
    runs.list(request.tenant.id, request.query),
  );

  app.get('/runs/:id', { config: { scope: 'read' }, schema: { operationId: 'getRun', summary: 'A run: status, steps, result, usage', tags: ['runs'], params: RunParams, response: { 200: RunDetailSchema } } }, async (request) =>
    runs.get(request.tenant.id, request.params.id),
  );

  app.post('/runs/:id/approvals', {
    config: { scope: 'approve' },
    schema: {
      operationId: 'decideRunApproval',
      summary: 'Approve or reject a pending tool call, or extend or end a budget request',
      tags: ['runs'],
      params: RunParams,
      body: ApprovalDecisionBody,
      response: { 200: z.object({ accepted: z.literal(true) }), 409: errorBody('No such pending tool call or budget request, or the run has ended') },
    },
  }, async (request) => {
    await runs.decide(request.tenant.id, request.params.id, { ...request.body, by: `api-key:${request.tenant.apiKeyId}` }, actorOf(request));
    return { accepted: true as const };
  });

  app.post('/runs/:id/cancel', { config: { scope: 'runs' }, schema: {
    operationId: 'cancelRun', summary: 'Cancel a run', tags: ['runs'], params: RunParams, response: { 202: z.object({ cancelRequested: z.literal(true) }) },
  } }, async (request, reply) => {
    await runs.cancel(request.tenant.id, request.params.id, actorOf(request));
    return reply.status(202).send({ cancelRequested: true as const });
  });
};
