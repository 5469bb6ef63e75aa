import { z } from 'zod';

export const RetrievalConfigSchema = z.object({
  /** Logical model for embeddings (through the router); without one, only lexical search runs. */
  embeddingModel: z.string().optional(),
  rerankModel: z.string().optional(),
  /** Chat model that rewrites queries when a request asks for it. */
  rewriteModel: z.string().optional(),
  /** Candidates handed to the reranker. */
  rerankTopN: z.number().int().positive().max(1000).default(50),
  /** Rerank by default whenever a rerank model is configured. */
  rerankByDefault: z.boolean().default(true),
  fusion: z
    .object({
      k: z.number().int().positive().default(60),
      lexicalWeight: z.number().positive().default(1),
      denseWeight: z.number().positive().default(1),
      prefetchLimit: z.number().int().positive().default(100),
    })
    .default({ k: 60, lexicalWeight: 1, denseWeight: 1, prefetchLimit: 100 }),
});
export type RetrievalConfig = z.infer<typeof RetrievalConfigSchema>;
