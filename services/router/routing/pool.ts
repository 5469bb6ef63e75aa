// Deployment slots and choice. Healthy deployments only; provisioned and self-hosted first,
// on-demand as spillover once those are saturated; least-loaded with weights inside a class.
// When every slot is taken, calls wait here: interactive ones ahead of every batch one, batch
// ones never in the share of slots reserved for interactive, and shed when held too long.
import type { z } from 'zod';
import type { Capability, Deployment, PriorityConfigSchema } from '../config';
import { RouterError } from '../errors';
import type { EngineLoad, Provider } from '../providers/types';
import type { Priority } from '../types';
import type { CircuitBreaker } from './breaker';

type PriorityConfig = z.infer<typeof PriorityConfigSchema>;

export interface DeploymentRuntime {
  dep: Deployment;
  provider: Provider;
  /** What it can honour beyond plain chat (its provider's table and its own overrides), read once. */
  caps: ReadonlySet<Capability>;
  breaker: CircuitBreaker;
  inFlight: number;
  load?: EngineLoad;
}

export interface Acquired {
  rt: DeploymentRuntime;
  /** Sent to on-demand capacity because the primary classes were saturated. */
  spilled: boolean;
}

interface Waiter {
  candidates: DeploymentRuntime[];
  priority: Priority;
  resolve(a: Acquired | undefined): void;
  reject(e: unknown): void;
  cleanup(): void;
}

export class DeploymentPool {
  private readonly interactive: Waiter[] = [];
  private readonly batch: Waiter[] = [];

  constructor(private readonly cfg: PriorityConfig, private readonly random: () => number = Math.random) {}

  waiting() {
    return { interactive: this.interactive.length, batch: this.batch.length };
  }

  /**
   * Reserves a slot on one of `candidates`, waiting for one if all are busy. Returns undefined
   * when no candidate is healthy (breaker open), so the caller can move to a fallback.
   */
  acquire(candidates: DeploymentRuntime[], priority: Priority, waitSignal: () => AbortSignal, model: string): Promise<Acquired | undefined> {
    if (!candidates.some((c) => c.breaker.available())) return Promise.resolve(undefined);
    // A batch call never jumps ahead of interactive calls already waiting.
    const mayTake = priority === 'interactive' || this.interactive.length === 0;
    const now = mayTake ? this.choose(candidates, priority) : undefined;
    if (now) return Promise.resolve(this.take(now));
    if (priority === 'batch' && this.batch.length >= this.cfg.batchMaxQueue)
      return Promise.reject(new RouterError('shed', `batch call to '${model}' shed: all deployments saturated and ${this.batch.length} batch calls already waiting`, { retryAfterS: 5 }));
    const signal = waitSignal();
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Acquired | undefined>((resolve, reject) => {
      const queue = priority === 'interactive' ? this.interactive : this.batch;
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        remove();
        reject(signal.reason);
      };
      const remove = () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        waiter.cleanup();
      };
      const waiter: Waiter = {
        candidates, priority, resolve, reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (priority === 'batch')
        timer = setTimeout(() => {
          remove();
          reject(new RouterError('shed', `batch call to '${model}' shed after waiting ${this.cfg.batchMaxWaitMs} ms for capacity`, { retryAfterS: Math.ceil(this.cfg.batchMaxWaitMs / 1000) || 1 }));
        }, this.cfg.batchMaxWaitMs);
      queue.push(waiter);
    });
  }

  /** A slot taken right now without queueing, or undefined (saturated, unhealthy, or batch behind interactive). */
  tryAcquire(candidates: DeploymentRuntime[], priority: Priority): Acquired | undefined {
    if (priority === 'batch' && this.interactive.length) return undefined;
    const a = this.choose(candidates, priority);
    return a ? this.take(a) : undefined;
  }

  release(rt: DeploymentRuntime): void {
    rt.inFlight--;
    this.pump();
  }

  /** Hands free slots to waiters, every interactive one before any batch one. */
  pump(): void {
    for (const queue of [this.interactive, this.batch]) {
      for (let i = 0; i < queue.length; ) {
        const w = queue[i];
        if (!w.candidates.some((c) => c.breaker.available())) {
          queue.splice(i, 1);
          w.cleanup();
          w.resolve(undefined);
          continue;
        }
        const a = this.choose(w.candidates, w.priority);
        if (!a) {
          i++;
          continue;
        }
        queue.splice(i, 1);
        w.cleanup();
        w.resolve(this.take(a));
      }
      if (queue === this.interactive && queue.length) return;
    }
  }

  private take(a: Acquired): Acquired {
    a.rt.inFlight++;
    a.rt.breaker.begin();
    return a;
  }

  private slotLimit(rt: DeploymentRuntime, priority: Priority): number {
    const max = rt.dep.maxConcurrency;
    return priority === 'batch' ? max - Math.floor(max * this.cfg.interactiveReservedShare) : max;
  }

  private choose(candidates: DeploymentRuntime[], priority: Priority): Acquired | undefined {
    let primaryFree: DeploymentRuntime[] | undefined;
    let primaryQueued: DeploymentRuntime[] | undefined;
    let onDemandFree: DeploymentRuntime[] | undefined;
    let hasPrimary = false;
    for (const c of candidates) {
      if (!c.breaker.available()) continue;
      const onDemand = c.dep.capacity === 'on-demand';
      if (!onDemand) hasPrimary = true;
      if (c.inFlight >= this.slotLimit(c, priority)) continue;
      if (onDemand) (onDemandFree ??= []).push(c);
      else if (c.load && c.load.waiting > c.dep.maxQueueWaiting) (primaryQueued ??= []).push(c);
      else (primaryFree ??= []).push(c);
    }
    if (primaryFree) return { rt: this.leastLoaded(primaryFree), spilled: false };
    if (onDemandFree) return { rt: this.leastLoaded(onDemandFree), spilled: hasPrimary };
    if (primaryQueued) return { rt: this.leastLoaded(primaryQueued), spilled: false };
    return undefined;
  }

  /** Weighted random by weight / (load + 1)^2: canaries get their share, busy ones less. */
  private leastLoaded(list: DeploymentRuntime[]): DeploymentRuntime {
    if (list.length === 1) return list[0];
    let total = 0;
    const eff = list.map((c) => {
      const load = c.inFlight + (c.load?.waiting ?? 0);
      const e = c.dep.weight / (load + 1) ** 2;
      total += e;
      return e;
    });
    let r = this.random() * total;
    for (let i = 0; i < list.length; i++) {
      r -= eff[i];
      if (r <= 0) return list[i];
    }
    return list[list.length - 1];
  }
}
