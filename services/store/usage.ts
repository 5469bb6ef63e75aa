// Model usage: one row per model call (its stable id makes a repeated write a no-op), summed per
// tenant over UTC days and grouped by agent, workflow, model and day.
import { sql } from 'kysely';
import type { Db } from './db';

export interface ModelUsageRecord {
  /** The call's stable id: the same call recorded twice (a retried activity) is one row. */
  id: string;
  tenantId: string;
  source: 'run' | 'gateway';
  runId?: string | null;
  agent?: string | null;
  workflow?: string | null;
  /** The logical model that answered. */
  model: string;
  deployment?: string | null;
  provider?: string | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  /** ISO-8601; its UTC day is the row's day. */
  at: string;
}

/** The columns usage can be grouped by (services/usage checks a query's keys). */
export type UsageGroupKey = 'agent' | 'workflow' | 'model' | 'day';

export interface UsageSummaryQuery {
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: string;
  to: string;
  groupBy: readonly UsageGroupKey[];
}

export interface UsageSums {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  modelCalls: number;
}

export type UsageSummaryRow = Partial<Record<'agent' | 'workflow', string | null> & Record<'model' | 'day', string>> & UsageSums;

export function usageRepo(db: Db) {
  return {
    /** Records a call once: true when this write added the row, false when its id was already there. */
    async record(r: ModelUsageRecord): Promise<boolean> {
      const row = await db
        .insertInto('model_usage')
        .values({
          id: r.id, tenant_id: r.tenantId, source: r.source, run_id: r.runId ?? null, agent: r.agent ?? null, workflow: r.workflow ?? null,
          model: r.model, deployment: r.deployment ?? null, provider: r.provider ?? null, day: r.at.slice(0, 10),
          input_tokens: r.inputTokens, output_tokens: r.outputTokens, total_tokens: r.totalTokens, cost_usd: r.costUsd, at: r.at,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The tenant's usage between two UTC days (inclusive), one row per group, ordered by the group keys. */
    async summarize(tenantId: string, q: UsageSummaryQuery): Promise<UsageSummaryRow[]> {
      const keys = [...q.groupBy];
      let query = db
        .selectFrom('model_usage')
        .where('tenant_id', '=', tenantId)
        .where('day', '>=', q.from)
        .where('day', '<=', q.to)
        .select([
          sql<string | number>`sum(input_tokens)`.as('input_tokens'),
          sql<string | number>`sum(output_tokens)`.as('output_tokens'),
          sql<string | number>`sum(total_tokens)`.as('total_tokens'),
          sql<number>`sum(cost_usd)`.as('cost_usd'),
          sql<string | number>`count(*)`.as('model_calls'),
        ]);
      if (keys.length > 0) query = query.select(keys).groupBy(keys);
      const rows = (await query.execute()) as Array<Record<string, unknown>>;
      return rows
        .filter((r) => Number(r.model_calls) > 0)
        .map((r) => {
          const out: Record<string, unknown> = {};
          for (const k of keys) out[k] = r[k] ?? null;
          return {
            ...out,
            inputTokens: Number(r.input_tokens), outputTokens: Number(r.output_tokens), totalTokens: Number(r.total_tokens),
            costUsd: Number(r.cost_usd), modelCalls: Number(r.model_calls),
          } as UsageSummaryRow;
        })
        .sort((a, b) => {
          for (const k of keys) {
            const c = compareNullable(a[k], b[k]);
            if (c !== 0) return c;
          }
          return 0;
        });
    },
  };
}

/** Nulls first, then by code unit: the same order on every database. */
function compareNullable(a: string | null | undefined, b: string | null | undefined): number {
  if (a === b) return 0;
  if (a == null) return -1;
  if (b == null) return 1;
  return a < b ? -1 : 1;
}

export type UsageRepo = ReturnType<typeof usageRepo>;
