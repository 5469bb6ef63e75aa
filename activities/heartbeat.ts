// Long activities heartbeat so a dead worker is noticed quickly and cancellation reaches them.
import { CancelledFailure, Context } from '@temporalio/activity';

export async function withHeartbeat<T>(fn: (signal: AbortSignal) => Promise<T>, everyMs = 2_000): Promise<T> {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    // Called as a plain function (benchmarks, scripts): nothing to heartbeat to.
    return fn(new AbortController().signal);
  }
  // Local activities cannot heartbeat: their workflow task is their lease and carries their cancellation.
  // Remote ones start heartbeating only after `everyMs`: a short call finishes before one is
  // needed, and each heartbeat is a server round trip that writes the activity's state.
  const timer = ctx.info.isLocal ? undefined : setInterval(() => ctx.heartbeat(), everyMs);
  try {
    return await fn(ctx.cancellationSignal);
  } catch (err) {
    // Report a cancellation as one, not as the failure the aborted call surfaced as.
    if (ctx.cancellationSignal.aborted) throw new CancelledFailure(String(ctx.cancellationSignal.reason ?? 'activity cancelled'));
    throw err;
  } finally {
    clearInterval(timer);
  }
}
