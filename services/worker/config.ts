// The `worker` section of keel.yaml: how many tasks of each kind a worker process runs at once per
// task queue, how long SIGTERM lets in-flight work finish, and the optional health listener.
import { z } from 'zod';

const Concurrency = z.object({
  /** Activities (model calls, ingestion batches) this process runs at once on the queue. */
  maxConcurrentActivities: z.number().int().min(1).max(10_000).optional(),
  /** Workflow tasks at once (they are short; tool calls run inside them as local activities). */
  maxConcurrentWorkflowTasks: z.number().int().min(2).max(10_000).optional(),
  /** Local activities at once (an agent run's tool calls). */
  maxConcurrentLocalActivities: z.number().int().min(1).max(10_000).optional(),
});
export type WorkerConcurrency = z.infer<typeof Concurrency>;

export const WorkerConfigSchema = z.object({
  /** Per task-queue role; unset values keep Temporal's defaults. */
  concurrency: z
    .object({ agents: Concurrency.prefault({}), workflows: Concurrency.prefault({}), ingest: Concurrency.prefault({}) })
    .prefault({}),
  /**
   * After SIGTERM (or SIGINT) the worker stops polling and lets in-flight activities finish for this
   * long; then they are cancelled and retried on another worker. Give the orchestrator's grace
   * period (docker `stop_grace_period`, Kubernetes `terminationGracePeriodSeconds`) a little more.
   */
  shutdownGraceSeconds: z.number().min(0).max(3600).default(30),
  /** `/livez` and `/readyz` for the worker process; port 0 (the default) serves none. */
  health: z
    .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65_535).default(0) })
    .prefault({}),
});
export type WorkerConfig = z.output<typeof WorkerConfigSchema>;
