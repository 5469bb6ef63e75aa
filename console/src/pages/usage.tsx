// Usage: tokens and cost per agent, workflow, model and day (GET /v1/usage), as bar charts with
// the numbers in a table beside them. A 404 means this API does not offer usage yet.
import { useState } from 'preact/hooks';
import { ApiFailure, getJson } from '../api';
import { count, ErrorBox, Loading, Section, usd, useLoad } from '../ui';
import { BarChart } from './bar-chart';

const GROUPS = ['agent', 'workflow', 'model', 'day'] as const;
type Group = (typeof GROUPS)[number];
interface Row { agent?: string; workflow?: string; model?: string; day?: string; inputTokens: number; outputTokens: number; totalTokens: number; costUsd: number; modelCalls: number }
interface UsageReport { from: string; to: string; groupBy: Group[]; rows: Row[]; totals: Omit<Row, Group> }

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const labelOf = (row: Row, groupBy: Group[]) => groupBy.map((g) => row[g] ?? '—').join(' · ') || 'all';

export function UsagePage() {
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 7 * 86_400_000)));
  const [to, setTo] = useState(isoDay(new Date(Date.now() + 86_400_000)));
  const [groupBy, setGroupBy] = useState<Group[]>(['agent', 'day']);
  const report = useLoad(() => {
    const q = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), groupBy: groupBy.join(',') });
    return getJson<UsageReport>(`/v1/usage?${q}`);
  }, [from, to, groupBy.join(',')]);
  const unavailable = report.error instanceof ApiFailure && report.error.status === 404;
  const rows = report.data?.rows ?? [];
  const toggle = (g: Group) => setGroupBy((now) => (now.includes(g) ? now.filter((x) => x !== g) : GROUPS.filter((x) => x === g || now.includes(x))));

  return (
    <>
      <div class="page-head"><h1 tabIndex={-1}>Usage</h1></div>
      <form class="card row" onSubmit={(e) => e.preventDefault()} aria-label="Usage period and grouping">
        <label for="u-from">From</label>
        <input id="u-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        <label for="u-to">To</label>
        <input id="u-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        <fieldset class="row">
          <legend>Group by</legend>
          {GROUPS.map((g) => <label key={g} class="inline"><input type="checkbox" checked={groupBy.includes(g)} onChange={() => toggle(g)} /> {g}</label>)}
        </fieldset>
      </form>
      {unavailable ? (
        <p class="notice" role="status" data-testid="usage-unavailable">Usage is not available on this Keel API (it has no <code>/v1/usage</code> endpoint yet).</p>
      ) : <ErrorBox error={report.error} />}
      {report.loading && !report.data ? <Loading /> : null}
      {report.data ? (
        <>
          <p>Total: {count(report.data.totals.totalTokens)} tokens ({count(report.data.totals.inputTokens)} in, {count(report.data.totals.outputTokens)} out), {usd(report.data.totals.costUsd)}, {count(report.data.totals.modelCalls)} model calls.</p>
          {rows.length === 0 ? <p class="muted">No usage in this period.</p> : (
            <>
              <Section title="Tokens">
                <BarChart label="Tokens per group" rows={rows.map((r) => ({ label: labelOf(r, groupBy), parts: [r.inputTokens, r.outputTokens] }))} parts={['input', 'output']} format={count} />
              </Section>
              <Section title="Cost (USD)">
                <BarChart label="Cost per group" rows={rows.map((r) => ({ label: labelOf(r, groupBy), parts: [r.costUsd] }))} parts={['cost']} format={usd} />
              </Section>
              <Section title="Table">
                <table>
                  <thead><tr>{groupBy.map((g) => <th key={g} scope="col">{g}</th>)}<th scope="col">Input</th><th scope="col">Output</th><th scope="col">Total</th><th scope="col">Cost</th><th scope="col">Model calls</th></tr></thead>
                  <tbody>{rows.map((r, i) => (
                    <tr key={i}>{groupBy.map((g) => <td key={g}>{r[g] ?? '—'}</td>)}<td>{count(r.inputTokens)}</td><td>{count(r.outputTokens)}</td><td>{count(r.totalTokens)}</td><td>{usd(r.costUsd)}</td><td>{count(r.modelCalls)}</td></tr>
                  ))}</tbody>
                </table>
              </Section>
            </>
          )}
        </>
      ) : null}
    </>
  );
}
