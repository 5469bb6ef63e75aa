import { ChunkPointSchema, type ChunkPoint, type CollectionInfo } from './types';

export type PreparedPoint = ReturnType<typeof ChunkPointSchema.parse>;

/** Validate points against the collection (dense dimension, unique chunk ids) before writing. */
export function preparePoints(points: ChunkPoint[], collection: CollectionInfo): PreparedPoint[] {
  const seen = new Set<string>();
  return points.map((raw) => {
    const point = ChunkPointSchema.parse(raw);
    const key = `${point.documentId}\u0000${point.chunkIndex}`;
    if (seen.has(key)) throw new Error(`duplicate chunk ${point.chunkIndex} of document ${point.documentId}`);
    seen.add(key);
    if (point.dense && point.dense.length !== collection.denseDimension) {
      throw new Error(
        `dense vector has ${point.dense.length} dimensions, collection ${collection.name} expects ${collection.denseDimension ?? 'none'}`,
      );
    }
    return point;
  });
}

/** What BM25 indexes for a chunk: its title and heading path give short chunks their context. */
export function lexicalTextOf(point: Pick<ChunkPoint, 'lexicalText' | 'title' | 'headingPath' | 'text'>): string {
  if (point.lexicalText !== undefined) return point.lexicalText;
  return [point.title ?? '', ...(point.headingPath ?? []), point.text].filter((part) => part.length > 0).join('\n');
}
