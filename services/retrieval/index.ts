export { createRetriever, RetrievalUnavailableError, type Retriever, type RetrieverDeps } from './retriever';
export { RetrievalConfigSchema, type RetrievalConfig } from './config';
export { routerEmbedder, rewriteQuery, rerankTexts, type Embedder } from './model-calls';
export * from './types';
export { loadBeirDataset, readQrels, resolveQrelsPath, type BeirDataset, type BeirDocument } from './evaluation/beir';
export { documentRanking, mrrAt, ndcgAt, percentile, recallAt } from './evaluation/metrics';
