// Durable run records: the live status as it changes, events archived before continue-as-new, the
// outcome when a run ends.
import type { Store } from '../services/store';
import { RecordRunOutcomeInput, RecordRunStatusInput, RunEventsSchema, type AgentActivities } from './types';

export function runActivities(deps: { store: Store }): Pick<AgentActivities, 'recordRunStatus' | 'archiveRunEvents' | 'recordRunOutcome'> {
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
