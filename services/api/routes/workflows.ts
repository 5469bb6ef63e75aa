// Workflow definitions: register (YAML or JSON, optionally straight to stable or a canary), list
// with their labels, get a version, its schedules as Temporal has them. Versions, promote, rollback,
// canary, pin and diff: versions.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CanaryPercentSchema } from '../../versions';
import { DEFINITION_LIMITS, type WorkflowRegistry, type WorkflowSchedules } from '../../workflows';
import { errorBody } from '../openapi';
import { actorOf } from '../tenant';
import { LabelsSchema } from './versions';

const NameParams = z.object({ name: z.string().min(1).max(63) });
const GetQuery = z.object({ version: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('A version; the latest when absent') });
const WorkflowVersion = z.object({
  name: z.string(),
  version: z.number().int(),
  digest: z.string().describe('sha256 of the canonical definition'),
  createdAt: z.string(),
  definition: z.record(z.string(), z.unknown()).describe('The workflow definition as registered (validated, defaults filled in)'),
});
const WorkflowSummary = z.object({
  name: z.string(),
  latestVersion: z.number().int(),
  labels: LabelsSchema.describe('Which versions new runs get: stable, canary, pinned'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const Registered = z.object({
  workflow: WorkflowVersion,
  created: z.boolean().describe('False when the same definition was already this version'),
  labels: LabelsSchema.describe("The workflow's labels after registering"),
}).meta({ title: 'WorkflowRegistration' });
const RegisterQuery = z.object({
  stable: z.enum(['true', 'false']).optional().describe('true: the registered version becomes stable at once'),
  canary: z.coerce.number().pipe(CanaryPercentSchema).optional().describe('The registered version becomes the canary with this share of runs (0–100)'),
});
const ScheduleView = z.object({
  id: z.string().describe('The Temporal Schedule id: keel-sched-<tenant>-<name>-<index>, tenant and name escaped'),
  index: z.number().int().describe("The schedule's place in the definition's schedules"),
  version: z.number().int().describe('The version whose schedule it is (the pinned version, else stable)'),
  cron: z.string(),
  timezone: z.string(),
  overlap: z.string(),
  catchupWindow: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  paused: z.boolean(),
  nextRuns: z.array(z.string()).describe('The next start times (at most 5), ISO 8601'),
  recentRuns: z.array(z.object({ runId: z.string(), scheduledAt: z.string(), takenAt: z.string() })).describe('Its latest runs, oldest first (GET /v1/runs/:id reads each)'),
  running: z.array(z.string()).describe('Ids of its runs still going'),
  actionsTaken: z.number().int(),
  createdAt: z.string(),
});
const SchedulesResponse = z.object({
  name: z.string(),
  version: z.number().int().describe('The version whose schedules exist: pinned, else stable'),
  schedules: z.array(ScheduleView),
});
const DEFINITION_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'application/json'];

/** Registration reads the definition as text, so each error can say its line and column. */
const registerRoute: FastifyPluginAsyncZod<{ registry: WorkflowRegistry }> = async (app, { registry }) => {
  app.removeContentTypeParser(DEFINITION_TYPES);
  app.addContentTypeParser(DEFINITION_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/workflows', {
    config: { scope: 'workflows:write' },
    bodyLimit: DEFINITION_LIMITS.maxDefinitionBytes,
    schema: {
      operationId: 'registerWorkflow',
      summary: 'Register a workflow definition (a changed definition becomes a new version)',
      description:
        'YAML (application/yaml) or JSON body. The offline checks and the tenant checks (the agents, MCP tools, collections, models and workflows the steps name) run first: ' +
        'any error refuses the whole definition, nothing is saved, and the 400 `invalid_workflow` lists every error as { path, step, line, column, message }. ' +
        'The first version of a name becomes stable; later ones take no runs until promoted, made a canary or pinned — or at once with ?stable=true or ?canary=PERCENT.',
      tags: ['workflows'],
      consumes: DEFINITION_TYPES,
      body: z.string().describe('The definition as YAML or JSON text'),
      querystring: RegisterQuery,
      response: {
        200: Registered.describe('The definition is unchanged: its existing version'),
        201: Registered.describe('A new version'),
        400: errorBody('invalid_workflow: details.errors lists every error with its path, step, line and column (or another invalid request)'),
        413: errorBody(`The definition is larger than ${DEFINITION_LIMITS.maxDefinitionBytes} bytes`),
      },
    },
  }, async (request, reply) => {
    const { stable, canary } = request.query;
    const result = await registry.register(request.tenant.id, request.body, actorOf(request), { stable: stable === 'true', ...(canary !== undefined ? { canary } : {}) });
    return reply.status(result.created ? 201 : 200).send(result);
  });
};

export const workflowRoutes: FastifyPluginAsyncZod<{ registry: WorkflowRegistry; schedules?: WorkflowSchedules }> = async (app, { registry, schedules }) => {
  await app.register(registerRoute, { registry });

  app.get('/workflows', { config: { scope: 'read' }, schema: {
    operationId: 'listWorkflows', summary: 'List workflows with the versions their runs get', tags: ['workflows'],
    response: { 200: z.object({ workflows: z.array(WorkflowSummary) }) },
  } }, async (request) => ({ workflows: await registry.list(request.tenant.id) }));

  app.get('/workflows/:name', { config: { scope: 'read' }, schema: {
    operationId: 'getWorkflow', summary: 'One version of a workflow (the latest without ?version; not necessarily the one runs get: see its versions and labels)',
    tags: ['workflows'], params: NameParams, querystring: GetQuery,
    response: { 200: WorkflowVersion },
  } }, async (request) => registry.get(request.tenant.id, request.params.name, request.query.version));

  if (!schedules) return;
  app.get('/workflows/:name/schedules', { config: { scope: 'read' }, schema: {
    operationId: 'listWorkflowSchedules',
    summary: "A workflow's schedules as Temporal runs them: next run times, paused, latest runs",
    description: 'The schedules of the version new runs get without asking (pinned, else stable); each started run is an ordinary run (versionReason scheduled).',
    tags: ['workflows'], params: NameParams,
    response: { 200: SchedulesResponse, 404: errorBody('No such workflow') },
  } }, async (request) => schedules.list(request.tenant.id, request.params.name));
};
