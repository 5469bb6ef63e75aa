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
});
