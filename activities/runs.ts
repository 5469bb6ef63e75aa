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

/**
 * A run's new events and changed steps into the store, then its events onto the bus (also done by a
 * model call that carries them). A workflow issues its writes without waiting for the one before,
 * so this process applies one run's writes in the order they arrive: a later step record never
 * lands under an earlier one, and events reach the bus in order. (Writes of one run handled by two
 * processes, after a crash or by a model call on another worker, may still cross: readers fill a
 * gap in event ids from the store.)
 */
export function recordProgress(deps: { store: { runs: Pick<Store['runs'], 'recordProgress'> }; bus?: StreamBus; blobs?: BlobStore }, input: ProgressInput): Promise<void> {
  return inRunOrder(input.runId, async () => {
    await withWholeTexts(input, deps.blobs);
    await deps.store.runs.recordProgress(input.runId, input);
    await publish(deps.bus, input.runId, input.events);
  });
}

const runTails = new Map<string, Promise<void>>();
// A write stuck in a hung store call must not hold the run's later writes (or its own retry) forever.
const MAX_WAIT_FOR_EARLIER_MS = 5_000;

function inRunOrder(runId: string, write: () => Promise<void>): Promise<void> {
  const earlier = runTails.get(runId);
  const before = earlier ? waitAtMost(earlier, MAX_WAIT_FOR_EARLIER_MS) : Promise.resolve();
  const done = before.then(write);
  const tail = done.catch(() => undefined);
  runTails.set(runId, tail);
  void tail.then(() => {
    if (runTails.get(runId) === tail) runTails.delete(runId);
  });
  return done;
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

function waitAtMost(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
