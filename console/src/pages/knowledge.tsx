// Knowledge: collections with their document and chunk counts, scheduled sources with their
// schedule and last jobs (a running job's live progress), and a search that shows lexical, dense and hybrid results side by side.
import { useState } from 'preact/hooks';
import { api, must } from '../api';
import { ErrorBox, Loading, Section, useLoad, when } from '../ui';
import { SearchResults, type Mode } from './search-results';
import { SourceJobs } from './source-jobs';

async function collections() {
  const { collections: list } = await must(api.GET('/v1/collections'));
  return Promise.all(list.map(async (c) => {
    const docs = await must(api.GET('/v1/collections/{name}/documents', { params: { path: { name: c.name } } })).catch(() => undefined);
    return { ...c, documents: docs?.documents.length };
  }));
}

async function sources() {
  const { sources: list } = await must(api.GET('/v1/sources'));
  return Promise.all(list.map((s) => must(api.GET('/v1/sources/{sourceId}', { params: { path: { sourceId: s.sourceId } } })).catch(() => ({ ...s, cron: '?', nextRuns: [] }))));
}

export function KnowledgePage() {
  const cols = useLoad(collections);
  const srcs = useLoad(sources);
  const [collection, setCollection] = useState('');
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState<{ collection: string; query: string } | null>(null);
  const chosen = collection || cols.data?.[0]?.name || '';
  return (
    <>
      <div class="page-head"><h1 tabIndex={-1}>Knowledge</h1></div>
      <Section title="Collections">
        <ErrorBox error={cols.error} />
        {cols.loading && !cols.data ? <Loading /> : null}
        {cols.data && (cols.data.length === 0 ? <p class="muted">No collections yet: ingest documents with `keel ingest` or a source.</p> : (
          <table>
            <thead><tr><th scope="col">Collection</th><th scope="col">Documents</th><th scope="col">Chunks</th><th scope="col">Dense vectors</th></tr></thead>
            <tbody>{cols.data.map((c) => (
              <tr key={c.name} data-testid={`collection-${c.name}`}><td>{c.name}</td><td>{c.documents ?? '—'}</td><td>{c.chunks}</td><td>{c.denseDimension ? `${c.denseDimension} dimensions` : 'none'}</td></tr>
            ))}</tbody>
          </table>
        ))}
      </Section>
      <Section title="Sources">
        <ErrorBox error={srcs.error} />
        {srcs.data && (srcs.data.length === 0 ? <p class="muted">No scheduled sources.</p> : (
          <table>
            <thead><tr><th scope="col">Source</th><th scope="col">Collection</th><th scope="col">Schedule</th><th scope="col">Next run</th><th scope="col">Last jobs</th></tr></thead>
            <tbody>{srcs.data.map((s) => (
              <tr key={s.sourceId} data-testid={`source-${s.sourceId}`}>
                <td>{s.sourceId}{s.paused ? <span class="badge">paused</span> : null}</td>
                <td>{s.collection}</td>
                <td><code>{s.cron}</code></td>
                <td>{when(s.nextRuns[0])}</td>
                <td><SourceJobs sourceId={s.sourceId} onEnded={cols.reload} /></td>
              </tr>
            ))}</tbody>
          </table>
        ))}
      </Section>
      <Section title="Search">
        <form class="row" onSubmit={(e) => { e.preventDefault(); if (chosen && query.trim()) setSubmitted({ collection: chosen, query: query.trim() }); }}>
          <label for="search-collection">Collection</label>
          <select id="search-collection" value={chosen} onChange={(e) => setCollection(e.currentTarget.value)}>
            {(cols.data ?? []).map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
          </select>
          <label for="search-query">Query</label>
          <input id="search-query" type="search" value={query} maxLength={4000} onInput={(e) => setQuery(e.currentTarget.value)} />
          <button type="submit" disabled={!chosen || !query.trim()}>Search</button>
        </form>
        {submitted ? (
          <div class="three">
            {(['lexical', 'dense', 'hybrid'] as Mode[]).map((mode) => <SearchResults key={`${mode}|${submitted.collection}|${submitted.query}`} mode={mode} {...submitted} />)}
          </div>
        ) : null}
      </Section>
    </>
  );
}
