// Long activities heartbeat so a dead worker is noticed quickly and cancellation reaches them.
import { Context } from '@temporalio/activity';

export async function withHeartbeat<T>(fn: (signal: AbortSignal) => Promise<T>, everyMs = 2_000): Promise<T> {
  const ctx = Context.current();
  ctx.heartbeat();
  const timer = setInterval(() => ctx.heartbeat(), everyMs);
  try {
    return await fn(ctx.cancellationSignal);
  } finally {
    clearInterval(timer);
  }
}
