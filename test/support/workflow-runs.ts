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

/** The run as `GET /v1/runs/:id` shows it, once it has ended. */
export const runEnded = (p: TestPlatform, id: string) =>
  eventually(async () => {
    const run = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    return ENDED_STATUSES.includes(run.status) ? run : undefined;
  });
