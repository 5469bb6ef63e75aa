import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedVectorStore } from '../../services/vector';
import { runVectorStoreContract } from './contract';

runVectorStoreContract('embedded (SQLite inverted index)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-vector-'));
  const store = new EmbeddedVectorStore(dir);
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

describe('embedded vector store persistence', () => {
  it('serves the same results after the process reopens the data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-vector-'));
    try {
      const first = new EmbeddedVectorStore(dir);
      await first.ensureCollection({ name: 'notes', denseDimension: 2 });
      await first.upsert('t1', 'notes', [
        { documentId: 'a', chunkIndex: 0, contentHash: 'h1', text: 'temporal schedules trigger ingestion', dense: [1, 0] },
        { documentId: 'b', chunkIndex: 0, contentHash: 'h2', text: 'qdrant stores sparse vectors', dense: [0, 1] },
      ]);
      const before = await first.search('t1', 'notes', { mode: 'hybrid', text: 'sparse vectors', dense: [0.1, 1] });
      await first.close();

      const reopened = new EmbeddedVectorStore(dir);
      expect(await reopened.search('t1', 'notes', { mode: 'hybrid', text: 'sparse vectors', dense: [0.1, 1] })).toEqual(before);
      expect(await reopened.listDocuments('t1', 'notes')).toEqual([
        { documentId: 'a', contentHash: 'h1', chunks: 1 },
        { documentId: 'b', contentHash: 'h2', chunks: 1 },
      ]);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a second process sharing the file see writes (the search cache follows the collection generation)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-vector-'));
    const writer = new EmbeddedVectorStore(dir);
    const reader = new EmbeddedVectorStore(dir);
    try {
      await writer.ensureCollection({ name: 'shared' });
      await writer.upsert('t1', 'shared', [{ documentId: 'a', chunkIndex: 0, contentHash: 'h1', text: 'anemometer calibration' }]);
      expect((await reader.search('t1', 'shared', { text: 'anemometer' })).map((h) => h.payload.documentId)).toEqual(['a']);
      await writer.replaceDocument('t1', 'shared', 'a', [{ documentId: 'a', chunkIndex: 0, contentHash: 'h2', text: 'pitch bearing grease' }]);
      await writer.upsert('t1', 'shared', [{ documentId: 'b', chunkIndex: 0, contentHash: 'h3', text: 'anemometer replacement' }]);
      const hits = await reader.search('t1', 'shared', { text: 'anemometer' });
      expect(hits.map((h) => [h.payload.documentId, h.payload.text])).toEqual([['b', 'anemometer replacement']]);
      expect((await reader.search('t1', 'shared', { text: 'grease' }))[0].payload).toMatchObject({ documentId: 'a', contentHash: 'h2' });
    } finally {
      await writer.close();
      await reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
