// The Temporal workers: agent runs on the agents task queue, ingestion on the ingest queue, each
// running workflows/ (bundled once) and the activities of its kind.
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { ingestActivities } from '../../activities/ingest';
import { withIngestTracing, withTracing, type TracingHooks } from '../tracing';
import { routerEmbedder } from '../retrieval';
import type { KeelConfig } from '../config';
import type { VectorStore } from '../vector';
import type { BlobStore, SourceAccess } from '../ingest';
import type { TraceRecorder } from '../tracing';

export type WorkerRole = 'agents' | 'ingest';

export interface StartWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Record every run as a trace (generations, tool calls, outcome); off when unset. */
  tracing?: TracingHooks;
  /** Pre-bundled workflow code (tests, production images); bundled from workflows/ when unset. */
  workflowBundlePath?: string;
  identity?: string;
  /** Signals that stop the worker by themselves (Temporal's default list when unset). */
  shutdownSignals?: NodeJS.Signals[];
}

export function workflowSource(bundlePath = process.env.KEEL_WORKFLOW_BUNDLE): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve('../../workflows') };
}

/** The agents worker alone (tests and benchmarks build it this way). */
export async function createKeelWorker(opts: StartWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.tracing ? withTracing(createActivities(opts.deps), opts.tracing) : createActivities(opts.deps),
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.shutdownSignals ? { shutdownSignals: opts.shutdownSignals } : {}),
    ...workflowSource(opts.workflowBundlePath),
  });
}

/** The services the workers' activities call (services/platform's runtime is one). */
export interface WorkerServices extends ActivityDeps {
  vectors: VectorStore;
  blobs: BlobStore;
  recorder: TraceRecorder;
  tracingHooks: TracingHooks;
  /** Keel's own paths and the tenants' secrets, for ingestion sources. */
  sourceAccess?: Omit<SourceAccess, 'tenantId'>;
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
  const roles = opts.roles ?? ['agents', 'ingest'];
  const bundlePath = opts.workflowBundlePath ?? process.env.KEEL_WORKFLOW_BUNDLE;
  const workflows: Pick<WorkerOptions, 'workflowBundle'> = bundlePath
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') }) };
  const common = {
    connection: opts.connection,
    namespace: config.temporal.namespace,
    ...(opts.shutdownSignals ? { shutdownSignals: opts.shutdownSignals } : {}),
    ...workflows,
  };
  const embeddingModel = config.retrieval.embeddingModel;
  return Promise.all(
    roles.map((role) =>
      role === 'agents'
        ? Worker.create({ ...common, taskQueue: config.temporal.taskQueues.agents, activities: withTracing(createActivities(runtime), runtime.tracingHooks) })
        : Worker.create({
            ...common,
            taskQueue: config.temporal.taskQueues.ingest,
            activities: withIngestTracing(
              ingestActivities({
                store: runtime.vectors,
                blobs: runtime.blobs,
                config: config.ingest,
                access: runtime.sourceAccess,
                embedderFor: embeddingModel ? (tenantId) => routerEmbedder(runtime.router, embeddingModel, tenantId, 'batch') : undefined,
              }),
              { recorder: runtime.recorder, environment: config.environment },
            ),
          }),
    ),
  );
}

/** Runs the workers until each is shut down. */
export const runWorkers = (workers: Worker[]) => Promise.all(workers.map((w) => w.run())).then(() => undefined);

