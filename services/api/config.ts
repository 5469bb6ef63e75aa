// The `api.rateLimit` section of keel.yaml: every authenticated request counts against its
// tenant's limit (a steady rate with a burst on top). Counted in the platform database by default,
// so every API replica shares one count per tenant and a restart keeps it.
import { z } from 'zod';

export const BucketLimitSchema = z.object({
  /** The steady rate: tokens added back per second. */
  requestsPerSecond: z.number().positive().max(1_000_000),
  /** The bucket's size: how many requests may arrive at once after a quiet spell. */
  burst: z.number().int().min(1).max(1_000_000),
});
export type BucketLimit = z.infer<typeof BucketLimitSchema>;

export const RateLimitConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /**
   * Where requests are counted. `store` (default): fixed windows in the platform database
   * (`store.url`), exact across API replicas and restarts; each window lasts burst ÷ rate seconds
   * (at least 1 s) and admits `burst` requests (at least rate × window). `memory`: a token bucket
   * in each process, for a single replica that must not touch the database per request.
   */
  backend: z.enum(['store', 'memory']).default('store'),
  /** Per tenant: 20 requests/s sustained, bursts of 100 (room for a UI's or CLI's fan-out and SSE reconnects). */
  default: BucketLimitSchema.default({ requestsPerSecond: 20, burst: 100 }),
  /** Overrides by tenant id. */
  tenants: z.record(z.string(), BucketLimitSchema).default({}),
  /** `memory` only: buckets kept in memory; beyond it the least recently seen tenant's bucket is dropped (it starts full again). */
  maxTrackedTenants: z.number().int().min(1).max(10_000_000).default(100_000),
});
export type RateLimitConfig = z.output<typeof RateLimitConfigSchema>;
export type RateLimitConfigInput = z.input<typeof RateLimitConfigSchema>;
