// GET /v1/usage's logic: the query checked (real UTC days, at most 366 of them, known group keys),
// the tenant's usage summed per group, and the totals.
import type { UsageRepo } from '../store';
import { invalid } from '../errors';
import { USAGE_GROUP_KEYS, type UsageGroupKey, type UsageQuery, type UsageReport, type UsageSums } from './types';

export const USAGE_MAX_DAYS = 366;
export const USAGE_DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function parseDay(value: string, name: string): number {
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  if (!Number.isFinite(ms) || dayOf(ms) !== value) throw invalid(`${name} must be a UTC day YYYY-MM-DD (got ${JSON.stringify(value)})`, { param: name });
  return ms;
}

function parseGroupBy(value: string | undefined): UsageGroupKey[] {
  if (value === undefined) return ['day'];
  const keys = value.split(',').map((k) => k.trim());
  const known = new Set<string>(USAGE_GROUP_KEYS);
  const unknown = keys.find((k) => !known.has(k));
  if (unknown !== undefined) throw invalid(`groupBy takes a comma-separated list of ${USAGE_GROUP_KEYS.join(', ')} (got ${JSON.stringify(unknown.slice(0, 40))})`, { param: 'groupBy' });
  if (new Set(keys).size !== keys.length) throw invalid('groupBy names a key twice', { param: 'groupBy' });
  return keys as UsageGroupKey[];
}

/** The query's days and keys, defaults filled in; `today` is the current UTC day's start. */
export function resolveUsageQuery(q: UsageQuery, now: Date = new Date()): { from: string; to: string; groupBy: UsageGroupKey[] } {
  const groupBy = parseGroupBy(q.groupBy);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const to = q.to !== undefined ? parseDay(q.to, 'to') : today;
  const from = q.from !== undefined ? parseDay(q.from, 'from') : to - (USAGE_DEFAULT_DAYS - 1) * DAY_MS;
  if (from > to) throw invalid('from must not be after to', { param: 'from' });
  if ((to - from) / DAY_MS + 1 > USAGE_MAX_DAYS) throw invalid(`from and to may span at most ${USAGE_MAX_DAYS} days`, { param: 'from' });
  return { from: dayOf(from), to: dayOf(to), groupBy };
}

const roundUsd = (v: number) => Math.round(v * 1e9) / 1e9;

export function usageReport(usage: Pick<UsageRepo, 'summarize'>, now: () => Date = () => new Date()) {
  return {
    async report(tenantId: string, q: UsageQuery): Promise<UsageReport> {
      const query = resolveUsageQuery(q, now());
      const rows = (await usage.summarize(tenantId, query)).map((r) => ({ ...r, costUsd: roundUsd(r.costUsd) }));
      const totals: UsageSums = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, modelCalls: 0 };
      for (const r of rows) {
        totals.inputTokens += r.inputTokens;
        totals.outputTokens += r.outputTokens;
        totals.totalTokens += r.totalTokens;
        totals.costUsd += r.costUsd;
        totals.modelCalls += r.modelCalls;
      }
      totals.costUsd = roundUsd(totals.costUsd);
      return { ...query, rows, totals };
    },
  };
}

export type UsageReporter = ReturnType<typeof usageReport>;
