import { describe, it } from 'vitest';
import { QdrantVectorStore } from '../../services/vector';
import { runVectorStoreContract } from './contract';

const url = process.env.QDRANT_URL;

if (url) {
  runVectorStoreContract(`qdrant at ${url}`, async () => {
    const store = new QdrantVectorStore({ url, apiKey: process.env.QDRANT_API_KEY, collectionPrefix: 'keeltest_' });
    return { store, cleanup: async () => store.close() };
  });
} else {
  describe('vector store contract: qdrant', () => {
    it.skip('skipped: set QDRANT_URL (e.g. http://127.0.0.1:6333) to run the contract against a real Qdrant', () => {});
  });
}
