// What the registered-workflow suites share: registering a checked definition for the platform's
// tenant, and waiting for a run to end.
import { expect } from 'vitest';
import { validateDefinition, type WorkflowDefinitionInput } from '../../services/workflows';
import { eventually, type TestPlatform } from './platform';

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
