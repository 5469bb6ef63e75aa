// Per-tenant requests/tokens per minute and daily token quotas (fixed windows, UTC days).
// Counters sit behind `UsageCounterStore` so a SQL-backed store can replace the in-memory one.
import type { TenantLimit } from '../config';
import { RouterError } from '../errors';

export interface UsageCounterStore {
  /** Adds `amount` to the counter `key` for the window starting at `windowStart` and returns the new total. */
  add(key: string, windowStart: number, amount: number): number | Promise<number>;
  get(key: string, windowStart: number): number | Promise<number>;
}

/** In-memory counters; windows older than the current one are dropped as they roll over. */
export class MemoryUsageCounters implements UsageCounterStore {
  private readonly counters = new Map<string, { windowStart: number; value: number }>();
  add(key: string, windowStart: number, amount: number): number {
    const c = this.counters.get(key);
    if (!c || c.windowStart !== windowStart) {
      this.counters.set(key, { windowStart, value: amount });
      return amount;
    }
    c.value += amount;
    return c.value;
  }
  get(key: string, windowStart: number): number {
    const c = this.counters.get(key);
    return c && c.windowStart === windowStart ? c.value : 0;
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export class TenantLimiter {
  constructor(
    private readonly limits: { default: TenantLimit; tenants: Record<string, TenantLimit> },
    private readonly store: UsageCounterStore = new MemoryUsageCounters(),
    private readonly now: () => number = Date.now,
  ) {}

  private limitFor(tenantId: string): TenantLimit {
    return this.limits.tenants[tenantId] ?? this.limits.default;
  }

  /** Whether any limit applies to the tenant (callers skip admit/record, and their awaits, when not). */
  enforces(tenantId: string): boolean {
    const l = this.limitFor(tenantId);
    return !!(l.requestsPerMinute || l.tokensPerMinute || l.dailyTokens);
  }

  /** Counts one request; throws `rate_limited` (with retryAfterS) when a limit is reached. */
  async admit(tenantId: string): Promise<void> {
    const l = this.limitFor(tenantId);
    if (!l.requestsPerMinute && !l.tokensPerMinute && !l.dailyTokens) return;
    const t = this.now();
    const minute = Math.floor(t / MINUTE) * MINUTE;
    const day = Math.floor(t / DAY) * DAY;
    const untilMinute = Math.max(1, Math.ceil((minute + MINUTE - t) / 1000));
    if (l.dailyTokens && (await this.store.get(`tok-day:${tenantId}`, day)) >= l.dailyTokens)
      throw new RouterError('rate_limited', `daily token quota of ${l.dailyTokens} exhausted for tenant ${tenantId}`, { retryAfterS: Math.max(1, Math.ceil((day + DAY - t) / 1000)) });
    if (l.tokensPerMinute && (await this.store.get(`tok-min:${tenantId}`, minute)) >= l.tokensPerMinute)
      throw new RouterError('rate_limited', `token rate limit of ${l.tokensPerMinute}/min reached for tenant ${tenantId}`, { retryAfterS: untilMinute });
    if (l.requestsPerMinute) {
      const n = await this.store.add(`req-min:${tenantId}`, minute, 1);
      if (n > l.requestsPerMinute)
        throw new RouterError('rate_limited', `request rate limit of ${l.requestsPerMinute}/min reached for tenant ${tenantId}`, { retryAfterS: untilMinute });
    }
  }

  /** Records tokens a finished call consumed. */
  async record(tenantId: string, tokens: number): Promise<void> {
    const l = this.limitFor(tenantId);
    if (!tokens || (!l.tokensPerMinute && !l.dailyTokens)) return;
    const t = this.now();
    if (l.tokensPerMinute) await this.store.add(`tok-min:${tenantId}`, Math.floor(t / MINUTE) * MINUTE, tokens);
    if (l.dailyTokens) await this.store.add(`tok-day:${tenantId}`, Math.floor(t / DAY) * DAY, tokens);
  }
}
