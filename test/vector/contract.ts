// The behaviour every VectorStore adapter must show; runners call runVectorStoreContract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, bm25DocumentVector, bm25Idf, bm25QueryVector, chunkPointId, type ChunkPoint, type VectorStore } from '../../services/vector';

export interface StoreHarness {
  store: VectorStore;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Which points BM25's IDF counts after deletes and replacements. `live` (default): only the points
   * stored now, so scores are exact. `until-vacuum` (Qdrant): a deleted or superseded point version
   * keeps counting until the optimizer vacuums its segment, so each term's IDF lies between the one
   * over live points and the one counting every removed version (services/vector/README.md).
   */
  bm25Statistics?: 'live' | 'until-vacuum';
}

const DIM = 4;

function chunk(documentId: string, chunkIndex: number, text: string, dense?: number[], extra: Partial<ChunkPoint> = {}): ChunkPoint {
  return { documentId, chunkIndex, contentHash: `hash-${documentId}`, text, lexicalText: text, dense, ...extra };
}

const BM25 = { k1: 1.2, b: 0.75, avgDocLength: 8 };

/** BM25 of query `text` against `doc` with IDF over the `live` texts: `min`..`max` as `removed` versions are counted or not (equal when none). */
function bm25Bounds(text: string, doc: string, live: string[], removed: string[] = []): { min: number; max: number } {
  const query = bm25QueryVector(text);
  const vector = bm25DocumentVector(doc, BM25);
  const holds = (texts: string[], term: number) => texts.filter((t) => bm25DocumentVector(t, BM25).indices.includes(term)).length;
  let min = 0, max = 0;
  query.indices.forEach((term, i) => {
    const at = vector.indices.indexOf(term);
    if (at < 0) return;
    const weight = query.values[i] * vector.values[at];
    const df = holds(live, term);
    // IDF falls as df grows and rises as N grows: the extremes of counting removed versions or not.
    min += bm25Idf(live.length, df + holds(removed, term)) * weight;
    max += bm25Idf(live.length + removed.length, df) * weight;
  });
  return { min, max };
}

const CORPUS: ChunkPoint[] = [
  chunk('cats', 0, 'Cats purr when they are content and sleep most of the day.', [1, 0, 0, 0], {
    sourceUri: 'file:///docs/cats.md',
    title: 'Cats',
    headingPath: ['Pets', 'Cats'],
    page: 2,
  }),
  chunk('dogs', 0, 'Dogs bark at strangers and love long walks in the park.', [0, 1, 0, 0]),
  chunk('birds', 0, 'Birds sing at dawn; some birds migrate south for the winter.', [0, 0, 1, 0]),
  chunk('fish', 0, 'Fish swim in schools; a cat may watch the fish tank all day.', [0.6, 0, 0, 0.8]),
];

export function runVectorStoreContract(label: string, makeHarness: () => Promise<StoreHarness>, options: ContractOptions = {}): void {
  describe(`vector store contract: ${label}`, () => {
    let harness: StoreHarness;
    let store: VectorStore;
    const collection = `contract_${Date.now().toString(36)}`;

    beforeAll(async () => {
      harness = await makeHarness();
      store = harness.store;
      await store.ensureCollection({ name: collection, denseDimension: DIM, bm25: { k1: 1.2, b: 0.75, avgDocLength: 8 } });
      await store.upsert('tenant-a', collection, CORPUS);
    });
    afterAll(async () => {
      await store?.dropCollection(collection);
      await harness?.cleanup();
    });

    it('creates collections idempotently and refuses a different dense dimension', async () => {
      const again = await store.ensureCollection({ name: collection, denseDimension: DIM });
      expect(again.bm25).toEqual({ k1: 1.2, b: 0.75, avgDocLength: 8 });
      await expect(store.ensureCollection({ name: collection, denseDimension: DIM + 1 })).rejects.toThrow(/dimension/);
      expect(await store.getCollection(`${collection}_missing`)).toBeNull();
      expect((await store.listCollections('tenant-a')).find((c) => c.name === collection)).toMatchObject({ denseDimension: DIM, points: CORPUS.length });
    });

    it('ranks lexical matches and returns the payload intact', async () => {
      const hits = await store.search('tenant-a', collection, { mode: 'lexical', text: 'why do cats purr?', limit: 3 });
      expect(hits[0].payload.documentId).toBe('cats');
      expect(hits[0].id).toBe(chunkPointId('tenant-a', collection, 'cats', 0));
      expect(hits[0].payload).toMatchObject({ sourceUri: 'file:///docs/cats.md', title: 'Cats', headingPath: ['Pets', 'Cats'], page: 2 });
      expect(hits.map((h) => h.payload.documentId)).toContain('fish');
      expect(hits.map((h) => h.payload.documentId)).not.toContain('dogs');
    });

    it('scores lexical search with exactly the shared BM25 definition', async () => {
      const text = 'birds sing in the park';
      const hits = await store.search('tenant-a', collection, { mode: 'lexical', text, limit: 10 });
      const query = bm25QueryVector(text);
      const docs = CORPUS.map((c) => bm25DocumentVector(c.text, { k1: 1.2, b: 0.75, avgDocLength: 8 }));
      const df = (term: number) => docs.filter((d) => d.indices.includes(term)).length;
      for (const hit of hits) {
        const doc = docs[CORPUS.findIndex((c) => c.documentId === hit.payload.documentId)];
        let expected = 0;
        query.indices.forEach((term, i) => {
          const at = doc.indices.indexOf(term);
          if (at >= 0) expected += bm25Idf(CORPUS.length, df(term)) * query.values[i] * doc.values[at];
        });
        expect(hit.score).toBeCloseTo(expected, 4);
      }
      expect(hits.map((h) => h.payload.documentId).sort()).toEqual(['birds', 'dogs']);
      expect(analyze('Birds SING')).toEqual(['bird', 'sing']);
    });

    it('upserts idempotently through deterministic ids', async () => {
      await store.upsert('tenant-a', collection, CORPUS.slice(0, 2));
      expect(await store.countPoints('tenant-a', collection)).toBe(CORPUS.length);
    });

    it('shows a tenant only the collections holding its points, answering for the others as for a missing one', async () => {
      expect((await store.listCollections('tenant-b')).map((c) => c.name)).not.toContain(collection);
      const missing = `${collection}_missing`;
      const answer = (name: string) => async (call: (name: string) => Promise<unknown>) => {
        const message = await call(name).then(() => 'resolved', (err: Error) => err.message);
        return message.replace(name, '<name>');
      };
      const calls: Array<(name: string) => Promise<unknown>> = [
        (name: string) => store.search('tenant-b', name, { mode: 'lexical', text: 'cats purr', limit: 5 }),
        (name: string) => store.search('tenant-b', name, { mode: 'dense', dense: [1, 0], limit: 5 }),
        (name: string) => store.listDocuments('tenant-b', name),
        (name: string) => store.deleteDocument('tenant-b', name, 'cats'),
      ];
      for (const call of calls) {
        expect(await answer(collection)(call)).toBe(await answer(missing)(call));
        expect(await answer(collection)(call)).toMatch(/not found/);
      }
      expect(await store.countPoints('tenant-b', collection)).toBe(0);
      expect(await store.countPoints('tenant-b', missing)).toBe(0);
    });

    it('isolates tenants in search, listing and deletion', async () => {
      await store.upsert('tenant-b', collection, [chunk('cats', 0, 'Tenant B keeps its own notes about cats.', [1, 0, 0, 0])]);
      const hitsB = await store.search('tenant-b', collection, { mode: 'lexical', text: 'cats', limit: 5 });
      expect(hitsB.map((h) => h.payload.text)).toEqual(['Tenant B keeps its own notes about cats.']);
      const denseB = await store.search('tenant-b', collection, { mode: 'dense', dense: [0, 0, 1, 0], limit: 5 });
      expect(denseB).toHaveLength(1);
      expect((await store.listDocuments('tenant-b', collection)).map((d) => d.documentId)).toEqual(['cats']);
      expect((await store.listCollections('tenant-b')).find((c) => c.name === collection)?.points).toBe(1);
      expect(await store.deleteDocument('tenant-b', collection, 'cats')).toBe(1);
      expect(await store.countPoints('tenant-b', collection)).toBe(0);
      expect(await store.countPoints('tenant-a', collection)).toBe(CORPUS.length);
    });

    it('replaces and deletes a document, listing content hashes', async () => {
      const doc = (n: number, hash: string) =>
        Array.from({ length: n }, (_, i) => chunk('manual', i, `manual section ${i} about turbines`, undefined, { contentHash: hash, sourceKey: `source-${hash}` }));
      await store.replaceDocument('tenant-a', collection, 'manual', doc(3, 'v1'));
      await store.replaceDocument('tenant-a', collection, 'manual', doc(2, 'v2'));
      const listed = await store.listDocuments('tenant-a', collection);
      expect(listed.find((d) => d.documentId === 'manual')).toEqual({ documentId: 'manual', contentHash: 'v2', chunks: 2, sourceKey: 'source-v2' });
      expect(await store.listDocuments('tenant-a', collection, ['manual', 'dogs', 'absent'])).toEqual([
        { documentId: 'dogs', contentHash: 'hash-dogs', chunks: 1 },
        { documentId: 'manual', contentHash: 'v2', chunks: 2, sourceKey: 'source-v2' },
      ]);
      const hits = await store.search('tenant-a', collection, { mode: 'lexical', text: 'turbines', limit: 10 });
      expect(hits.map((h) => h.payload.chunkIndex).sort()).toEqual([0, 1]);
      expect(await store.deleteDocument('tenant-a', collection, 'manual')).toBe(2);
      expect(await store.search('tenant-a', collection, { mode: 'lexical', text: 'turbines', limit: 10 })).toEqual([]);
    });

    it('searches dense vectors by cosine similarity', async () => {
      const hits = await store.search('tenant-a', collection, { mode: 'dense', dense: [0.9, 0, 0, 0.1], limit: 2 });
      expect(hits.map((h) => h.payload.documentId)).toEqual(['cats', 'fish']);
      await expect(store.search('tenant-a', collection, { mode: 'dense', dense: [1, 0], limit: 2 })).rejects.toThrow(/dimension/);
    });

    it('fuses lexical and dense rankings with weighted RRF', async () => {
      const text = 'dogs bark';
      const dense = [0, 0, 1, 0];
      const fused = await store.search('tenant-a', collection, { mode: 'hybrid', text, dense, limit: 4, fusion: { prefetchLimit: 1 } });
      expect(fused.map((h) => h.payload.documentId).sort()).toEqual(['birds', 'dogs']);
      expect(fused[0].score).toBeCloseTo(fused[1].score, 9);
      const lexicalHeavy = await store.search('tenant-a', collection, {
        mode: 'hybrid', text, dense, limit: 4, fusion: { lexicalWeight: 5, denseWeight: 1, prefetchLimit: 1 },
      });
      expect(lexicalHeavy[0].payload.documentId).toBe('dogs');
      const denseHeavy = await store.search('tenant-a', collection, {
        mode: 'hybrid', text, dense, limit: 4, fusion: { lexicalWeight: 1, denseWeight: 5, prefetchLimit: 1 },
      });
      expect(denseHeavy[0].payload.documentId).toBe('birds');
    });

    it('restricts a search to given documents, still inside the tenant', async () => {
      const hits = await store.search('tenant-a', collection, { mode: 'lexical', text: 'cats fish', limit: 5, documentIds: ['fish'] });
      expect(hits.map((h) => h.payload.documentId)).toEqual(['fish']);
    });

    it(`scores BM25 after a delete and a replacement (${options.bm25Statistics ?? 'live'} statistics)`, async () => {
      const name = `${collection}_del`;
      const text = 'birds sing in the park';
      await store.ensureCollection({ name, denseDimension: DIM, bm25: BM25 });
      try {
        await store.upsert('tenant-a', name, CORPUS);
        const live = CORPUS.map((c) => c.text);
        const removed: string[] = [];
        const check = async (current: string[]) => {
          const hits = await store.search('tenant-a', name, { mode: 'lexical', text, limit: 10 });
          const matching = current.filter((t) => bm25Bounds(text, t, current).max > 0);
          expect(hits).toHaveLength(matching.length);
          for (const hit of hits) {
            const bounds = bm25Bounds(text, hit.payload.text, current, options.bm25Statistics === 'until-vacuum' ? removed : []);
            if (options.bm25Statistics === 'until-vacuum') {
              expect(hit.score, hit.payload.documentId).toBeGreaterThanOrEqual(bounds.min - 1e-4);
              expect(hit.score, hit.payload.documentId).toBeLessThanOrEqual(bounds.max + 1e-4);
            } else {
              expect(hit.score, hit.payload.documentId).toBeCloseTo(bounds.min, 4);
            }
          }
          return hits;
        };
        await check(live);

        // The measurement: a fifth document added and deleted again.
        const extra = 'Park birds sing; the park keeps birds all year.';
        await store.upsert('tenant-a', name, [chunk('extra', 0, extra, [0, 0, 0, 1])]);
        await check([...live, extra]);
        expect(await store.deleteDocument('tenant-a', name, 'extra')).toBe(1);
        removed.push(extra);
        await check(live);

        // A replacement supersedes the old chunk's point version.
        const dogs = 'Dogs sing along when birds wake the park.';
        await store.replaceDocument('tenant-a', name, 'dogs', [chunk('dogs', 0, dogs, [0, 1, 0, 0])]);
        removed.push(CORPUS[1].text);
        const replaced = live.map((t) => (t === CORPUS[1].text ? dogs : t));
        const hits = await check(replaced);
        expect(hits.find((h) => h.payload.documentId === 'dogs')?.payload.text).toBe(dogs);
      } finally {
        await store.dropCollection(name);
      }
    });
  });
}
