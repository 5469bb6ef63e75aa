// How a registered workflow's steps are run, apart from what each kind does: bounded concurrency,
// per-attempt timeouts, durations, and which failures a step's retries see.
import { ActivityFailure, ApplicationFailure, CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import { StepFailure, lang, type Value } from './values';

export class LimitReached extends Error {
  constructor(readonly limit: 'max_total_tokens' | 'max_cost_usd') {
    super(`limit reached: ${limit}`);
  }
}

/** Definitions are validated before they run: a duration that does not parse is a definition error. */
export function parseDuration(text: string): number {
  const ms = lang().parseDuration(text);
  if (ms === undefined) throw new StepFailure('invalid_definition', `"${text}" is not a duration`);
  return ms;
}

/**
 * Runs `tasks` at most `limit` at a time, starting them in order of index; every started task
 * finishes. After a failure no new task starts; the first failure (by index) is thrown once the
 * running ones have settled.
 */
export async function settleAll(tasks: Array<() => Promise<Value>>, limit: number): Promise<Value[]> {
  const results: Value[] = new Array(tasks.length).fill(null);
  const failures: Array<{ index: number; err: unknown }> = [];
  let next = 0;
  const lane = async () => {
    while (failures.length === 0 && next < tasks.length) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (err) {
        failures.push({ index, err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  if (failures.length > 0) throw failures.sort((a, b) => a.index - b.index)[0].err;
  return results;
}

/** A step's work within its `timeout`: past it the work is cancelled and the step fails with `timeout`. */
export async function withTimeout<T>(ms: number | undefined, work: () => Promise<T>): Promise<T> {
  if (ms === undefined) return work();
  const scope = new CancellationScope();
  let timedOut = false;
  const timer = new CancellationScope();
  timer.run(() => sleep(ms)).then(() => {
    timedOut = true;
    scope.cancel();
  }, () => undefined);
  try {
    return await scope.run(work);
  } catch (err) {
    if (timedOut && !CancellationScope.current().consideredCancelled) throw new StepFailure('timeout', `the step took longer than ${ms} ms`);
    throw err;
  } finally {
    timer.cancel();
  }
}

export const NOT_RETRIED = new Set(['expression_error', 'approval_rejected', 'invalid_arguments', 'too_deep', 'too_many_items', 'no_budget']);
export const RETRYABLE = (code: string) => !NOT_RETRIED.has(code);

/** Only a step's own failure is retried: a budget reached or a cancellation stops the run. */
export function asStepFailure(err: unknown): StepFailure | undefined {
  return err instanceof StepFailure ? err : undefined;
}

/** An activity's failure as the step's error: the activity's error type is the code. */
export function activityFailure(err: unknown, fallbackCode: string): unknown {
  if (isCancellation(err)) return err;
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  if (e instanceof ApplicationFailure) return new StepFailure(e.type ?? fallbackCode, e.message);
  return new StepFailure(fallbackCode, e instanceof Error ? e.message : String(e));
}

export function messageOf(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

export function stoppedError(err: unknown) {
  if (err instanceof LimitReached) return { code: 'budget_exceeded', message: err.message };
  if (isCancellation(err)) return { code: 'cancelled', message: 'the run was stopped' };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
