// An in-process ModelRouter for retrieval tests: concept-based embeddings (synonyms share a
// dimension, so dense search finds what lexical misses), a keyword reranker and a fixed rewriter.
import type { ChatRequest, ChatResponse, EmbedRequest, ModelRouter, RerankRequest } from '../../services/router/types';

export const CONCEPTS: string[][] = [
  ['oil', 'lubricant', 'grease'],
  ['blade', 'rotor', 'wing'],
  ['gearbox', 'transmission'],
  ['drone', 'uav'],
  ['crack', 'fracture', 'damage'],
  ['tower', 'mast'],
];

export function conceptVector(text: string): number[] {
  const words = text.toLowerCase().split(/[^a-z]+/);
  return CONCEPTS.map((synonyms) => words.filter((w) => synonyms.includes(w)).length + 0.01);
}

const servedBy = { logicalModel: 'fake', deployment: 'fake-0', provider: 'fake', providerModel: 'fake' };

export interface FakeRouterCalls {
  embed: EmbedRequest[];
  rerank: RerankRequest[];
  chat: ChatRequest[];
}

export function fakeRouter(options: { rerankPrefers?: string; rewriteTo?: string } = {}): ModelRouter & { calls: FakeRouterCalls } {
  const calls: FakeRouterCalls = { embed: [], rerank: [], chat: [] };
  return {
    calls,
    async chat(request) {
      calls.chat.push(request);
      const response: ChatResponse = {
        content: options.rewriteTo ?? 'rewritten', toolCalls: [], stopReason: 'end_turn',
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, servedBy, costUsd: 0, latencyMs: 0, failovers: [],
      };
      return response;
    },
    async *chatStream() {
      throw new Error('not used');
    },
    async embed(request) {
      calls.embed.push(request);
      return { vectors: request.input.map(conceptVector), usage: { inputTokens: request.input.length }, servedBy };
    },
    async rerank(request) {
      calls.rerank.push(request);
      const prefer = options.rerankPrefers?.toLowerCase();
      const results = request.documents
        .map((doc, index) => ({ index, score: prefer && doc.toLowerCase().includes(prefer) ? 1 - index * 0.001 : 0.5 - index * 0.001 }))
        .sort((a, b) => b.score - a.score)
        .slice(0, request.topN ?? request.documents.length);
      return { results, servedBy };
    },
    listModels: () => [{ id: 'fake', deployments: 1 }],
    async close() {},
  };
}
