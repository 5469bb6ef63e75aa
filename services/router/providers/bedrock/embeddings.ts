// Bedrock embeddings through InvokeModel (Titan Text Embeddings, one text per call; Cohere
// Embed, batches of up to 96) and reranking through the Bedrock Rerank API (agent runtime).
import { InvokeModelCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { RerankCommand, type BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { EmbedRequest, RerankRequest } from '../../types';
import { estimateTokens } from '../../tokens';

const decoder = new TextDecoder();
const TITAN_PARALLEL = 8;

async function invokeJson(client: BedrockRuntimeClient, modelId: string, body: unknown, signal: AbortSignal): Promise<any> {
  const out = await client.send(new InvokeModelCommand({ modelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(body) }), { abortSignal: signal });
  return JSON.parse(decoder.decode(out.body));
}

export async function bedrockEmbed(client: BedrockRuntimeClient, modelId: string, req: EmbedRequest, signal: AbortSignal): Promise<{ vectors: number[][]; inputTokens: number }> {
  const ext = (req.providerExtensions?.bedrock ?? {}) as Record<string, unknown>;
  if (modelId.includes('cohere.embed')) {
    const vectors: number[][] = [];
    let inputTokens = 0;
    for (let i = 0; i < req.input.length; i += 96) {
      const texts = req.input.slice(i, i + 96);
      const out = await invokeJson(client, modelId, { texts, input_type: req.inputType === 'query' ? 'search_query' : 'search_document', truncate: 'END', ...ext }, signal);
      const emb = Array.isArray(out.embeddings) ? out.embeddings : out.embeddings?.float;
      vectors.push(...(emb as number[][]));
      inputTokens += texts.reduce((n, t) => n + estimateTokens(t), 0);
    }
    return { vectors, inputTokens };
  }
  // Titan: one text per request, at most TITAN_PARALLEL in flight.
  const outs: any[] = new Array(req.input.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(TITAN_PARALLEL, req.input.length) }, async () => {
    while (next < req.input.length) {
      const i = next++;
      const body: Record<string, unknown> = { inputText: req.input[i], ...ext };
      if (modelId.includes('embed-text-v2')) {
        body.normalize ??= true;
        if (req.dimensions) body.dimensions = req.dimensions;
      }
      outs[i] = await invokeJson(client, modelId, body, signal);
    }
  }));
  return { vectors: outs.map((o) => o.embedding as number[]), inputTokens: outs.reduce((n, o) => n + (o.inputTextTokenCount ?? 0), 0) };
}

export async function bedrockRerank(client: BedrockAgentRuntimeClient, modelArn: string, req: RerankRequest, signal: AbortSignal): Promise<Array<{ index: number; score: number }>> {
  const out = await client.send(new RerankCommand({
    queries: [{ type: 'TEXT', textQuery: { text: req.query } }],
    sources: req.documents.map((text) => ({ type: 'INLINE', inlineDocumentSource: { type: 'TEXT', textDocument: { text } } })),
    rerankingConfiguration: {
      type: 'BEDROCK_RERANKING_MODEL',
      bedrockRerankingConfiguration: { numberOfResults: req.topN ?? req.documents.length, modelConfiguration: { modelArn } },
    },
  }), { abortSignal: signal });
  return (out.results ?? []).map((r) => ({ index: r.index ?? 0, score: r.relevanceScore ?? 0 }));
}
