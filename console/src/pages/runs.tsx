// Runs, newest first: filter by status, agent/workflow and who started them (the API), version and
// start date (here).
import { useState } from 'preact/hooks';
import { api, must, type Schemas } from '../api';
import { Link } from '../router';
import { count, ErrorBox, Loading, StatusBadge, usd, usageOf, useLoad, when } from '../ui';

const STATUSES = ['pending', 'running', 'awaiting_approval', 'waiting_for_model', 'completed', 'failed', 'cancelled', 'budget_exceeded'] as const;
type Run = { id: string; kind: string; agentName: string; agentVersion: number; status: string; createdAt: string; usage: unknown; replayOf: string | null; startedBy: string | null };

export function RunsPage() {
  const query = new URLSearchParams(location.search);
  const [status, setStatus] = useState(query.get('status') ?? '');
  const [name, setName] = useState(query.get('name') ?? '');
  const [startedBy, setStartedBy] = useState(query.get('startedBy') ?? '');
  const [version, setVersion] = useState('');
  const [since, setSince] = useState('');
  const [more, setMore] = useState<Run[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const filters = () => ({
    ...(status ? { status: status as (typeof STATUSES)[number] } : {}),
    ...(name.trim() ? { agent: name.trim() } : {}),
    ...(startedBy.trim() ? { startedBy: startedBy.trim() } : {}),
  });
  const list = useLoad(async () => {
    const q = { limit: 50, ...filters() };
    const page = await must(api.GET('/v1/runs', { params: { query: q } }));
    setMore([]);
    setCursor(page.nextCursor);
    return page.runs as Run[];
  }, [status, name, startedBy]);
  const loadMore = async () => {
    if (!cursor) return;
    const page = await must(api.GET('/v1/runs', { params: { query: { limit: 50, cursor, ...filters() } } }));
    setMore((m) => [...m, ...(page.runs as Run[])]);
    setCursor(page.nextCursor);
  };
  const runs = [...(list.data ?? []), ...more].filter((r) =>
    (!version || String(r.agentVersion) === version.replace(/^v/, '')) && (!since || r.createdAt >= new Date(since).toISOString()));

  return (
    <>
      <div class="page-head"><h1 tabIndex={-1}>Runs</h1></div>
      <form class="card row filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter runs">
        <label for="f-status">Status</label>
        <select id="f-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">any</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s.replace(/_/g, ' ')}</option>)}
        </select>
        <label for="f-name">Agent or workflow</label>
        <input id="f-name" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="name" />
        <label for="f-started-by">Started by (key id)</label>
        <input id="f-started-by" value={startedBy} size={12} onChange={(e) => setStartedBy(e.currentTarget.value)} />
        <label for="f-version">Version</label>
        <input id="f-version" value={version} size={4} onInput={(e) => setVersion(e.currentTarget.value)} />
        <label for="f-since">Started since</label>
        <input id="f-since" type="date" value={since} onInput={(e) => setSince(e.currentTarget.value)} />
        <button type="button" class="secondary" onClick={list.reload}>Refresh</button>
      </form>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (runs.length === 0 ? <p class="muted">No runs match.</p> : (
        <table aria-label="Runs">
          <thead><tr><th scope="col">Run</th><th scope="col">Agent / workflow</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Started by</th><th scope="col">Tokens</th><th scope="col">Cost</th></tr></thead>
          <tbody>
            {runs.map((r) => {
              const u = usageOf(r.usage);
              return (
                <tr key={r.id}>
                  <td><Link href={`/runs/${encodeURIComponent(r.id)}`}><code>{r.id}</code></Link>{r.replayOf ? <span class="badge">replay</span> : null}</td>
                  <td>{r.agentName} <span class="muted">({r.kind})</span></td>
                  <td>v{r.agentVersion}</td>
                  <td><StatusBadge status={r.status} /></td>
                  <td>{when(r.createdAt)}</td>
                  <td>{r.startedBy ? <code>{r.startedBy}</code> : <span class="muted">—</span>}</td>
                  <td>{count(u?.totalTokens)}</td>
                  <td>{usd(u?.costUsd)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )) : null}
      {cursor ? <button type="button" class="secondary" onClick={loadMore}>Load more</button> : null}
    </>
  );
}
export type { Schemas };
