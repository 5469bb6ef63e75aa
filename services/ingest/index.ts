export * from './types';
export { parseDocument, detectMediaType, contentHash, UnsupportedDocumentError, type SourceDocument } from './parse';
export { chunkBlocks } from './chunker';
export { estimateTokens, cl100kTokens, tokenCounter, type TokenCounter } from './tokens';
export { documentPoints, embedPoints, type Embedder } from './document-points';
export { ensureIngestCollection, averageDocumentLength, type CollectionSetup } from './collection';
