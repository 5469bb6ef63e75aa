// Starting a workflow whose record the platform wrote first: a start that fails marks the record
// failed and says why in the platform's terms (a conflict, or Temporal being unavailable).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { conflict, unavailable } from '../errors';

export async function startRecordedWorkflow(
  what: string,
  start: () => Promise<unknown>,
  recordFailure: (message: string) => Promise<void>,
): Promise<void> {
  try {
    await start();
  } catch (err) {
    const message = (err as Error).message;
    await recordFailure(message);
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`${what} already exists`);
    throw unavailable('temporal_unavailable', `could not start ${what}: ${message}`);
  }
  // With eager start the workflow's first task came back with the start response, for a worker
  // of this process. The caller's remaining work (audit, reply) is all promise continuations that
  // would run before that worker's next turn; yielding one turn lets the worker hand the task to
  // its workflow thread first, so the two proceed side by side (about 1 ms off a run's first token).
  await nextTurn();
}
