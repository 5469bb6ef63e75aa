// Warnings from inside an activity go to the worker's logger with the activity's context.
import { Context } from '@temporalio/activity';

export function activityWarn(message: string, err: unknown): void {
  try {
    Context.current().log.warn(message, { error: (err as Error)?.message ?? String(err) });
  } catch {
    // Called as a plain function (benchmarks, scripts): no activity logger.
  }
}
