import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentPoints, embedPoints, ensureIngestCollection, parseDocument } from '../../services/ingest';
import { createRetriever, RetrievalUnavailableError, routerEmbedder } from '../../services/retrieval';
import { EmbeddedVectorStore, type ChunkPoint } from '../../services/vector';
import { CONCEPTS, fakeRouter } from './fake-router';

const DOCS: Record<string, string> = {
  'maintenance.md': '# Maintenance\n\n## Lubrication\n\nApply grease to the main bearing every six months.',
  'inspection.md': '# Inspection\n\n## Drones\n\nA UAV photographs every blade to find fracture lines.',
  'gearbox.md': '# Gearbox\n\nThe transmission needs a lubricant change after 5000 hours.',
  'tower.md': '# Tower\n\nClimb the mast only with a harness and a second person.',
};

describe('retrieval over a collection', () => {
  let dir: string;
  let store: EmbeddedVectorStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-retrieval-'));
    store = new EmbeddedVectorStore(dir);
    const embed = routerEmbedder(fakeRouter(), 'embedder', 'tenant-a', 'batch');
    const points: ChunkPoint[] = [];
    for (const [name, text] of Object.entries(DOCS)) {
      const parsed = await parseDocument({ uri: `file:///kb/${name}`, content: text });
      points.push(...(await embedPoints(documentPoints(name, parsed), embed)));
    }
    await ensureIngestCollection(store, 'kb', points, { denseDimension: CONCEPTS.length });
    await store.upsert('tenant-a', 'kb', points);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('searches lexically without any model, returning source, title and heading path', async () => {
    const retriever = createRetriever({ store });
    const result = await retriever.search('tenant-a', { collection: 'kb', query: 'who may climb the mast?' });
    expect(result.mode).toBe('lexical');
    expect(result.chunks[0]).toMatchObject({ documentId: 'tower.md', sourceUri: 'file:///kb/tower.md', title: 'Tower', headingPath: ['Tower'], chunkIndex: 0 });
    expect(result.chunks[0].score).toBeGreaterThan(0);
    await expect(retriever.search('tenant-a', { collection: 'kb', query: 'oil', mode: 'dense' })).rejects.toBeInstanceOf(RetrievalUnavailableError);
  });

  it('finds by meaning with dense search where lexical finds nothing', async () => {
    const router = fakeRouter();
    const retriever = createRetriever({ store, router, config: { embeddingModel: 'embedder' } });
    expect((await retriever.search('tenant-a', { collection: 'kb', query: 'oil', mode: 'lexical' })).chunks).toEqual([]);
    const dense = await retriever.search('tenant-a', { collection: 'kb', query: 'oil', mode: 'dense', limit: 2 });
    expect(dense.chunks.map((c) => c.documentId).sort()).toEqual(['gearbox.md', 'maintenance.md']);
    expect(router.calls.embed.at(-1)).toMatchObject({ model: 'embedder', input: ['oil'], inputType: 'query' });
  });

  it('defaults to hybrid with an embedding model and fuses both rankings', async () => {
    const retriever = createRetriever({ store, router: fakeRouter(), config: { embeddingModel: 'embedder' } });
    const result = await retriever.search('tenant-a', { collection: 'kb', query: 'oil change', limit: 3 });
    expect(result.mode).toBe('hybrid');
    // gearbox.md is the only document in both the lexical ("change") and the dense ("oil") list.
    expect(result.chunks[0].documentId).toBe('gearbox.md');
  });

  it('reranks the top-N candidates through the router', async () => {
    const router = fakeRouter({ rerankPrefers: 'harness' });
    const retriever = createRetriever({ store, router, config: { rerankModel: 'reranker', rerankTopN: 20 } });
    const query = 'climb mast blade bearing grease six months';
    const plain = await retriever.search('tenant-a', { collection: 'kb', query, limit: 2, rerank: false });
    expect(router.calls.rerank).toHaveLength(0);
    const reranked = await retriever.search('tenant-a', { collection: 'kb', query, limit: 2 });
    expect(reranked.reranked).toBe(true);
    expect(plain.chunks[0].documentId).toBe('maintenance.md');
    expect(reranked.chunks[0].documentId).toBe('tower.md');
    expect(reranked.chunks[0].rerankScore).toBe(reranked.chunks[0].score);
    expect(reranked.chunks).toHaveLength(2);
    expect(router.calls.rerank[0]).toMatchObject({ model: 'reranker', query, topN: 2 });
    expect(router.calls.rerank[0].documents.length).toBeGreaterThan(2);
    expect(plain.chunks.map((c) => c.retrievalScore)).toEqual(plain.chunks.map((c) => c.score));
  });

  it('rewrites the query through the router when asked', async () => {
    const router = fakeRouter({ rewriteTo: 'lubricant grease\nignored second line' });
    const retriever = createRetriever({ store, router, config: { rewriteModel: 'writer' } });
    const result = await retriever.search('tenant-a', { collection: 'kb', query: 'how do I stop the squeaking?', rewrite: true });
    expect(result.rewrittenQuery).toBe('lubricant grease');
    expect(result.chunks.map((c) => c.documentId).sort()).toEqual(['gearbox.md', 'maintenance.md']);
    expect(router.calls.chat[0].model).toBe('writer');
  });

  it('never shows one tenant the chunks of another', async () => {
    const retriever = createRetriever({ store });
    // A collection holding none of the caller's documents answers exactly like a missing one.
    await expect(retriever.search('tenant-b', { collection: 'kb', query: 'mast harness' })).rejects.toThrow('collection kb not found');
  });
});
