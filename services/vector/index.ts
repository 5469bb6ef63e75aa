import { VectorConfigSchema, type VectorConfig } from './config';
import { EmbeddedVectorStore } from './embedded-store';
import { QdrantVectorStore } from './qdrant-store';
import type { VectorStore } from './types';

export * from './types';
export { VectorConfigSchema, type VectorConfig, type VectorConfigInput } from './config';
export { EmbeddedVectorStore } from './embedded-store';
export { QdrantVectorStore, type QdrantStoreOptions } from './qdrant-store';
export { CollectionMismatchError, CollectionNotFoundError } from './errors';
export { analyze } from './tokenizer';
export { bm25DocumentVector, bm25QueryVector, bm25Idf, documentLength } from './bm25';
export { reciprocalRankFusion, type RankedList } from './fusion';
export { chunkPointId } from './ids';
export { lexicalTextOf } from './points';

/** `defaultDir` is used when the config names no directory (Keel passes `<dataDir>/vector`). */
export function createVectorStore(rawConfig: Partial<VectorConfig> = {}, defaultDir = '.keel/vector'): VectorStore {
  const config = VectorConfigSchema.parse(rawConfig);
  if (config.backend === 'qdrant') return new QdrantVectorStore(config.qdrant);
  return new EmbeddedVectorStore(config.dataDir ?? defaultDir);
}
