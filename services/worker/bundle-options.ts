// How workflows/ is bundled, the same for workers, `npm run build` and the tests' bundle. Paths
// without extensions: webpack resolves them, from the sources and from the compiled code alike.
import { resolve } from 'node:path';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../temporal';

/**
 * Modules evaluated once per worker thread and shared by every workflow it runs (Temporal's reusable
 * V8 context re-evaluates all other modules for each new workflow). Only pure, deterministic code
 * whose module state is a cache of pure results belongs here: the expression language (CEL engine,
 * templates, durations), whose start-up otherwise costs every registered run several milliseconds;
 * and the sandbox's stack-trace depth (workflows/sandbox.ts), set before Temporal freezes it.
 */
export const WORKFLOW_PRELOAD_MODULES = (): string[] => [resolve(__dirname, '../../workflows/sandbox'), resolve(__dirname, '../workflows/policy')];

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];
type SwcRule = { use?: { loader?: string; options?: { jsc?: { target?: string } } } };

/** The ECMAScript version workflow code is compiled to (Temporal's bundler compiles to ES2017). */
export const WORKFLOW_TARGET = 'es2022';

/**
 * Compiles workflow code for the Node.js that runs it: ES2017, the bundler's default, turns every
 * object spread (which workflow code uses on every step) into helper calls.
 */
export function targetWorkflowCode(config: WebpackConfiguration): WebpackConfiguration {
  for (const rule of (config.module?.rules ?? []) as SwcRule[]) {
    if (rule?.use?.loader?.includes('swc-loader') && rule.use.options?.jsc) rule.use.options.jsc.target = WORKFLOW_TARGET;
  }
  return config;
}

/**
 * What a worker bundles; `npm run build` bundles the same into dist/workflow-bundle.js. The failure
 * converter must be in the bundle: workflow code converts errors to failures inside it.
 */
export const workflowBundleOptions = (): Pick<BundleOptions, 'workflowsPath' | 'preloadModules' | 'failureConverterPath' | 'webpackConfigHook'> => ({
  workflowsPath: resolve(__dirname, '../../workflows'),
  preloadModules: WORKFLOW_PRELOAD_MODULES(),
  failureConverterPath: FAILURE_CONVERTER_PATH,
  webpackConfigHook: targetWorkflowCode,
});

/** The same, as Worker.create takes it when it bundles at start-up (the failure converter comes from its dataConverter). */
export const workerBundling = (): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> => ({
  workflowsPath: resolve(__dirname, '../../workflows'),
  bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES(), webpackConfigHook: targetWorkflowCode },
});
