// The Temporal workers: agent runs on the agents task queue, registered workflows on the
// workflows queue, ingestion on the ingest queue, each running workflows/ (bundled once) and the
// activities of its kind.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { workerBundling, workflowBundleOptions } from './bundle-options';
import { createActivities, type ActivityDeps } from '../../activities';
import { ingestActivities } from '../../activities/ingest';
import { workflowActivities } from '../../activities/workflow-steps';
import { agentRunTracing, ingestTracing, type TracingHooks } from '../tracing';
import { routerEmbedder } from '../retrieval';
import type { KeelConfig } from '../config';
import type { WorkerConcurrency } from './config';
import type { VectorStore } from '../vector';
import type { Retriever } from '../retrieval';
import type { SourceAccess } from '../ingest';
import type { BlobStore } from '../blobs';
import type { TraceRecorder } from '../tracing';
import type { StreamBus } from '../bus';
import type { AuditLog } from '../audit';
import { encryptedDataConverter } from '../temporal';

/** The task-queue roles a worker process can serve (`keel worker --queues`, KEEL_WORKER_ROLES). */
export const WORKER_ROLES = ['agents', 'workflows', 'ingest'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

/** `agents,ingest` → the roles, in the order given, without duplicates; unknown names are refused. */
export function parseWorkerRoles(list: string, where: string): WorkerRole[] {
  const names = [...new Set(list.split(',').map((r) => r.trim()).filter(Boolean))];
  if (names.length === 0) throw new Error(`${where}: name at least one task queue (${WORKER_ROLES.join(', ')})`);
  const unknown = names.filter((r) => !(WORKER_ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) throw new Error(`${where}: unknown task queue ${unknown.map((u) => `"${u}"`).join(', ')} (this worker knows ${WORKER_ROLES.join(', ')})`);
  return names as WorkerRole[];
}

export interface StartWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** `audit`: where a workflows worker audits the runs schedules start. */
  deps: ActivityDeps & { audit?: AuditLog };
  /** Record every run as a trace (generations, tool calls, outcome); off when unset. */
  tracing?: TracingHooks;
  /** Pre-bundled workflow code (tests, production images); see prebuiltWorkflowBundle for the default. */
  workflowBundlePath?: string;
  identity?: string;
  /** Signals that stop the worker by themselves (Temporal's default list when unset). */
  shutdownSignals?: NodeJS.Signals[];
  /** Encrypts payloads (services/temporal's codec); the clients starting its workflows must use the same keys. */
  payloadCodec?: PayloadCodec;
  /** `workflows`: also the activities registered workflows call (the retriever serves their `retrieve` steps). */
  role?: 'agents' | 'workflows';
  retriever?: Retriever;
}

export { workflowBundleOptions, WORKFLOW_PRELOAD_MODULES } from './bundle-options';

// Where `npm run build` writes the bundle, seen from the compiled dist/services/worker/index.js (from
// the sources under tsx this path is the project root, where no bundle is written).
const BUILT_BUNDLE = resolve(__dirname, '../../workflow-bundle.js');

/**
 * The workflow bundle to load, in order: an explicit path, KEEL_WORKFLOW_BUNDLE, the bundle the build
 * wrote next to the compiled code. Undefined means bundle workflows/ at start-up.
 */
export function prebuiltWorkflowBundle(explicit?: string): string | undefined {
  if (explicit) return explicit;
  if (process.env.KEEL_WORKFLOW_BUNDLE) return process.env.KEEL_WORKFLOW_BUNDLE;
  return existsSync(BUILT_BUNDLE) ? BUILT_BUNDLE : undefined;
}

export function workflowSource(explicit?: string): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const codePath = prebuiltWorkflowBundle(explicit);
  return codePath ? { workflowBundle: { codePath } } : workerBundling();
}

/** The agents worker alone (tests and benchmarks build it this way). */
export async function createKeelWorker(opts: StartWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.role === 'workflows' ? registeredWorkflowActivities(opts.deps, opts.retriever) : createActivities(opts.deps),
    ...(opts.tracing ? { interceptors: { activity: [agentRunTracing(opts.tracing)] } } : {}),
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.shutdownSignals ? { shutdownSignals: opts.shutdownSignals } : {}),
    ...(opts.payloadCodec ? { dataConverter: encryptedDataConverter(opts.payloadCodec) } : {}),
    ...workflowSource(opts.workflowBundlePath),
  });
}

/** A workflows worker's activities: the agents' (child agents run on it too) and the steps'. */
function registeredWorkflowActivities(deps: ActivityDeps & { audit?: AuditLog }, retriever?: Retriever) {
  return { ...createActivities(deps), ...workflowActivities({ store: deps.store, blobs: deps.blobs, retriever, audit: deps.audit }) };
}

/** The services the workers' activities call (services/platform's runtime is one). */
export interface WorkerServices extends ActivityDeps {
  vectors: VectorStore;
  blobs: BlobStore;
  recorder: TraceRecorder;
  tracingHooks: TracingHooks;
  retriever: Retriever;
  /** Where run events and token deltas are published for the API's subscribers. */
  bus: StreamBus;
  /** Keel's own paths and the tenants' secrets, for ingestion sources. */
  sourceAccess?: Omit<SourceAccess, 'tenantId'>;
  /** Encrypts every payload the workers send to Temporal and decrypts what they receive. */
  payloadCodec: PayloadCodec;
}

export interface KeelWorkersOptions {
  connection: NativeConnection;
  config: KeelConfig;
  runtime: WorkerServices;
  roles?: WorkerRole[];
  workflowBundlePath?: string;
  shutdownSignals?: NodeJS.Signals[];
}

/** One worker per role, sharing one workflow bundle. */
export async function createKeelWorkers(opts: KeelWorkersOptions): Promise<Worker[]> {
  const { config, runtime } = opts;
  const roles = opts.roles ?? [...WORKER_ROLES];
  const codePath = prebuiltWorkflowBundle(opts.workflowBundlePath);
  const workflows: Pick<WorkerOptions, 'workflowBundle'> = codePath
    ? { workflowBundle: { codePath } }
    : { workflowBundle: await bundleWorkflowCode(workflowBundleOptions()) };
  const base = {
    connection: opts.connection,
    namespace: config.temporal.namespace,
    dataConverter: encryptedDataConverter(runtime.payloadCodec),
    // SIGTERM drains: polling stops, in-flight activities get this long to finish.
    shutdownGraceTime: config.worker.shutdownGraceSeconds * 1000,
    ...(opts.shutdownSignals ? { shutdownSignals: opts.shutdownSignals } : {}),
    ...workflows,
  };
  const embeddingModel = config.retrieval.embeddingModel;
  return Promise.all(
    roles.map((role) => {
      const common = { ...base, ...concurrencyOptions(config.worker.concurrency[role]) };
      if (role === 'ingest') {
        return Worker.create({
          ...common,
          taskQueue: config.temporal.taskQueues.ingest,
          activities: ingestActivities({
            store: runtime.vectors,
            blobs: runtime.blobs,
            config: config.ingest,
            access: runtime.sourceAccess,
            embedderFor: embeddingModel ? (tenantId) => routerEmbedder(runtime.router, embeddingModel, tenantId, 'batch') : undefined,
          }),
          interceptors: { activity: [ingestTracing({ recorder: runtime.recorder, environment: config.environment })] },
        });
      }
      // Registered workflows run their child agents on their own queue: the workflows worker has the agents' activities too.
      return Worker.create({
        ...common,
        taskQueue: role === 'agents' ? config.temporal.taskQueues.agents : config.temporal.taskQueues.workflows,
        activities: role === 'agents' ? createActivities(runtime) : registeredWorkflowActivities(runtime, runtime.retriever),
        interceptors: { activity: [agentRunTracing(runtime.tracingHooks)] },
      });
    }),
  );
}

/** keel.yaml's `worker.concurrency.<role>` as Temporal worker options (unset: Temporal's defaults). */
function concurrencyOptions(c: WorkerConcurrency): Partial<WorkerOptions> {
  return {
    ...(c.maxConcurrentActivities ? { maxConcurrentActivityTaskExecutions: c.maxConcurrentActivities } : {}),
    ...(c.maxConcurrentWorkflowTasks ? { maxConcurrentWorkflowTaskExecutions: c.maxConcurrentWorkflowTasks } : {}),
    ...(c.maxConcurrentLocalActivities ? { maxConcurrentLocalActivityExecutions: c.maxConcurrentLocalActivities } : {}),
  };
}

/** Runs the workers until each is shut down. */
export const runWorkers = (workers: Worker[]) => Promise.all(workers.map((w) => w.run())).then(() => undefined);

