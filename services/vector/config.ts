import { z } from 'zod';

export const VectorConfigSchema = z.object({
  backend: z.enum(['embedded', 'qdrant']).default('embedded'),
  /** Where the embedded store keeps its SQLite file (default: `<dataDir>/vector`). */
  dataDir: z.string().optional(),
  qdrant: z
    .object({
      url: z.string().default('http://127.0.0.1:6333'),
      apiKey: z.string().optional(),
      collectionPrefix: z.string().default('keel_'),
      timeoutMs: z.number().int().positive().default(30_000),
      /** How long a collection's spec is trusted before it is read again (0: never cached). */
      specTtlMs: z.number().int().nonnegative().max(3_600_000).default(60_000),
    })
    .default({ url: 'http://127.0.0.1:6333', collectionPrefix: 'keel_', timeoutMs: 30_000, specTtlMs: 60_000 }),
});
export type VectorConfig = z.infer<typeof VectorConfigSchema>;
/** The `vector:` section as written (defaults not yet applied). */
export type VectorConfigInput = z.input<typeof VectorConfigSchema>;
