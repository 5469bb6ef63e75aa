// Per-tenant requests/tokens per minute and daily token quotas (fixed windows, UTC days).
// Counters sit behind `UsageCounterStore`: in memory by default; the platform wires the store's
// shared counters (services/store `counters`) so every API replica and worker counts together.
import type { TenantLimit } from '../config';
import { RouterError } from '../errors';

/** One counter's window (the shape of services/store's `CounterWindow`). */
export interface UsageCounterWindow {
  tenantId: string;
  kind: string;
  windowStart: number;
  windowMs: number;
}

export interface UsageCounterStore {
  /** Adds `amount` to the window's counter and returns the new total. */
  add(window: UsageCounterWindow, amount: number): Promise<number | null> | number;
  get(window: UsageCounterWindow): Promise<number> | number;
}

/** In-memory counters; windows older than the current one are dropped as they roll over. */
export class MemoryUsageCounters implements UsageCounterStore {
  private readonly counters = new Map<string, { windowStart: number; value: number }>();
  add(w: UsageCounterWindow, amount: number): number {
    const key = `${w.kind}:${w.tenantId}`;
    const c = this.counters.get(key);
    if (!c || c.windowStart !== w.windowStart) {
      this.counters.set(key, { windowStart: w.windowStart, value: amount });
      return amount;
    }
    c.value += amount;
    return c.value;
  }
  get(w: UsageCounterWindow): number {
    const c = this.counters.get(`${w.kind}:${w.tenantId}`);
    return c && c.windowStart === w.windowStart ? c.value : 0;
  }
}

/** The counters' kinds, as stored. */
export const ROUTER_COUNTERS = { requestsPerMinute: 'router.requests.minute', tokensPerMinute: 'router.tokens.minute', dailyTokens: 'router.tokens.day' } as const;

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
    const window = (kind: string, windowStart: number, windowMs: number) => ({ tenantId, kind, windowStart, windowMs });
    if (l.dailyTokens && (await this.store.get(window(ROUTER_COUNTERS.dailyTokens, day, DAY))) >= l.dailyTokens)
      throw new RouterError('rate_limited', `daily token quota of ${l.dailyTokens} exhausted for tenant ${tenantId}`, { retryAfterS: Math.max(1, Math.ceil((day + DAY - t) / 1000)) });
    if (l.tokensPerMinute && (await this.store.get(window(ROUTER_COUNTERS.tokensPerMinute, minute, MINUTE))) >= l.tokensPerMinute)
      throw new RouterError('rate_limited', `token rate limit of ${l.tokensPerMinute}/min reached for tenant ${tenantId}`, { retryAfterS: untilMinute });
    if (l.requestsPerMinute) {
      const n = await this.store.add(window(ROUTER_COUNTERS.requestsPerMinute, minute, MINUTE), 1);
      if (n !== null && n > l.requestsPerMinute)
        throw new RouterError('rate_limited', `request rate limit of ${l.requestsPerMinute}/min reached for tenant ${tenantId}`, { retryAfterS: untilMinute });
    }
  }

  /** Records tokens a finished call consumed. */
  async record(tenantId: string, tokens: number): Promise<void> {
    const l = this.limitFor(tenantId);
    if (!tokens || (!l.tokensPerMinute && !l.dailyTokens)) return;
    const t = this.now();
    if (l.tokensPerMinute) await this.store.add({ tenantId, kind: ROUTER_COUNTERS.tokensPerMinute, windowStart: Math.floor(t / MINUTE) * MINUTE, windowMs: MINUTE }, tokens);
    if (l.dailyTokens) await this.store.add({ tenantId, kind: ROUTER_COUNTERS.dailyTokens, windowStart: Math.floor(t / DAY) * DAY, windowMs: DAY }, tokens);
  }
}
