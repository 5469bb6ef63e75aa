// Retrieval degrades instead of failing: with every rerank deployment down a search returns the
// fused results unreranked, and with the embedding pool down hybrid search runs lexically; both
// say so and why. The real router, its deployments on a vLLM stand-in that refuses connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentPoints, ensureIngestCollection, parseDocument } from '../../services/ingest';
import { createRetriever } from '../../services/retrieval';
import { EmbeddedVectorStore, type ChunkPoint } from '../../services/vector';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { testRouter } from '../router/fixtures';

const DOCS: Record<string, string> = {
  'maintenance.md': '# Maintenance\n\nApply grease to the main bearing every six months.',
  'tower.md': '# Tower\n\nClimb the mast only with a harness and a second person.',
};

let dir: string;
let store: EmbeddedVectorStore;
let down: VllmStandin;

let router: ReturnType<typeof testRouter>['router'];

beforeAll(async () => {
  down = await startVllmStandin({ model: 'reranker' });
  await down.setFaults({ refuse: true });
  ({ router } = testRouter({
    deployments: [
      { id: 'rerank-a', provider: 'openai', model: 'reranker', endpoint: down.url, scrapeMetrics: false },
      { id: 'embed-a', provider: 'openai', model: 'embedder', endpoint: down.url, scrapeMetrics: false },
    ],
    models: { reranker: { deployments: ['rerank-a'] }, embedder: { deployments: ['embed-a'] } },
    retry: { maxAttempts: 2, baseBackoffMs: 1, maxBackoffMs: 2 },
  }));
  dir = mkdtempSync(join(tmpdir(), 'keel-retrieval-degraded-'));
  store = new EmbeddedVectorStore(dir);
  const points: ChunkPoint[] = [];
  for (const [name, text] of Object.entries(DOCS)) {
    const parsed = await parseDocument({ uri: `file:///kb/${name}`, content: text });
    points.push(...documentPoints(name, parsed).map((p) => ({ ...p, dense: [1, 0, 0] })));
  }
  await ensureIngestCollection(store, 'kb', points, { denseDimension: 3 });
  await store.upsert('tenant-a', 'kb', points);
});

afterAll(async () => {
  await router?.close();
  await store?.close();
  await down?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('returns the fused results unreranked, with the reason, when no rerank deployment answers', async () => {
  const retriever = createRetriever({ store, router, config: { rerankModel: 'reranker' } });
  const result = await retriever.search('tenant-a', { collection: 'kb', query: 'mast harness', rerank: true, mode: 'lexical' });
  expect(result.reranked).toBe(false);
  expect(result.rerankFailure?.reason).toMatch(/rerank-a: connection/);
  expect(result.chunks[0].documentId).toBe('tower.md');
  expect(result.chunks[0].rerankScore).toBeUndefined();
});

it('degrades hybrid search to lexical, saying so, when the embedding pool is unreachable', async () => {
  const retriever = createRetriever({ store, router, config: { embeddingModel: 'embedder' } });
  const result = await retriever.search('tenant-a', { collection: 'kb', query: 'mast harness' });
  expect(result.mode).toBe('lexical');
  expect(result.degraded).toEqual({ from: 'hybrid', reason: expect.stringMatching(/^embedding: .*embed-a: connection/) });
  expect(result.chunks.map((c) => c.documentId)).toEqual(['tower.md']);
});

it('still fails an explicitly dense search, which has nothing to fall back on', async () => {
  const retriever = createRetriever({ store, router, config: { embeddingModel: 'embedder' } });
  await expect(retriever.search('tenant-a', { collection: 'kb', query: 'mast harness', mode: 'dense' })).rejects.toThrow(/connection|ECONNREFUSED/);
});
