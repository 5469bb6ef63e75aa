// What a replay is: which run it re-runs, from which trace, in which mode. Pure zod, so the
// workflow (through services/agents/run-types) and the activities share one shape.
import { z } from 'zod';
import type { ReplayLink as StoredReplayLink } from '../store';
import { TraceIdSchema, TraceSourceSchema } from '../tracing/types';

/**
 * exact: every model and tool result comes from the trace (nothing live);
 * model: live model calls, recorded tool results where tool + arguments match;
 * live: the same input, everything live.
 */
export const ReplayModeSchema = z.enum(['exact', 'model', 'live']);
export type ReplayMode = z.infer<typeof ReplayModeSchema>;

export const RecordedApprovalSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  by: z.string().optional(),
  reason: z.string().optional(),
});
export type RecordedApproval = z.infer<typeof RecordedApprovalSchema>;

export const ReplaySpecSchema = z.object({
  /** The original run's id. */
  of: z.string().min(1),
  /** The original run's trace. */
  traceId: TraceIdSchema,
  mode: ReplayModeSchema,
  from: TraceSourceSchema,
  /** exact mode: the original's approval decisions by tool call id, so the replay does not pause. */
  approvals: z.record(z.string(), RecordedApprovalSchema).optional(),
});
export type ReplaySpec = z.infer<typeof ReplaySpecSchema>;

/** What the workflow passes to each activity of a replay run. */
export const ReplayCallSchema = ReplaySpecSchema.pick({ of: true, traceId: true, mode: true, from: true });
export type ReplayCall = z.infer<typeof ReplayCallSchema>;

export const ReplayToolCallSchema = ReplayCallSchema.extend({
  step: z.number().int().nonnegative(),
  callIndex: z.number().int().nonnegative(),
  /** The agent's policy wanted approval: an unmatched call is then not run (replays never ask). */
  needsApproval: z.boolean().default(false),
});
export type ReplayToolCall = z.input<typeof ReplayToolCallSchema>;

/** What the run record keeps about a replay (run id, trace, mode and overrides). */
export interface ReplayLink extends StoredReplayLink {
  mode: ReplayMode;
  from: 'local' | 'langfuse';
}
