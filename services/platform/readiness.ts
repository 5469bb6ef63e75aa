// What the API's `/readyz` asks: the store (one trivial query), Temporal (the namespace exists and
// the frontend answers) and the stream bus when it is a broker. The in-process bus has nothing to ask.
import { sql } from 'kysely';
import type { Client } from '@temporalio/client';
import type { ReadinessCheck } from '../api';
import type { Runtime } from './runtime';

export function readinessChecks(runtime: Pick<Runtime, 'store' | 'bus'>, temporal: Client): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    { name: 'store', check: () => sql`select 1`.execute(runtime.store.db) },
    { name: 'temporal', check: () => temporal.connection.withDeadline(Date.now() + 2_000, () => temporal.connection.workflowService.describeNamespace({ namespace: temporal.options.namespace })) },
  ];
  const { bus } = runtime;
  if (bus.ping) checks.push({ name: 'bus', check: () => bus.ping!() });
  return checks;
}
