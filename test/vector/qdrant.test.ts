import { describe, it } from 'vitest';
import { QdrantVectorStore } from '../../services/vector';
import { runVectorStoreContract } from './contract';

const url = process.env.QDRANT_URL;

if (url) {
  runVectorStoreContract(
    `qdrant at ${url}`,
    async () => {
      const store = new QdrantVectorStore({ url, apiKey: process.env.QDRANT_API_KEY, collectionPrefix: 'keeltest_' });
      return { store, cleanup: async () => store.close() };
    },
    // Deleted and superseded points count in Qdrant's IDF until the optimizer vacuums them.
    { bm25Statistics: 'until-vacuum' },
  );
} else {
  describe('vector store contract: qdrant', () => {
    it.skip('skipped: set QDRANT_URL (e.g. http://127.0.0.1:6333) to run the contract against a real Qdrant', () => {});
  });
}
