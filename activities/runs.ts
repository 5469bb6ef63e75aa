// Durable run records: the live status as it changes, events archived before continue-as-new, the
// outcome when a run ends.
import { z } from 'zod';
import type { Store } from '../services/store';
import type { RunEvent, RunOutcome, RunStep, RunUsage } from '../services/agents/types';

const EventSchema = z.object({ id: z.number().int(), type: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()) });

export const RecordRunOutcomeInput = z.object({
  runId: z.string(),
  tenantId: z.string(),
  outcome: z.object({ status: z.string() }).passthrough(),
  steps: z.array(z.unknown()),
  usage: z.unknown(),
  events: z.array(EventSchema),
});

export const RecordRunStatusInput = z.object({
  runId: z.string(),
  status: z.enum(['running', 'awaiting_approval']),
  /** The run's last event id when the status changed: orders the writes, so retries are harmless. */
  asOfEventId: z.number().int().nonnegative(),
});

export function runActivities(deps: { store: Store }) {
  return {
    async recordRunStatus(raw: z.input<typeof RecordRunStatusInput>): Promise<void> {
      const input = RecordRunStatusInput.parse(raw);
      await deps.store.runs.recordStatus(input.runId, input.status, input.asOfEventId);
    },

    async archiveRunEvents(raw: { runId: string; events: RunEvent[] }): Promise<void> {
      const events = z.array(EventSchema).parse(raw.events);
      await deps.store.runs.appendEvents(raw.runId, events);
    },

    async recordRunOutcome(raw: { runId: string; tenantId: string; outcome: RunOutcome; steps: RunStep[]; usage: RunUsage; events: RunEvent[] }): Promise<void> {
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
