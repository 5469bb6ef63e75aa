// The Temporal worker: runs workflows/ and activities/ on the agents task queue.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { withTracing, type TracingHooks } from '../tracing';

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

export { buildRuntime, type Runtime } from './runtime';
