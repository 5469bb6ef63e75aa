import { z } from 'zod';
import { CollectionNameSchema, FusionSchema, SearchModeSchema } from '../vector/types';

export const RetrievalRequestSchema = z.object({
  collection: CollectionNameSchema,
  query: z.string().min(1).max(4000),
  /** Defaults to hybrid when an embedding model is configured, lexical otherwise. */
  mode: SearchModeSchema.optional(),
  limit: z.number().int().positive().max(1000).default(10),
  rerank: z.boolean().optional(),
  rewrite: z.boolean().optional(),
  fusion: FusionSchema.partial().optional(),
  documentIds: z.array(z.string()).max(1000).optional(),
});
export type RetrievalRequest = z.input<typeof RetrievalRequestSchema>;

export interface RetrievedChunk {
  id: string;
  /** Final score: the reranker's when reranked, else the store's (BM25, cosine or RRF). */
  score: number;
  retrievalScore: number;
  rerankScore?: number;
  documentId: string;
  chunkIndex: number;
  text: string;
  sourceUri: string;
  title: string;
  headingPath: string[];
  page?: number;
  modifiedAt?: string;
}

export interface RetrievalResult {
  mode: z.infer<typeof SearchModeSchema>;
  query: string;
  /** The query actually searched after rewriting, when rewriting ran. */
  rewrittenQuery?: string;
  /** False when reranking was not asked for, or failed (`rerankFailure` says why). */
  reranked: boolean;
  /** Reranking was asked for but no rerank deployment answered: the chunks are in the store's fused order. */
  rerankFailure?: { reason: string };
  /** The search ran in a lesser `mode` than `from` (hybrid without an embedding model that answered). */
  degraded?: { from: z.infer<typeof SearchModeSchema>; reason: string };
  chunks: RetrievedChunk[];
}
