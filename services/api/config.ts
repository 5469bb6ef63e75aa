// The `api.rateLimit` section of keel.yaml: every authenticated request counts against its
// tenant's token bucket (a steady rate with a burst on top).
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
  /** Per tenant: 20 requests/s sustained, bursts of 100 (room for a UI's or CLI's fan-out and SSE reconnects). */
  default: BucketLimitSchema.default({ requestsPerSecond: 20, burst: 100 }),
  /** Overrides by tenant id. */
  tenants: z.record(z.string(), BucketLimitSchema).default({}),
  /** Buckets kept in memory; beyond it the least recently seen tenant's bucket is dropped (it starts full again). */
  maxTrackedTenants: z.number().int().min(1).max(10_000_000).default(100_000),
});
export type RateLimitConfig = z.output<typeof RateLimitConfigSchema>;
export type RateLimitConfigInput = z.input<typeof RateLimitConfigSchema>;
