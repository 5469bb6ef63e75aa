// Search over a collection: lexical, dense or hybrid in the vector store, then optional query
// rewriting before and reranking of the top-N after, both through the model router.
import { DomainError } from '../errors';
import { RouterError } from '../router';
import type { ModelRouter } from '../router/types';
import type { ScoredChunk, SearchMode, VectorStore } from '../vector';
import { RetrievalConfigSchema, type RetrievalConfig } from './config';
import { rerankTexts, rewriteQuery, routerEmbedder, type Embedder } from './model-calls';
import { RetrievalRequestSchema, type RetrievalRequest, type RetrievalResult, type RetrievedChunk } from './types';

export class RetrievalUnavailableError extends DomainError {
  constructor(message: string) {
    super('invalid', 'retrieval_unavailable', message);
  }
}

/**
 * Why a model step failed when no deployment could serve it (a router failure other than the
 * caller cancelling): the search goes on without that step. Anything else is rethrown.
 */
function modelUnreachable(err: unknown): string | undefined {
  if (!(err instanceof RouterError) || err.kind === 'cancelled') return undefined;
  const reasons = err.info.reasons?.map((r) => `${r.deployment}: ${r.reason}`).join('; ');
  return reasons ? `${err.kind} (${reasons})` : `${err.kind}: ${err.message}`;
}

export interface RetrieverDeps {
  store: VectorStore;
  router?: ModelRouter;
  config?: Partial<RetrievalConfig>;
  /** Overrides the router-based query embedder (tests, evaluation with a local model). */
  embedder?: Embedder;
}

export interface Retriever {
  search(tenantId: string, request: RetrievalRequest): Promise<RetrievalResult>;
  readonly canEmbed: boolean;
}

function toRetrieved(hit: ScoredChunk): RetrievedChunk {
  const p = hit.payload;
  return {
    id: hit.id, score: hit.score, retrievalScore: hit.score, documentId: p.documentId, chunkIndex: p.chunkIndex, text: p.text,
    sourceUri: p.sourceUri, title: p.title, headingPath: p.headingPath, page: p.page, modifiedAt: p.modifiedAt,
  };
}

export function createRetriever(deps: RetrieverDeps): Retriever {
  const config = RetrievalConfigSchema.parse(deps.config ?? {});
  const { store, router } = deps;
  const embedderFor = (tenantId: string): Embedder | undefined =>
    deps.embedder ?? (router && config.embeddingModel ? routerEmbedder(router, config.embeddingModel, tenantId) : undefined);
  const canEmbed = Boolean(deps.embedder || (router && config.embeddingModel));

  async function search(tenantId: string, rawRequest: RetrievalRequest): Promise<RetrievalResult> {
    const request = RetrievalRequestSchema.parse(rawRequest);
    const mode: SearchMode = request.mode ?? (canEmbed ? 'hybrid' : 'lexical');
    const embedder = embedderFor(tenantId);
    if (mode !== 'lexical' && !embedder) throw new RetrievalUnavailableError(`${mode} search needs an embedding model (retrieval.embeddingModel)`);

    let searchText = request.query;
    let rewrittenQuery: string | undefined;
    if (request.rewrite) {
      if (!router || !config.rewriteModel) throw new RetrievalUnavailableError('query rewriting needs retrieval.rewriteModel');
      rewrittenQuery = await rewriteQuery(router, config.rewriteModel, request.query, tenantId);
      searchText = `${request.query}\n${rewrittenQuery}`;
    }

    const rerank = request.rerank ?? (config.rerankByDefault && Boolean(config.rerankModel));
    if (rerank && (!router || !config.rerankModel)) throw new RetrievalUnavailableError('reranking needs retrieval.rerankModel');
    const candidates = rerank ? Math.max(config.rerankTopN, request.limit) : request.limit;
    let ran: SearchMode = mode;
    let degraded: RetrievalResult['degraded'];
    let dense: number[] | undefined;
    if (mode !== 'lexical') {
      try {
        dense = (await embedder!([rewrittenQuery ?? request.query], 'query'))[0];
      } catch (err) {
        // Hybrid still has its lexical half; dense search has nothing without the vector.
        const reason = modelUnreachable(err);
        if (mode !== 'hybrid' || reason === undefined) throw err;
        ran = 'lexical';
        degraded = { from: mode, reason: `embedding: ${reason}` };
      }
    }
    const hits = await store.search(tenantId, request.collection, {
      mode: ran, text: searchText, dense, limit: candidates, documentIds: request.documentIds, fusion: { ...config.fusion, ...request.fusion },
    });
    let chunks = hits.map(toRetrieved);
    let reranked = false;
    let rerankFailure: RetrievalResult['rerankFailure'];
    if (rerank && chunks.length > 0) {
      try {
        const order = await rerankTexts(router!, config.rerankModel!, request.query, chunks.map((c) => c.text), request.limit, tenantId);
        chunks = order.map(({ index, score }) => ({ ...chunks[index], score, rerankScore: score }));
        reranked = true;
      } catch (err) {
        const reason = modelUnreachable(err);
        if (reason === undefined) throw err;
        rerankFailure = { reason };
      }
    } else {
      reranked = rerank;
    }
    return {
      mode: ran, query: request.query, rewrittenQuery, reranked, ...(rerankFailure ? { rerankFailure } : {}), ...(degraded ? { degraded } : {}),
      chunks: chunks.slice(0, request.limit),
    };
  }

  return { search, canEmbed };
}
