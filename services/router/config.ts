// Router configuration: logical models map to deployments (pool entries). Extended by the
// model-routing work; every field has a default so an empty section parses.
import { z } from 'zod';

export const DeploymentSchema = z.object({
  id: z.string().min(1),
  provider: z.enum(['openai', 'bedrock']),
  /** Model id as the provider knows it. */
  model: z.string().min(1),
  endpoint: z.string().url().optional(),
  region: z.string().optional(),
  apiKeyEnv: z.string().optional(),
  capacity: z.enum(['provisioned', 'on-demand', 'self-hosted']).default('self-hosted'),
  maxConcurrency: z.number().int().positive().default(64),
  contextWindow: z.number().int().positive().default(32_768),
  costPer1kInput: z.number().nonnegative().default(0),
  costPer1kOutput: z.number().nonnegative().default(0),
  weight: z.number().positive().default(1),
  timeoutMs: z.number().int().positive().default(120_000),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const LogicalModelSchema = z.object({
  deployments: z.array(z.string()).min(1),
  fallbacks: z.array(z.string()).default([]),
});

export const RouterConfigSchema = z.object({
  deployments: z.array(DeploymentSchema).default([]),
  models: z.record(z.string(), LogicalModelSchema).default({}),
});
export type RouterConfig = z.infer<typeof RouterConfigSchema>;
