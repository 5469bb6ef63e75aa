// Per-tenant request rate limit: a token bucket per tenant, checked right after authentication.
// Buckets sit behind `RateLimitStore` so a shared store (PostgreSQL) can replace the in-memory one
// when several API replicas must share a tenant's budget.
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { RateLimitConfigSchema, type BucketLimit, type RateLimitConfigInput } from './config';
import { ApiError } from './errors';
import './tenant';

export interface RateDecision {
  allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** When denied: how long until one request's worth has refilled. */
  retryAfterMs: number;
}

export interface RateLimitStore {
  /** Takes one request from `key`'s bucket at time `now` (ms). */
  take(key: string, limit: BucketLimit, now: number): RateDecision | Promise<RateDecision>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** When the bucket will be full again; from then on it is indistinguishable from a new one. */
  fullAt: number;
}

/**
 * Buckets in a Map kept in least-recently-used order. Memory stays bounded: buckets that have
 * refilled completely are dropped (a new one starts full, so nothing changes), and beyond
 * `maxKeys` the least recently used bucket is dropped even if not full — erring towards admitting.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys = 100_000) {}

  get size(): number {
    return this.buckets.size;
  }

  take(key: string, limit: BucketLimit, now: number): RateDecision {
    const perMs = limit.requestsPerSecond / 1000;
    const previous = this.buckets.get(key);
    const tokens = previous ? Math.min(limit.burst, previous.tokens + Math.max(0, now - previous.updatedAt) * perMs) : limit.burst;
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: left, updatedAt: now, fullAt: now + (limit.burst - left) / perMs });
    this.evict(now);
    return { allowed, remaining: Math.floor(left), retryAfterMs: allowed ? 0 : Math.ceil((1 - left) / perMs) };
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size > this.maxKeys || bucket.fullAt <= now) this.buckets.delete(key);
      else break;
    }
  }
}

export interface RateLimitOptions {
  config?: RateLimitConfigInput;
  store?: RateLimitStore;
  now?: () => number;
}

const limitTenants: FastifyPluginAsync<RateLimitOptions> = async (app, options) => {
  const config = RateLimitConfigSchema.parse(options.config ?? {});
  if (!config.enabled) return;
  const store = options.store ?? new MemoryRateLimitStore(config.maxTrackedTenants);
  const now = options.now ?? Date.now;
  app.addHook('onRequest', async (request, reply) => {
    const limit = config.tenants[request.tenant.id] ?? config.default;
    const decision = await store.take(request.tenant.id, limit, now());
    reply.header('ratelimit-limit', String(limit.burst));
    reply.header('ratelimit-remaining', String(decision.remaining));
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new ApiError(429, 'rate_limited', `request rate limit of ${limit.requestsPerSecond}/s (burst ${limit.burst}) reached; retry in ${seconds}s`, undefined, {
        'retry-after': String(seconds),
      });
    }
  });
};

/** Not encapsulated: registered after the auth plugin, its hook limits every authenticated route beside it. */
export const rateLimitPlugin = fp(limitTenants, { name: 'keel-rate-limit', dependencies: ['keel-auth'] });
