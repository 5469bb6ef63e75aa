// Creating a collection for ingestion: BM25's average document length is fixed at creation (the
// sparse vectors carry it), so it is measured on the first chunks that arrive.
import { Bm25ParamsSchema, documentLength, lexicalTextOf, type Bm25Params, type ChunkPoint, type CollectionInfo, type VectorStore } from '../vector';
import { ChunkingOptionsSchema, type ChunkingOptions } from './types';

export interface CollectionSetup {
  denseDimension?: number;
  bm25?: Partial<Bm25Params>;
  /** Kept with the collection: later jobs chunk the same way unless they say otherwise. */
  chunking?: Partial<ChunkingOptions>;
}

/** The chunking a collection was created with (defaults when it has none or does not exist). */
export function collectionChunking(info: CollectionInfo | null): ChunkingOptions {
  const stored = ChunkingOptionsSchema.safeParse(info?.metadata?.chunking ?? {});
  return stored.success ? stored.data : ChunkingOptionsSchema.parse({});
}

export function averageDocumentLength(points: ChunkPoint[]): number | undefined {
  if (points.length === 0) return undefined;
  const total = points.reduce((sum, point) => sum + documentLength(lexicalTextOf(point)), 0);
  return Math.max(1, total / points.length);
}

export async function ensureIngestCollection(store: VectorStore, name: string, firstPoints: ChunkPoint[], setup: CollectionSetup = {}): Promise<CollectionInfo> {
  const existing = await store.getCollection(name);
  if (existing) return existing;
  const measured = averageDocumentLength(firstPoints);
  const bm25 = Bm25ParamsSchema.parse({ ...(measured ? { avgDocLength: measured } : {}), ...setup.bm25 });
  const metadata = setup.chunking ? { chunking: ChunkingOptionsSchema.parse(setup.chunking) } : {};
  return store.ensureCollection({ name, denseDimension: setup.denseDimension, bm25, metadata });
}
