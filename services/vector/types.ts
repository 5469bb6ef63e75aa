// The vector store port: collections of chunks with a named dense vector and a BM25 sparse vector.
// Pure zod + types (workflows may import this file).
import { z } from 'zod';

export const DENSE_VECTOR_NAME = 'dense';
export const SPARSE_VECTOR_NAME = 'bm25';

// k1 and b tuned on SciFact's train qrels only (grid k1 0.6-1.5, b 0.3-0.9; nDCG@10 is flat within
// 0.003 around the optimum, so these are safe defaults rather than a fit to one corpus).
export const Bm25ParamsSchema = z.object({
  k1: z.number().positive().default(1.1),
  b: z.number().min(0).max(1).default(0.7),
  /** Fixed at creation: document vectors carry the length normalisation (as Qdrant needs). */
  avgDocLength: z.number().positive().default(180),
});
export type Bm25Params = z.infer<typeof Bm25ParamsSchema>;

export const CollectionNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'letters, digits, _ . - (max 128), not starting with a symbol');

export const CollectionSpecSchema = z.object({
  name: CollectionNameSchema,
  /** Dimension of the dense vector; absent for a lexical-only collection. */
  denseDimension: z.number().int().positive().optional(),
  bm25: Bm25ParamsSchema.default(Bm25ParamsSchema.parse({})),
  /** Settings other services keep with the collection (ingestion stores its chunking here). */
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type CollectionSpec = z.input<typeof CollectionSpecSchema>;
export type CollectionInfo = z.output<typeof CollectionSpecSchema>;

export const SparseVectorSchema = z.object({
  indices: z.array(z.number().int().nonnegative()),
  values: z.array(z.number()),
});
export type SparseVector = z.infer<typeof SparseVectorSchema>;

/** What a chunk carries besides its vectors; stored as the point payload. */
export const ChunkPayloadSchema = z.object({
  documentId: z.string().min(1),
  chunkIndex: z.number().int().nonnegative(),
  /** Hash of the whole source document, for incremental ingestion. */
  contentHash: z.string(),
  text: z.string(),
  sourceUri: z.string().default(''),
  title: z.string().default(''),
  headingPath: z.array(z.string()).default([]),
  page: z.number().int().positive().optional(),
  modifiedAt: z.string().optional(),
  /** Which source listed the document (ingestion deletes only its own source's documents). */
  sourceKey: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type ChunkPayload = z.output<typeof ChunkPayloadSchema>;

export const ChunkPointSchema = ChunkPayloadSchema.extend({
  /** Text the BM25 vector is built from; defaults to title + heading path + text. */
  lexicalText: z.string().optional(),
  dense: z.array(z.number()).optional(),
});
export type ChunkPoint = z.input<typeof ChunkPointSchema>;

export const SearchModeSchema = z.enum(['lexical', 'dense', 'hybrid']);
export type SearchMode = z.infer<typeof SearchModeSchema>;

export const FusionSchema = z.object({
  /** RRF constant as Qdrant defines it: each list adds 1 / (rank / weight + k - 1), rank from 1. */
  k: z.number().int().positive().default(60),
  lexicalWeight: z.number().positive().default(1),
  denseWeight: z.number().positive().default(1),
  /** Candidates taken from each side before fusing. */
  prefetchLimit: z.number().int().positive().default(100),
});
export type Fusion = z.output<typeof FusionSchema>;

export const VectorQuerySchema = z.object({
  mode: SearchModeSchema.default('lexical'),
  text: z.string().default(''),
  dense: z.array(z.number()).optional(),
  limit: z.number().int().positive().max(1000).default(10),
  fusion: FusionSchema.default(FusionSchema.parse({})),
  /** Restrict to these documents (optional, still inside the tenant). */
  documentIds: z.array(z.string()).optional(),
});
export type VectorQuery = z.input<typeof VectorQuerySchema>;

export interface ScoredChunk {
  id: string;
  score: number;
  payload: ChunkPayload;
}

/** A collection as one tenant sees it: only collections holding that tenant's points. */
export type TenantCollection = CollectionInfo & { points: number };

export interface DocumentSummary {
  documentId: string;
  contentHash: string;
  chunks: number;
  /** The source that listed it, when it was written with one. */
  sourceKey?: string;
}

/**
 * The port. Every data call takes the tenant; the adapter filters on it, callers never build
 * filters. Point ids derive from tenant + collection + document + chunk index.
 *
 * Collection names are one namespace, but a tenant only sees collections holding its own points:
 * for reads (search, listDocuments, deleteDocument) a collection with none of the tenant's points
 * answers exactly like a missing one (`CollectionNotFoundError`, same message), and countPoints is
 * 0 for both. getCollection/ensureCollection/dropCollection are for ingestion and operators.
 */
export interface VectorStore {
  readonly kind: 'embedded' | 'qdrant';
  ensureCollection(spec: CollectionSpec): Promise<CollectionInfo>;
  getCollection(name: string): Promise<CollectionInfo | null>;
  /** The collections holding the tenant's points, by name, with the tenant's point count. */
  listCollections(tenantId: string): Promise<TenantCollection[]>;
  dropCollection(name: string): Promise<void>;
  /** Upsert chunks; idempotent thanks to deterministic ids. */
  upsert(tenantId: string, collection: string, points: ChunkPoint[]): Promise<number>;
  /** Make a document's chunks exactly `points` (upsert, then drop any chunk index beyond them). */
  replaceDocument(tenantId: string, collection: string, documentId: string, points: ChunkPoint[]): Promise<void>;
  /** replaceDocument for several documents at once (one transaction where the adapter has them). */
  replaceDocuments(tenantId: string, collection: string, documents: Array<{ documentId: string; points: ChunkPoint[] }>): Promise<void>;
  deleteDocument(tenantId: string, collection: string, documentId: string): Promise<number>;
  /** The tenant's documents (optionally only these ids) with their content hash and chunk count. */
  listDocuments(tenantId: string, collection: string, documentIds?: string[]): Promise<DocumentSummary[]>;
  countPoints(tenantId: string, collection: string): Promise<number>;
  search(tenantId: string, collection: string, query: VectorQuery): Promise<ScoredChunk[]>;
  close(): Promise<void>;
}
