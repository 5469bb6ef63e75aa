// Where the API's per-tenant request limit is counted: the platform database (fixed windows,
// shared by every replica, the default) or process memory (a token bucket per tenant).
import type { CounterWindow } from '../store';
import type { BucketLimit } from './config';

export interface RateDecision {
  allowed: boolean;
  /** Whole requests left after this one (in the bucket, or in the window). */
  remaining: number;
  /** When denied: how long until a request will be admitted again. */
  retryAfterMs: number;
  /** What `ratelimit-limit` reports: the bucket's size, or the window's request count. */
  limit: number;
}

export interface RateLimitStore {
  /** Takes one request from `key`'s budget at time `now` (ms). */
  take(key: string, limit: BucketLimit, now: number): RateDecision | Promise<RateDecision>;
}

/** The store's counters, as far as the limiter uses them (services/store `counters`). */
export interface SharedCounters {
  add(window: CounterWindow, amount: number, cap?: number): Promise<number | null>;
}

/**
 * A rate and burst as a fixed window: it lasts burst ÷ rate (at least a second) and admits `burst`
 * requests, or rate × window when that is more. The sustained rate is the configured one; a
 * client may fit two windows' worth around a window boundary.
 */
export function fixedWindowOf(limit: BucketLimit): { windowMs: number; requests: number } {
  const windowMs = Math.max(1000, Math.ceil((limit.burst / limit.requestsPerSecond) * 1000));
  return { windowMs, requests: Math.max(limit.burst, Math.floor((limit.requestsPerSecond * windowMs) / 1000)) };
}

export const API_REQUESTS_COUNTER = 'api.requests';

/** Fixed windows in the platform database: every replica on one database shares the count. */
export class SharedRateLimitStore implements RateLimitStore {
  constructor(private readonly counters: SharedCounters) {}

  async take(key: string, limit: BucketLimit, now: number): Promise<RateDecision> {
    const { windowMs, requests } = fixedWindowOf(limit);
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const count = await this.counters.add({ tenantId: key, kind: API_REQUESTS_COUNTER, windowStart, windowMs }, 1, requests);
    if (count === null) return { allowed: false, remaining: 0, retryAfterMs: windowStart + windowMs - now, limit: requests };
    return { allowed: true, remaining: requests - count, retryAfterMs: 0, limit: requests };
  }
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** When the bucket will be full again; from then on it is indistinguishable from a new one. */
  fullAt: number;
}

/**
 * Token buckets in a Map kept in least-recently-used order. Memory stays bounded: buckets that have
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
    return { allowed, remaining: Math.floor(left), retryAfterMs: allowed ? 0 : Math.ceil((1 - left) / perMs), limit: limit.burst };
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size > this.maxKeys || bucket.fullAt <= now) this.buckets.delete(key);
      else break;
    }
  }
}
