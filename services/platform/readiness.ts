// What `/readyz` asks, on the API and on a worker: the store (one trivial query), Temporal (the
// namespace exists and the frontend answers), the vector store (a collection lookup), the blob store
// (a tiny content-addressed write, the same bytes every time), the stream bus when it is a broker,
// and, advisory only, the model router (at least one deployment whose breaker is not open and whose
// server, where it can be asked, answers and serves its model). A worker adds its Temporal workers' state.
import { sql } from 'kysely';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { ReadinessCheck } from '../api';
import type { Runtime } from './runtime';

const PROBE_TIMEOUT_MS = 1_500;
/** A collection name no tenant can create (names are validated lowercase words), so the lookup finds nothing. */
const PROBE_COLLECTION = '__keel_readiness__';
const PROBE_BLOB = 'keel readiness probe\n';

type Parts = Pick<Runtime, 'store' | 'bus' | 'vectors' | 'blobs' | 'router'>;

/** The API's checks, Temporal asked through its client. */
export function readinessChecks(runtime: Parts, temporal: Client): ReadinessCheck[] {
  const { connection } = temporal;
  const namespace = temporal.options.namespace;
  return sharedChecks(runtime, () =>
    connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.describeNamespace({ namespace })));
}

/** A worker process's checks: the same dependencies, Temporal through the worker connection, and every worker running. */
export function workerReadinessChecks(runtime: Parts, connection: NativeConnection, namespace: string, workers: () => Worker[]): ReadinessCheck[] {
  return [
    ...sharedChecks(runtime, () => connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.describeNamespace({ namespace }))),
    {
      name: 'workers',
      check: async () => {
        const states = workers().map((w) => w.getState());
        // DRAINING/STOPPING after SIGTERM: the process is on its way out and takes no new tasks.
        if (states.length === 0 || states.some((s) => s !== 'RUNNING')) throw new Error(`worker states: ${states.join(', ') || 'none yet'}`);
      },
    },
  ];
}

function sharedChecks(runtime: Parts, temporal: () => Promise<unknown>): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    { name: 'store', check: () => sql`select 1`.execute(runtime.store.db) },
    { name: 'temporal', check: temporal },
    { name: 'vector', check: () => runtime.vectors.getCollection(PROBE_COLLECTION) },
    { name: 'blobs', check: () => runtime.blobs.put(PROBE_BLOB) },
    // Advisory: in a model outage runs wait for a model (waiting_for_model), so the process stays in service.
    { name: 'models', check: () => someModelDeploymentHealthy(runtime.router), advisory: true },
  ];
  const { bus } = runtime;
  if (bus.ping) checks.push({ name: 'bus', check: () => bus.ping!() });
  return checks;
}

async function someModelDeploymentHealthy(router: Parts['router']): Promise<void> {
  const breakers = new Map((router.health?.() ?? []).map((h) => [h.deployment, h.breaker]));
  const probes = router.probe ? await router.probe(PROBE_TIMEOUT_MS) : [...breakers.keys()].map((deployment) => ({ deployment, reachable: undefined, servesModel: undefined }));
  const healthy = probes.filter((p) => breakers.get(p.deployment) !== 'open' && p.reachable !== false && p.servesModel !== false);
  if (healthy.length === 0) throw new Error(`no healthy model deployment among ${probes.length}`);
}
