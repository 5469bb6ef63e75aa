// Parsed document -> chunks -> vector-store points, the one path both ingestion and evaluation use.
import type { ChunkPoint } from '../vector';
import { chunkBlocks } from './chunker';
import type { ChunkingOptions, ParsedDocument } from './types';

/** Turns texts into dense vectors (documents at ingest, queries at search); see services/retrieval. */
export type Embedder = (texts: string[], inputType: 'document' | 'query') => Promise<number[][]>;

export function documentPoints(documentId: string, document: ParsedDocument, chunking: Partial<ChunkingOptions> = {}, sourceKey?: string): ChunkPoint[] {
  return chunkBlocks(document.blocks, chunking).map((chunk) => ({
    documentId,
    chunkIndex: chunk.index,
    contentHash: document.contentHash,
    text: chunk.text,
    sourceUri: document.uri,
    title: document.title,
    headingPath: chunk.headingPath,
    page: chunk.page,
    modifiedAt: document.modifiedAt,
    ...(sourceKey !== undefined ? { sourceKey } : {}),
    metadata: { mediaType: document.mediaType, tokens: chunk.tokens },
  }));
}

/** Adds dense vectors in batches when an embedder is configured; lexical-only collections skip it. */
export async function embedPoints(points: ChunkPoint[], embedder: Embedder | undefined, batchSize = 64): Promise<ChunkPoint[]> {
  if (!embedder || points.length === 0) return points;
  const embedded: ChunkPoint[] = [];
  for (let i = 0; i < points.length; i += batchSize) {
    const batch = points.slice(i, i + batchSize);
    const vectors = await embedder(batch.map((p) => [p.title, ...(p.headingPath ?? []), p.text].filter(Boolean).join('\n')), 'document');
    if (vectors.length !== batch.length) throw new Error(`embedder returned ${vectors.length} vectors for ${batch.length} texts`);
    batch.forEach((p, j) => embedded.push({ ...p, dense: vectors[j] }));
  }
  return embedded;
}
