// Starting a workflow whose record the platform wrote first: a start that fails marks the record
// failed and says why in the platform's terms (a conflict, or Temporal being unavailable).
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
}
