// Creating a collection for ingestion: BM25's average document length is fixed at creation (the
// sparse vectors carry it), so it is measured on the first chunks that arrive.
import { Bm25ParamsSchema, documentLength, lexicalTextOf, type Bm25Params, type ChunkPoint, type CollectionInfo, type VectorStore } from '../vector';

export interface CollectionSetup {
  denseDimension?: number;
  bm25?: Partial<Bm25Params>;
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
  return store.ensureCollection({ name, denseDimension: setup.denseDimension, bm25 });
}
