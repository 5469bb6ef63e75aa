// GET /v1/usage: the query and the report, one contract for the API, the CLI and the console.
import { z } from 'zod';

export const USAGE_GROUP_KEYS = ['agent', 'workflow', 'model', 'day'] as const;
export const UsageGroupKeySchema = z.enum(USAGE_GROUP_KEYS);
export type UsageGroupKey = z.infer<typeof UsageGroupKeySchema>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day, YYYY-MM-DD');

/** As it arrives: each field is checked further by `usageReport` (real days, span, keys). */
export const UsageQuerySchema = z.object({
  from: Day.optional().describe('First UTC day, inclusive (default: 29 days before `to`)'),
  to: Day.optional().describe('Last UTC day, inclusive (default: today)'),
  groupBy: z.string().max(64).optional().describe(`Comma-separated keys among ${USAGE_GROUP_KEYS.join(', ')} (default: day)`),
});
export type UsageQuery = z.infer<typeof UsageQuerySchema>;

const sums = {
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  modelCalls: z.number().int().nonnegative(),
};
export const UsageSumsSchema = z.object(sums);
export type UsageSums = z.infer<typeof UsageSumsSchema>;

/** One group: only the keys the query grouped by appear (agent and workflow are null where a call had none). */
export const UsageRowSchema = z.object({
  agent: z.string().nullable().optional(),
  workflow: z.string().nullable().optional(),
  model: z.string().optional(),
  day: z.string().optional(),
  ...sums,
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

export const UsageReportSchema = z.object({
  from: Day,
  to: Day,
  groupBy: z.array(UsageGroupKeySchema),
  rows: z.array(UsageRowSchema),
  totals: UsageSumsSchema,
});
export type UsageReport = z.infer<typeof UsageReportSchema>;
