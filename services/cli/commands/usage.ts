// keel usage [--from D] [--to D] [--group-by keys] [--json]: this tenant's model usage and cost
// (GET /v1/usage) as a table with a totals line.
import type { Command } from 'commander';
import type { UsageReport, UsageRow } from '../../usage';
import { apiClientFromEnv } from '../client';
import { printJson } from '../output';

const NUMBERS = [
  ['calls', (r: UsageRow) => String(r.modelCalls)],
  ['input', (r: UsageRow) => String(r.inputTokens)],
  ['output', (r: UsageRow) => String(r.outputTokens)],
  ['total', (r: UsageRow) => String(r.totalTokens)],
  ['cost_usd', (r: UsageRow) => r.costUsd.toFixed(6)],
] as const;

/** The report as aligned columns: the group keys (left-aligned), then the sums (right-aligned), then TOTAL. */
export function usageTable(report: UsageReport): string {
  const keys = report.groupBy;
  const header = [...keys, ...NUMBERS.map(([name]) => name)];
  const line = (r: UsageRow, label?: string) => [
    ...keys.map((k, i) => (label !== undefined ? (i === 0 ? label : '') : String(r[k] ?? '-'))),
    ...NUMBERS.map(([, cell]) => cell(r)),
  ];
  const lines = [header, ...report.rows.map((r) => line(r)), line(report.totals, 'TOTAL')];
  const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  const pad = (l: string[]) => l.map((cell, c) => (c < keys.length ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [`usage ${report.from} … ${report.to}`, ...lines.map(pad)].join('\n');
}

export function registerUsageCommand(program: Command) {
  program
    .command('usage')
    .description("this tenant's model usage and cost per agent, workflow, model and UTC day")
    .option('--from <day>', 'first UTC day, YYYY-MM-DD (default: 29 days before --to)')
    .option('--to <day>', 'last UTC day, YYYY-MM-DD (default: today)')
    .option('--group-by <keys>', 'comma-separated: agent, workflow, model, day (default: day)')
    .option('--json', 'print the API response as JSON')
    .action(async (opts: { from?: string; to?: string; groupBy?: string; json?: boolean }) => {
      const query = new URLSearchParams();
      if (opts.from) query.set('from', opts.from);
      if (opts.to) query.set('to', opts.to);
      if (opts.groupBy) query.set('groupBy', opts.groupBy);
      const qs = query.toString();
      const report = await apiClientFromEnv().request<UsageReport>('GET', `/v1/usage${qs ? `?${qs}` : ''}`);
      if (opts.json) printJson(report);
      else console.log(usageTable(report));
    });
}
