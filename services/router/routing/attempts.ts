// One routed call's journey: picks the next deployment (same tier first, then fallbacks, then
// another round), backs off with jitter between attempts, and keeps everything inside one
// overall deadline. What a failure does to the call is its kind's row in `../policy.ts`.
import type { RouterConfig } from '../config';
import { RouterError, classifyTransportError } from '../errors';
import { ERROR_KINDS } from '../policy';
import type { DeploymentFailure, Priority } from '../types';
import { backoffDelay, sleep } from './backoff';
import type { Acquired, DeploymentPool, DeploymentRuntime } from './pool';
import type { AbortSource, CallContext } from '../providers/types';
import type { Tier } from './plan';

export interface AttemptHooks {
  onFailover(rt: DeploymentRuntime, err: RouterError): void;
  onSpillover(model: string, rt: DeploymentRuntime): void;
}

export class AttemptRun {
  readonly startedAt = performance.now();
  readonly deadlineAt: number;
  readonly failovers: Array<{ deployment: string; error: string }> = [];
  private readonly tried = new Set<DeploymentRuntime>();
  private tierIdx = 0;
  private attempt = 0;
  private lastError?: RouterError;
  /** Created only when the call has to wait (slot, backoff): the fast path allocates no extra signal. */
  private waitController?: AbortController;
  private waitTimer?: NodeJS.Timeout;
  private onWaitAbort?: () => void;
  /** Restricts the current pick (e.g. to deployments that can continue a stream). */
  private eligible?: (rt: DeploymentRuntime) => boolean;
  private cancelled = false;

  constructor(
    private readonly cfg: RouterConfig,
    private readonly pool: DeploymentPool,
    private readonly tiers: Tier[],
    private readonly model: string,
    private readonly priority: Priority,
    private readonly hooks: AttemptHooks,
    private readonly timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
    private readonly random: () => number = Math.random,
  ) {
    this.deadlineAt = this.startedAt + timeoutMs;
  }

  private deadlineError(): RouterError {
    return new RouterError('timeout', `deadline of ${this.timeoutMs} ms exceeded for '${this.model}'${this.summary()}`);
  }

  private cancelledError(): RouterError {
    return new RouterError('cancelled', 'cancelled by caller');
  }

  /** Aborts at the deadline or when the caller cancels. */
  private waitSignal(): AbortSignal {
    if (this.waitController) return this.waitController.signal;
    const c = (this.waitController = new AbortController());
    if (this.cancelled) c.abort(this.cancelledError());
    this.waitTimer = setTimeout(() => c.abort(this.deadlineError()), Math.max(0, this.deadlineAt - performance.now()));
    if (this.callerSignal) {
      this.onWaitAbort = () => c.abort(this.cancelledError());
      if (this.callerSignal.aborted) this.onWaitAbort();
      else this.callerSignal.addEventListener('abort', this.onWaitAbort, { once: true });
    }
    return c.signal;
  }

  /** Reserves the next deployment to try. Throws the classified reason when none is left. */
  async next(eligible?: (rt: DeploymentRuntime) => boolean): Promise<Acquired & { logicalModel: string }> {
    this.eligible = eligible;
    this.attempt++;
    if (this.attempt > this.cfg.retry.maxAttempts) throw this.giveUp(`gave up after ${this.cfg.retry.maxAttempts} attempts`);
    let retryRound = false;
    if (!this.hasUntried()) {
      if (!this.tried.size) throw this.giveUp(this.noneLeft());
      if (this.lastError && !ERROR_KINDS[this.lastError.kind].retried) throw this.giveUp(`no deployment left that could take a call failing with ${this.lastError.kind}`);
      retryRound = true;
      this.tried.clear();
      this.tierIdx = 0;
    }
    if (this.attempt > 1) {
      let delay = backoffDelay(this.attempt - 1, this.cfg.retry.baseBackoffMs, this.cfg.retry.maxBackoffMs, this.random);
      if (retryRound && this.lastError?.info.retryAfterS) delay = Math.max(delay, this.lastError.info.retryAfterS * 1000);
      if (performance.now() + delay >= this.deadlineAt) throw this.giveUp('deadline leaves no time for another attempt');
      await sleep(delay, this.waitSignal()).catch(() => this.throwAborted());
    }
    while (this.tierIdx < this.tiers.length) {
      const tier = this.tiers[this.tierIdx];
      const cands = tier.deployments.filter((rt) => !this.tried.has(rt) && (!eligible || eligible(rt)));
      if (cands.length) {
        let a: Acquired | undefined;
        try {
          a = await this.pool.acquire(cands, this.priority, () => this.waitSignal(), this.model);
        } catch (err) {
          this.throwIfOver();
          throw err;
        }
        if (a) {
          this.tried.add(a.rt);
          if (a.spilled) this.hooks.onSpillover(tier.model, a.rt);
          return { ...a, logicalModel: tier.model };
        }
      }
      this.tierIdx++;
    }
    throw this.giveUp(this.noneLeft());
  }

  private noneLeft(): string {
    return this.eligible ? 'no healthy deployment able to continue the stream' : 'no healthy deployment (circuit breakers open)';
  }

  /**
   * Records a failed attempt. Returns the classified error when the call may fail over;
   * throws it when the failure is final (bad input, access, caller cancel, deadline).
   */
  fail(rt: DeploymentRuntime, err: unknown): RouterError {
    this.throwIfOver();
    const e = err instanceof RouterError ? err : classifyTransportError(err, rt.dep.id);
    const failover = ERROR_KINDS[e.kind].failover;
    if (failover === 'none') throw e;
    if (failover === 'larger-context')
      for (const tier of this.tiers) for (const d of tier.deployments) if (d.dep.contextWindow <= rt.dep.contextWindow) this.tried.add(d);
    this.lastError = e;
    this.failovers.push({ deployment: rt.dep.id, error: `${e.kind}: ${e.message}` });
    this.hooks.onFailover(rt, e);
    return e;
  }

  /**
   * An AbortSignal for one attempt: aborts on its own timer, at the deadline, or on caller cancel.
   * `reset` only records activity; the single timer re-arms itself lazily, so per-chunk resets
   * on a stream cost no timer churn.
   */
  attemptSignal(ms: number, onAbort?: AttemptAbortListener): AttemptClock {
    return new AttemptClock(this, ms, this.deadlineAt, this.callerSignal, onAbort);
  }

  /** Ends the call as cancelled by the caller (like its signal aborting): waits end, fail() throws. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.waitController?.abort(this.cancelledError());
  }

  /** @internal the errors an AttemptClock aborts with. */
  abortReason(kind: 'deadline' | 'cancelled'): RouterError {
    return kind === 'deadline' ? this.deadlineError() : this.cancelledError();
  }

  /**
   * The first pick without waiting, when the first tier has a free slot right now; undefined
   * otherwise, and then `next()` does the full work (waiting, fallbacks, giving up).
   */
  tryFirst(): (Acquired & { logicalModel: string }) | undefined {
    if (this.attempt !== 0 || !this.tiers.length || this.cfg.retry.maxAttempts < 1) return undefined;
    const tier = this.tiers[0];
    const a = this.pool.tryAcquire(tier.deployments, this.priority);
    if (!a) return undefined;
    this.attempt = 1;
    this.tried.add(a.rt);
    if (a.spilled) this.hooks.onSpillover(tier.model, a.rt);
    return { rt: a.rt, spilled: a.spilled, logicalModel: tier.model };
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  dispose(): void {
    if (this.waitTimer) clearTimeout(this.waitTimer);
    if (this.onWaitAbort) this.callerSignal?.removeEventListener('abort', this.onWaitAbort);
  }

  private hasUntried(): boolean {
    for (let i = this.tierIdx; i < this.tiers.length; i++)
      for (const rt of this.tiers[i].deployments)
        if (!this.tried.has(rt) && rt.breaker.available() && (!this.eligible || this.eligible(rt))) return true;
    return false;
  }

  private summary(): string {
    return this.failovers.length ? ` after ${this.failovers.length} failed attempt(s): ${this.failovers.map((f) => `${f.deployment} (${f.error})`).join('; ')}` : '';
  }

  private giveUp(why: string): RouterError {
    const last = this.lastError;
    const retryAfterS = last?.info.retryAfterS ?? this.breakersReopenInS();
    return new RouterError(last?.kind ?? 'no_deployment', `${why} for '${this.model}'${this.summary()}`, {
      ...(retryAfterS !== undefined ? { retryAfterS } : {}),
      reasons: this.reasons(),
    });
  }

  /** The last failure of each deployment tried, and an open breaker for each one skipped. */
  private reasons(): DeploymentFailure[] {
    const byDeployment = new Map<string, string>();
    for (const f of this.failovers) byDeployment.set(f.deployment, f.error);
    for (const tier of this.tiers)
      for (const rt of tier.deployments)
        if (!byDeployment.has(rt.dep.id) && !rt.breaker.available())
          byDeployment.set(rt.dep.id, `circuit breaker open${rt.breaker.lastError ? ` (last error: ${rt.breaker.lastError})` : ''}`);
    return [...byDeployment].map(([deployment, reason]) => ({ deployment, reason }));
  }

  /** When nothing was tried because every breaker is open: seconds until the first one half-opens. */
  private breakersReopenInS(): number | undefined {
    if (this.tried.size > 0) return undefined;
    const waits = this.tiers.flatMap((t) => t.deployments.map((rt) => rt.breaker.reopensInMs())).filter((ms) => ms > 0);
    return waits.length > 0 ? Math.ceil(Math.min(...waits) / 1000) : undefined;
  }

  private throwAborted(): never {
    if (this.cancelled || this.callerSignal?.aborted) throw this.cancelledError();
    throw this.deadlineError();
  }

  /** Ends the call when the caller cancelled or the deadline passed. */
  private throwIfOver(): void {
    if (this.cancelled || this.callerSignal?.aborted) throw this.cancelledError();
    if (performance.now() >= this.deadlineAt - 1) throw this.deadlineError();
  }
}

/** A unary attempt's call context: the clock as signal source; an AbortSignal only if a provider reads `signal`. */
export class AttemptContext implements CallContext {
  constructor(private readonly clock: AttemptClock, readonly traceId: string | undefined) {}

  get signal(): AbortSignal {
    return this.clock.signal;
  }

  get abortSource(): AbortSource {
    return this.clock;
  }
}

/** Told when an attempt clock aborts (an object, so callers need no closure per attempt). */
export interface AttemptAbortListener {
  attemptAborted(reason: RouterError): void;
}

function fireClock(c: AttemptClock) {
  c.fire();
}

/**
 * One attempt's timer, as one object (no closures per attempt). It aborts through `onAbort` when
 * given (push streams), else through `signal`, whose AbortController is made only when read.
 */
export class AttemptClock implements AbortSource {
  private controller?: AbortController;
  /** Why the attempt was aborted (undefined while it runs). */
  reason?: RouterError;
  private listeners?: Array<() => void>;
  private limit: number;
  private since = performance.now();
  private paused = false;
  private expired = false;
  private timer: NodeJS.Timeout;

  constructor(private readonly run: AttemptRun, ms: number, private readonly deadlineAt: number, private readonly caller?: AbortSignal,
    private readonly onAbort?: AttemptAbortListener) {
    this.limit = ms;
    this.timer = setTimeout(fireClock, Math.max(1, Math.min(ms, deadlineAt - this.since)), this);
    if (caller) {
      if (caller.aborted) this.handleEvent();
      else caller.addEventListener('abort', this, { once: true });
    }
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.reason !== undefined;
  }

  /** AbortSource: undici takes the clock itself as a request's signal. */
  addEventListener(_type: 'abort', listener: () => void): void {
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.listeners?.indexOf(listener) ?? -1;
    if (i >= 0) this.listeners!.splice(i, 1);
  }

  /** Aborts the attempt (the caller cancelled, or the run was cancelled). */
  abort(reason: RouterError): void {
    if (this.reason) return;
    this.reason = reason;
    clearTimeout(this.timer);
    this.controller?.abort(reason);
    this.onAbort?.attemptAborted(reason);
    if (this.listeners) for (const listener of this.listeners.splice(0)) listener();
  }

  /** The caller's signal aborted (EventListener object form). */
  handleEvent(): void {
    this.abort(this.run.abortReason('cancelled'));
  }

  fire(): void {
    const now = performance.now();
    const left = this.deadlineAt - now;
    const idleLeft = this.paused ? this.limit : this.since + this.limit - now;
    if (left <= 1) return this.abort(this.run.abortReason('deadline'));
    if (idleLeft > 1) return void (this.timer = setTimeout(fireClock, Math.min(idleLeft, left), this));
    this.expired = true;
    this.abort(new RouterError('timeout', `attempt exceeded ${this.limit} ms`));
  }

  timedOut(): boolean {
    return this.expired;
  }

  /** Stops the idle clock (while the consumer handles a chunk); the next reset restarts it. */
  pause(): void {
    this.paused = true;
  }

  reset(t: number): void {
    this.paused = false;
    this.since = performance.now();
    if (t < this.limit && !this.reason) {
      clearTimeout(this.timer);
      this.timer = setTimeout(fireClock, Math.max(1, Math.min(t, this.deadlineAt - this.since)), this);
    }
    this.limit = t;
  }

  done(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this);
  }
}
