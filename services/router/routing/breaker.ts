// Per-deployment circuit breaker: opens on consecutive failures or a failure rate over a
// sliding window, cools down, then half-opens and lets a limited number of probes through.
import type { z } from 'zod';
import type { BreakerConfigSchema } from '../config';

export type BreakerState = 'closed' | 'open' | 'half_open';
type BreakerConfig = z.infer<typeof BreakerConfigSchema>;

export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private consecutive = 0;
  private openedAt = 0;
  private probes = 0;
  /** Sliding window as ten time buckets, so recording stays O(1) at any request rate. */
  private buckets: Array<{ start: number; calls: number; failures: number }> = [];
  lastError?: string;

  constructor(private readonly cfg: BreakerConfig, private readonly now: () => number = Date.now) {}

  current(): BreakerState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.cfg.cooldownMs) this.set('half_open');
    return this.state;
  }

  /** Whether a call may go to this deployment now (without reserving a probe). */
  available(): boolean {
    const s = this.current();
    return s === 'closed' || (s === 'half_open' && this.probes < this.cfg.halfOpenProbes);
  }

  /** Reserves the call; in half-open state this takes a probe slot. */
  begin(): void {
    if (this.current() === 'half_open') this.probes++;
  }

  success(): void {
    this.record(true);
    this.consecutive = 0;
    if (this.state === 'half_open') {
      this.probes = Math.max(0, this.probes - 1);
      this.buckets = [];
      this.set('closed');
    }
  }

  failure(error: string): void {
    this.lastError = error;
    this.record(false);
    this.consecutive++;
    if (this.state === 'half_open') {
      this.probes = Math.max(0, this.probes - 1);
      return this.open();
    }
    if (this.state !== 'closed') return;
    if (this.consecutive >= this.cfg.consecutiveFailures) return this.open();
    const { calls, failures } = this.totals();
    if (calls >= this.cfg.minCalls && failures / calls >= this.cfg.failureRate) this.open();
  }

  /** A call that neither succeeded nor failed on the deployment's account (cancelled, bad input). */
  neutral(): void {
    if (this.state === 'half_open') this.probes = Math.max(0, this.probes - 1);
  }

  /** While open: milliseconds until it half-opens; 0 otherwise. */
  reopensInMs(): number {
    return this.current() === 'open' ? Math.max(0, this.openedAt + this.cfg.cooldownMs - this.now()) : 0;
  }

  snapshot() {
    const { calls, failures } = this.totals();
    return { state: this.current(), consecutiveFailures: this.consecutive, windowCalls: calls, windowFailures: failures, lastError: this.lastError };
  }

  private open() {
    this.openedAt = this.now();
    this.probes = 0;
    this.set('open');
  }

  private set(s: BreakerState) {
    this.state = s;
  }

  private totals() {
    const cutoff = this.now() - this.cfg.windowMs;
    let calls = 0;
    let failures = 0;
    for (const b of this.buckets) {
      if (b.start < cutoff) continue;
      calls += b.calls;
      failures += b.failures;
    }
    return { calls, failures };
  }

  private record(ok: boolean) {
    const width = this.cfg.windowMs / 10;
    const start = Math.floor(this.now() / width) * width;
    let b = this.buckets[this.buckets.length - 1];
    if (!b || b.start !== start) {
      b = { start, calls: 0, failures: 0 };
      this.buckets.push(b);
      if (this.buckets.length > 11) this.buckets.shift();
    }
    b.calls++;
    if (!ok) b.failures++;
  }
}
