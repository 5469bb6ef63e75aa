// Durable run records: events archived before continue-as-new, the outcome when a run ends.
import type { Store } from '../services/store';
import { RecordRunOutcomeInput, RunEventsSchema, type AgentActivities } from './types';

export function runActivities(deps: { store: Store }): Pick<AgentActivities, 'archiveRunEvents' | 'recordRunOutcome'> {
  return {
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
