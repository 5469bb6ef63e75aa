// The Qdrant adapter against the in-memory Qdrant stand-in (test/support/qdrant-standin.ts; not a
// real Qdrant, whose contract run is qdrant.test.ts): the whole contract, then what only a stateful
// server shows — the spec cache's TTL and invalidation, one create per collection for concurrent
// callers, and a create that loses to another process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionMismatchError, CollectionNotFoundError, QdrantVectorStore, type QdrantStoreOptions } from '../../services/vector';
import { startQdrantStandin, type QdrantStandin } from '../support/qdrant-standin';
import { runVectorStoreContract } from './contract';

let qdrant: QdrantStandin;
beforeAll(async () => {
  qdrant = await startQdrantStandin();
});
afterAll(() => qdrant?.close());

runVectorStoreContract('qdrant adapter against the stand-in', async () => {
  const store = new QdrantVectorStore({ url: qdrant.url });
  return { store, cleanup: async () => store.close() };
});

describe('Qdrant adapter: collection specs', () => {
  const storeWith = (options: Partial<QdrantStoreOptions> = {}) => new QdrantVectorStore({ url: qdrant.url, ...options });
  const count = (method: string, path: string) => qdrant.requests.filter((r) => r.method === method && r.path === path).length;
  const chunk = (text: string, dense?: number[]) => ({ documentId: 'doc', chunkIndex: 0, contentHash: 'h', text, dense });

  it('reads a cached spec again once its TTL has passed', async () => {
    let clock = 1_000;
    const store = storeWith({ specTtlMs: 60_000, now: () => clock });
    await store.ensureCollection({ name: 'ttl', denseDimension: 2 });
    const exists = () => count('GET', '/collections/keel_ttl/exists');
    const before = exists();
    clock += 59_999;
    expect(await store.getCollection('ttl')).toMatchObject({ denseDimension: 2 });
    expect(exists()).toBe(before);
    clock += 1;
    expect(await store.getCollection('ttl')).toMatchObject({ denseDimension: 2 });
    expect(exists()).toBe(before + 1);
    // 0 disables the cache: every read asks Qdrant.
    const uncached = storeWith({ specTtlMs: 0 });
    await uncached.getCollection('ttl');
    await uncached.getCollection('ttl');
    expect(exists()).toBe(before + 3);
  });

  it('drops a cached spec when Qdrant says the collection is gone or has another dimension', async () => {
    const store = storeWith({ specTtlMs: 3_600_000 });
    const other = storeWith(); // another Keel process sharing the Qdrant
    await store.ensureCollection({ name: 'moved', denseDimension: 2 });
    await store.upsert('t1', 'moved', [chunk('pitch bearing', [1, 0])]);

    await other.dropCollection('moved');
    await other.ensureCollection({ name: 'moved', denseDimension: 3 });
    await expect(store.upsert('t1', 'moved', [chunk('pitch bearing', [1, 0])])).rejects.toThrow(CollectionMismatchError);
    // The next read asks Qdrant and sees the recreated collection.
    expect(await store.getCollection('moved')).toMatchObject({ denseDimension: 3 });
    await store.upsert('t1', 'moved', [chunk('yaw drive', [1, 0, 0])]);

    await other.dropCollection('moved');
    await expect(store.search('t1', 'moved', { mode: 'lexical', text: 'yaw' })).rejects.toThrow(CollectionNotFoundError);
    expect(await store.getCollection('moved')).toBeNull();
    expect(await store.countPoints('t1', 'moved')).toBe(0);
  });

  it('creates a collection once for concurrent callers, refusing the one with another dimension', async () => {
    const store = storeWith();
    const results = await Promise.allSettled([
      store.ensureCollection({ name: 'burst', denseDimension: 4 }),
      store.ensureCollection({ name: 'burst', denseDimension: 4 }),
      store.ensureCollection({ name: 'burst', denseDimension: 4 }),
      store.ensureCollection({ name: 'burst', denseDimension: 5 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(count('PUT', '/collections/keel_burst')).toBe(1);
    expect(count('GET', '/collections/keel_burst/exists')).toBe(1);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(CollectionMismatchError);
  });

  it('takes the winner\'s spec when another process creates the collection first (409), waiting until Qdrant serves it', async () => {
    const store = storeWith();
    const winner = storeWith();
    let raced = false;
    qdrant.before = async (req) => {
      if (raced || req.method !== 'PUT' || req.path !== '/collections/keel_race') return;
      raced = true;
      await winner.ensureCollection({ name: 'race', denseDimension: 2, bm25: { k1: 1.5, b: 0.75, avgDocLength: 100 } });
      // Right after a lost race Qdrant may answer a read with 500 until the winner's shards are up.
      qdrant.failOnce('GET', '/collections/keel_race/exists', 500, 'Service internal error: 0 of 0 read operations failed');
    };
    try {
      const specWrites = () => qdrant.requests.filter((r) => r.method === 'PUT' && r.path === '/collections/keel_race/points').length;
      const info = await store.ensureCollection({ name: 'race', denseDimension: 2 });
      expect(info.bm25.k1).toBe(1.5);
      expect(count('PUT', '/collections/keel_race')).toBe(2);
      expect(specWrites()).toBe(1);
      // Each side's first look, then the loser's re-read: answered 500 once, asked again.
      expect(count('GET', '/collections/keel_race/exists')).toBe(4);
      await expect(storeWith().ensureCollection({ name: 'race', denseDimension: 3 })).rejects.toThrow(/dimension/);
    } finally {
      qdrant.before = undefined;
    }
  });

  it('finishes the setup itself when the winner of the create never writes its spec', async () => {
    const store = storeWith({ createRaceWaitMs: 100 });
    qdrant.before = async (req) => {
      if (req.method === 'PUT' && req.path === '/collections/keel_orphan' && !qdrant.collections.has('keel_orphan')) {
        qdrant.before = undefined;
        // The other process created the collection and died before its indexes and spec.
        await fetch(`${qdrant.url}/collections/keel_orphan`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vectors: {}, sparse_vectors: { bm25: { modifier: 'idf' } } }) });
      }
    };
    try {
      expect(await store.ensureCollection({ name: 'orphan' })).toMatchObject({ name: 'orphan' });
      expect(qdrant.collections.get('keel_orphan')!.indexes).toEqual(expect.arrayContaining(['tenant_id', 'document_id', 'chunk_index']));
      expect(await storeWith().getCollection('orphan')).toMatchObject({ name: 'orphan' });
    } finally {
      qdrant.before = undefined;
    }
  });

  it('refuses to finish a dead winner\'s setup when its collection has another dense dimension', async () => {
    const store = storeWith({ createRaceWaitMs: 50 });
    qdrant.before = async (req) => {
      if (req.method === 'PUT' && req.path === '/collections/keel_orphan3' && !qdrant.collections.has('keel_orphan3')) {
        qdrant.before = undefined;
        await fetch(`${qdrant.url}/collections/keel_orphan3`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vectors: { dense: { size: 3, distance: 'Cosine' } }, sparse_vectors: { bm25: { modifier: 'idf' } } }) });
      }
    };
    try {
      await expect(store.ensureCollection({ name: 'orphan3', denseDimension: 2 })).rejects.toThrow(CollectionMismatchError);
      expect(await storeWith().getCollection('orphan3')).toBeNull();
    } finally {
      qdrant.before = undefined;
    }
  });
});
