// One search mode's results for a query, with their scores (and the mode it ran in, when degraded).
import { api, must } from '../api';
import { ErrorBox, Loading, useLoad } from '../ui';

export type Mode = 'lexical' | 'dense' | 'hybrid';

export function SearchResults({ mode, collection, query }: { mode: Mode; collection: string; query: string }) {
  const result = useLoad(() => must(api.POST('/v1/collections/{name}/search', { params: { path: { name: collection } }, body: { query, mode, limit: 5 } })), [mode, collection, query]);
  const r = result.data;
  return (
    <div class="results" data-testid={`results-${mode}`} aria-label={`${mode} results`}>
      <h3>{mode}</h3>
      {result.loading && !r ? <Loading what="Searching" /> : null}
      <ErrorBox error={result.error} />
      {r?.degraded ? <p class="muted">Ran as {r.degraded.from === mode ? 'a lesser mode' : r.degraded.from}: {r.degraded.reason}</p> : null}
      {r && r.chunks.length === 0 ? <p class="muted">No results.</p> : null}
      <ol>
        {r?.chunks.map((c) => (
          <li key={c.id} data-testid="result">
            <div><strong>{c.title || c.sourceUri}</strong> <span class="score" title="score">{c.score.toFixed(4)}</span></div>
            <p class="snippet">{c.text.length > 240 ? `${c.text.slice(0, 240)}…` : c.text}</p>
            <p class="muted">{c.headingPath.join(' › ')}{c.rerankScore !== undefined ? ` · retrieval ${c.retrievalScore.toFixed(4)}` : ''}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
