// What the registered-workflow suites share: registering a checked definition for the platform's
// tenant, starting a run through the API, waiting for it to end, and building steps.
import { expect } from 'vitest';
import { validateDefinition, type WorkflowDefinitionInput } from '../../services/workflows';
import { eventually, TEST_MODEL, type TestPlatform } from './platform';

export const ENDED_STATUSES = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

/** Validated as registration validates it; resolves with the version it got. */
export async function registerWorkflow(p: TestPlatform, def: WorkflowDefinitionInput): Promise<number> {
  const result = validateDefinition(def);
  expect(result.errors).toEqual([]);
  if (!result.ok) throw new Error('invalid definition');
  return (await p.runtime.store.definitions.register(p.tenant.id, 'workflow', result.definition.name, result.definition)).record.version;
}

/** A POST to the API as the tenant's key (or another), with a JSON body when given. */
export const postAs = (p: TestPlatform, path: string, payload?: Record<string, unknown>, key = p.tenant.key) =>
  p.api.inject({ method: 'POST', url: path, headers: p.auth(key), ...(payload === undefined ? {} : { payload }) });

/** The run as `GET /v1/runs/:id` shows it. */
export const getRunOf = async (p: TestPlatform, id: string) => (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();

/** The run as `GET /v1/runs/:id` shows it, once it has ended. */
export const runEnded = (p: TestPlatform, id: string) =>
  eventually(async () => {
    const run = await getRunOf(p, id);
    return ENDED_STATUSES.includes(run.status) ? run : undefined;
  });

/** A run's step record as `GET /v1/runs/:id` shows it. */
export type StepRecord = {
  index: number; id: string; kind: string; status: string; output?: string; error?: { code: string; message: string }; attempt: number;
  startedAt: string; endedAt?: string; continued?: boolean; reused?: boolean; compensation?: boolean;
};

/** Starts a run of the registered workflow `name` through the API (202); resolves with its id. */
export async function startWorkflowRun(p: TestPlatform, name: string, inputs: Record<string, unknown> = {}, key = p.tenant.key): Promise<string> {
  const res = await p.api.inject({ method: 'POST', url: `/v1/workflows/${name}/runs`, headers: p.auth(key), payload: { inputs } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

/** A run's step records by step id. */
export const stepsOf = (run: { steps: StepRecord[] }) => Object.fromEntries(run.steps.map((s) => [s.id, s]));

export const llmStep = (id: string, prompt: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'llm' as const, model: TEST_MODEL, prompt, ...extra });

/** A step calling `name` on the test MCP server (configured as `tools`). */
export const toolStep = (id: string, name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ id, kind: 'tool' as const, server: 'tools', tool: name, arguments: args, ...extra });
