// The retrieval service's model calls, all through the ModelRouter interface.
import type { Embedder } from '../ingest';
import type { ModelRouter } from '../router/types';

export type { Embedder };

export function routerEmbedder(router: ModelRouter, model: string, tenantId: string, priority: 'interactive' | 'batch' = 'interactive'): Embedder {
  return async (texts, inputType) => {
    const response = await router.embed({ model, input: texts, inputType }, { tenantId, priority });
    return response.vectors;
  };
}

const REWRITE_PROMPT =
  'Rewrite the user question as a concise search query for a document index: keep every specific name, number and term, ' +
  'add close synonyms for the key concepts, drop filler words. Answer with the query only, on one line.';

export async function rewriteQuery(router: ModelRouter, model: string, query: string, tenantId: string): Promise<string> {
  const response = await router.chat(
    { model, messages: [{ role: 'system', content: REWRITE_PROMPT }, { role: 'user', content: query }], generation: { maxTokens: 128, temperature: 0 } },
    { tenantId, priority: 'interactive' },
  );
  const rewritten = response.content.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  return rewritten ?? query;
}

/** Reorders `texts` by the reranker; returns (index, score) best first, `limit` at most. */
export async function rerankTexts(router: ModelRouter, model: string, query: string, texts: string[], limit: number, tenantId: string) {
  const response = await router.rerank({ model, query, documents: texts, topN: Math.min(limit, texts.length) }, { tenantId, priority: 'interactive' });
  return response.results.filter((r) => r.index >= 0 && r.index < texts.length).slice(0, limit);
}
