// Durable run records: the live status as it changes, events archived before continue-as-new, the
// outcome when a run ends.
import type { Store } from '../services/store';
import type { StreamBus } from '../services/bus/types';
import { activityWarn } from './log';
import { RecordRunOutcomeInput, RecordRunProgressInput, RecordRunStatusInput, RunEventsSchema, type AgentActivities, type ConversationActivities } from './types';

type RunActivities = Pick<AgentActivities, 'recordRunStatus' | 'recordRunProgress' | 'archiveRunEvents' | 'recordRunOutcome'> & ConversationActivities;

export function runActivities(deps: { store: Store; bus?: StreamBus }): RunActivities {
  return {
    async endConversation({ conversationId, status }) {
      await deps.store.conversations.end(conversationId, status);
    },

    async recordRunProgress(raw) {
      const input = RecordRunProgressInput.parse(raw);
      await deps.store.runs.recordProgress(input.runId, input);
      await publish(deps.bus, input.runId, input.events);
    },

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
      await publish(deps.bus, input.runId, input.events);
    },
  };
}

/**
 * Events go onto the bus only once the store holds them. The store is the durable record: a
 * subscriber that misses a publish reads the event from it when it resumes, so a broker outage
 * never holds the run back.
 */
async function publish(bus: StreamBus | undefined, runId: string, events: Array<{ id: number; type: string; at: string; data: Record<string, unknown> }>) {
  for (const event of events) {
    await bus?.publish({ kind: 'event', runId, event }).catch((err) => activityWarn('could not publish a run event', err));
  }
}
