// Durable run records: the live status as it changes, events archived before continue-as-new, the
// outcome when a run ends.
import type { Store } from '../services/store';
import type { StreamBus } from '../services/bus/types';
import type { BlobStore } from '../services/blobs';
import { activityWarn } from './log';
import { loadStored } from './stored-values';
import { RecordRunOutcomeInput, RecordRunProgressInput, RecordRunStatusInput, RunEventsSchema, type AgentActivities, type ConversationActivities } from './types';

type RunActivities = Pick<AgentActivities, 'recordRunStatus' | 'recordRunProgress' | 'archiveRunEvents' | 'recordRunOutcome'> & ConversationActivities;

export function runActivities(deps: { store: Store; bus?: StreamBus; blobs?: BlobStore }): RunActivities {
  return {
    async endConversation({ conversationId, status }) {
      await deps.store.conversations.end(conversationId, status);
    },

    async recordRunProgress(raw) {
      await recordProgress(deps, RecordRunProgressInput.parse(raw));
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
      // A claim-checked answer is recorded whole: the run's outcome shows the full output.
      const { outputRef, ...outcome } = input.outcome as typeof input.outcome & { outputRef?: string };
      if (outputRef) {
        if (!deps.blobs) throw new Error('the run answered by reference but this worker has no blob store');
        outcome.output = (await deps.blobs.get(outputRef)).toString('utf8');
      }
      // A registered workflow's outputs may hold values stored by reference: the run's outcome shows them whole.
      if (outcome.outputs && typeof outcome.outputs === 'object' && deps.blobs) outcome.outputs = await loadStored(outcome.outputs, deps.blobs);
      input.outcome = outcome;
      if (input.stepRecords?.length) await deps.store.runs.recordProgress(input.runId, { events: [], steps: input.stepRecords });
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

type ProgressInput = { runId: string; events: Array<{ id: number; type: string; at: string; data: Record<string, unknown> }>; steps: Array<{ index: number } & Record<string, unknown>>; usage?: Record<string, number> };

/** A run's new events and changed steps into the store, then its events onto the bus (also done by a model call that carries them). */
export async function recordProgress(deps: { store: { runs: Pick<Store['runs'], 'recordProgress'> }; bus?: StreamBus; blobs?: BlobStore }, input: ProgressInput) {
  await withWholeTexts(input, deps.blobs);
  await deps.store.runs.recordProgress(input.runId, input);
  await publish(deps.bus, input.runId, input.events);
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

/** A claim-checked answer is stored and published whole: its step record and its step.finished event get the full text. */
async function withWholeTexts(input: { steps: Array<Record<string, unknown>>; events: Array<{ type: string; data: Record<string, unknown> }> }, blobs?: BlobStore) {
  if (!blobs) return;
  const read = async (ref: unknown) => (typeof ref === 'string' ? (await blobs.get(ref)).toString('utf8') : undefined);
  for (const step of input.steps) {
    const text = await read(step.textRef);
    if (text !== undefined) step.text = text;
  }
  for (const e of input.events) {
    if (e.type !== 'step.finished') continue;
    const text = await read(e.data.textRef);
    if (text !== undefined) e.data.text = text;
  }
}
