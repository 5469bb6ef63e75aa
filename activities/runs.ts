// Durable run records: the live status as it changes, events archived before continue-as-new, the
// outcome when a run ends.
import type { Store } from '../services/store';
import type { BlobStore } from '../services/blobs';
import { RecordRunOutcomeInput, RecordRunStatusInput, RunEventsSchema, type AgentActivities } from './types';

export function runActivities(deps: { store: Store; blobs?: BlobStore }): Pick<AgentActivities, 'recordRunStatus' | 'archiveRunEvents' | 'recordRunOutcome'> {
  return {
    async recordRunStatus(raw) {
      const input = RecordRunStatusInput.parse(raw);
      await deps.store.runs.recordStatus(input.runId, input.status, input.asOfEventId);
    },

    async archiveRunEvents(raw) {
      const events = RunEventsSchema.parse(raw.events);
      await deps.store.runs.appendEvents(raw.runId, events);
    },

    async recordRunOutcome(raw) {
      const input = RecordRunOutcomeInput.parse(raw);
      // A claim-checked answer is recorded whole: the run's outcome shows the full output.
      const { outputRef, ...outcome } = input.outcome as typeof input.outcome & { outputRef?: string };
      if (outputRef) {
        if (!deps.blobs) throw new Error('the run answered by reference but this worker has no blob store');
        outcome.output = (await deps.blobs.get(outputRef)).toString('utf8');
      }
      input.outcome = outcome;
      await deps.store.runs.appendEvents(input.runId, input.events);
      await deps.store.runs.complete(input.runId, {
        status: input.outcome.status,
        outcome: input.outcome,
        usage: input.usage,
        steps: input.steps,
      });
    },
  };
}
