// Production adapter over Qdrant (REST, @qdrant/js-client-rest 1.18): a named dense vector, a named
// sparse BM25 vector with the `idf` modifier (so Qdrant scores exactly bm25.ts's definition), a
// `tenant_id` keyword index with `is_tenant`, and hybrid search through the Query API (prefetch + RRF).
import { QdrantClient } from '@qdrant/js-client-rest';
import { bm25DocumentVector, bm25QueryVector } from './bm25';
import { CollectionMismatchError, CollectionNotFoundError } from './errors';
import { dimensionMismatch, isAlreadyExists, isCollectionMissing, isNotReadyYet } from './qdrant-errors';
import { SpecCache } from './qdrant-spec-cache';
import { chunkPointId } from './ids';
import { lexicalTextOf, preparePoints } from './points';
import {
  CollectionSpecSchema,
  ChunkPayloadSchema,
  DENSE_VECTOR_NAME,
  SPARSE_VECTOR_NAME,
  VectorQuerySchema,
  type ChunkPoint,
  type CollectionInfo,
  type CollectionSpec,
  type DocumentSummary,
  type ScoredChunk,
  type TenantCollection,
  type VectorQuery,
  type VectorStore,
} from './types';

/** The collection's spec lives in a reserved point outside every tenant (Qdrant has no free-form collection metadata in 1.18's client). */
const SPEC_TENANT = '__keel_spec__';
const SCROLL_PAGE = 1000;

type Filter = { must: Array<Record<string, unknown>> };

export interface QdrantStoreOptions {
  url: string;
  apiKey?: string;
  /** Prefix for collection names, so several deployments can share one Qdrant. */
  collectionPrefix?: string;
  timeoutMs?: number;
  /** How long a collection's spec is cached (default 60 s; 0 disables the cache). */
  specTtlMs?: number;
  /** How long a create that lost to another process waits for the winner's spec (default 5 s). */
  createRaceWaitMs?: number;
  /** The cache's clock (tests). */
  now?: () => number;
}

export class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant' as const;
  private readonly client: QdrantClient;
  private readonly prefix: string;
  private readonly specs: SpecCache;
  /** One ensureCollection in flight per collection: concurrent callers share it. */
  private readonly ensuring = new Map<string, Promise<CollectionInfo>>();
  private readonly createRaceWaitMs: number;

  constructor(options: QdrantStoreOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 30_000, checkCompatibility: false });
    this.prefix = options.collectionPrefix ?? 'keel_';
    this.specs = new SpecCache(options.specTtlMs ?? 60_000, options.now);
    this.createRaceWaitMs = options.createRaceWaitMs ?? 5_000;
  }

  async ensureCollection(spec: CollectionSpec): Promise<CollectionInfo> {
    const info = CollectionSpecSchema.parse(spec);
    let pending = this.ensuring.get(info.name);
    if (!pending) {
      pending = this.ensureOnce(info).finally(() => this.ensuring.delete(info.name));
      this.ensuring.set(info.name, pending);
    }
    const existing = await pending;
    if (existing.denseDimension !== info.denseDimension) {
      throw new CollectionMismatchError(info.name, existing.denseDimension, info.denseDimension);
    }
    return existing;
  }

  private async ensureOnce(info: CollectionInfo): Promise<CollectionInfo> {
    const existing = await this.getCollection(info.name);
    if (existing) return existing;
    const name = this.physical(info.name);
    try {
      await this.client.createCollection(name, {
        vectors: info.denseDimension ? { [DENSE_VECTOR_NAME]: { size: info.denseDimension, distance: 'Cosine' } } : {},
        sparse_vectors: { [SPARSE_VECTOR_NAME]: { modifier: 'idf' } },
      });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // Another process created it between our read and our create: its spec decides.
      const winner = await this.awaitSpec(info.name);
      if (winner) return winner;
      // The winner never wrote its spec (it died mid-setup): finish the setup (every step is
      // idempotent), provided the collection it created has our dense dimension.
      const actual = await this.denseDimensionOf(name);
      if (actual !== info.denseDimension) throw new CollectionMismatchError(info.name, actual, info.denseDimension);
    }
    await this.client.createPayloadIndex(name, { field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true }, wait: true });
    await this.client.createPayloadIndex(name, { field_name: 'document_id', field_schema: 'keyword', wait: true });
    await this.client.createPayloadIndex(name, { field_name: 'chunk_index', field_schema: 'integer', wait: true });
    await this.client.upsert(name, {
      wait: true,
      points: [{ id: chunkPointId(SPEC_TENANT, info.name, '', 0), vector: {}, payload: { tenant_id: SPEC_TENANT, spec: info } }],
    });
    this.specs.set(info.name, info);
    return info;
  }

  /** The size of the collection's named dense vector as Qdrant holds it (undefined: none). */
  private async denseDimensionOf(name: string): Promise<number | undefined> {
    const vectors = (await this.client.getCollection(name)).config.params.vectors as Record<string, { size?: number } | undefined> | undefined;
    return vectors?.[DENSE_VECTOR_NAME]?.size;
  }

  /** The spec another creator writes after its collection and indexes, polled with backoff up to createRaceWaitMs. */
  private async awaitSpec(collection: string): Promise<CollectionInfo | null> {
    const deadline = Date.now() + this.createRaceWaitMs;
    for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
      try {
        const spec = await this.getCollection(collection);
        if (spec) return spec;
      } catch (err) {
        if (!isNotReadyYet(err)) throw err;
      }
      if (Date.now() + delay > deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async getCollection(collection: string): Promise<CollectionInfo | null> {
    const cached = this.specs.get(collection);
    if (cached) return cached;
    const name = this.physical(collection);
    if (!(await this.client.collectionExists(name)).exists) return null;
    let point;
    try {
      [point] = await this.client.retrieve(name, { ids: [chunkPointId(SPEC_TENANT, collection, '', 0)], with_payload: true });
    } catch (err) {
      if (isCollectionMissing(err)) return null; // dropped between the two calls
      throw err;
    }
    if (!point?.payload?.spec) return null;
    const info = CollectionSpecSchema.parse(point.payload.spec);
    this.specs.set(collection, info);
    return info;
  }

  async listCollections(tenantId: string): Promise<TenantCollection[]> {
    const filter = this.tenantFilter(tenantId);
    const { collections } = await this.client.getCollections();
    const names = collections.map((c) => c.name).filter((n) => n.startsWith(this.prefix)).sort();
    const listed = await Promise.all(
      names.map(async (n) => {
        const info = await this.getCollection(n.slice(this.prefix.length));
        if (!info) return null;
        const { count } = await this.client.count(n, { filter, exact: true });
        return count > 0 ? { ...info, points: count } : null;
      }),
    );
    return listed.filter((c): c is TenantCollection => c !== null);
  }

  async dropCollection(collection: string): Promise<void> {
    this.specs.delete(collection);
    const name = this.physical(collection);
    if ((await this.client.collectionExists(name)).exists) await this.client.deleteCollection(name);
  }

  async upsert(tenantId: string, collection: string, points: ChunkPoint[]): Promise<number> {
    const info = await this.requireCollection(collection);
    const prepared = preparePoints(points, info);
    if (prepared.length === 0) return 0;
    await this.call(collection, () => this.client.upsert(this.physical(collection), {
      wait: true,
      points: prepared.map((point) => {
        const { dense, lexicalText: _lexical, ...payload } = point;
        const vector: Record<string, number[] | { indices: number[]; values: number[] }> = {
          [SPARSE_VECTOR_NAME]: bm25DocumentVector(lexicalTextOf(point), info.bm25),
        };
        if (dense) vector[DENSE_VECTOR_NAME] = dense;
        return {
          id: chunkPointId(requireTenant(tenantId), collection, point.documentId, point.chunkIndex),
          vector,
          payload: { ...payload, tenant_id: tenantId, document_id: point.documentId, chunk_index: point.chunkIndex },
        };
      }),
    }));
    return prepared.length;
  }

  async replaceDocument(tenantId: string, collection: string, documentId: string, points: ChunkPoint[]): Promise<void> {
    if (points.some((p) => p.documentId !== documentId)) throw new Error('every point must belong to the replaced document');
    await this.upsert(tenantId, collection, points);
    await this.deleteChunksFrom(tenantId, collection, documentId, points.length);
  }

  async replaceDocuments(tenantId: string, collection: string, documents: Array<{ documentId: string; points: ChunkPoint[] }>): Promise<void> {
    for (const { documentId, points } of documents) {
      if (points.some((p) => p.documentId !== documentId)) throw new Error('every point must belong to the replaced document');
    }
    await this.upsert(tenantId, collection, documents.flatMap((d) => d.points));
    for (const { documentId, points } of documents) await this.deleteChunksFrom(tenantId, collection, documentId, points.length);
  }

  async deleteDocument(tenantId: string, collection: string, documentId: string): Promise<number> {
    await this.visibleCollection(tenantId, collection);
    const filter = this.documentFilter(tenantId, documentId);
    const { count } = await this.call(collection, () => this.client.count(this.physical(collection), { filter, exact: true }));
    if (count > 0) await this.call(collection, () => this.client.delete(this.physical(collection), { wait: true, filter }));
    return count;
  }

  async listDocuments(tenantId: string, collection: string, documentIds?: string[]): Promise<DocumentSummary[]> {
    await this.visibleCollection(tenantId, collection);
    if (documentIds?.length === 0) return [];
    const documents = new Map<string, DocumentSummary>();
    const filter = this.tenantFilter(tenantId);
    if (documentIds) filter.must.push({ key: 'document_id', match: { any: documentIds } });
    let offset: string | number | undefined;
    do {
      const page = await this.call(collection, () => this.client.scroll(this.physical(collection), {
        filter,
        limit: SCROLL_PAGE,
        offset,
        // The chunk payload's own fields (contentHash, sourceKey), as upsert writes them.
        with_payload: ['document_id', 'contentHash', 'sourceKey'],
        with_vector: false,
      }));
      for (const point of page.points) {
        const documentId = String(point.payload?.document_id);
        const summary = documents.get(documentId);
        if (summary) summary.chunks++;
        else {
          const sourceKey = point.payload?.sourceKey;
          documents.set(documentId, { documentId, contentHash: String(point.payload?.contentHash ?? ''), chunks: 1, ...(typeof sourceKey === 'string' ? { sourceKey } : {}) });
        }
      }
      offset = (page.next_page_offset as string | number | null | undefined) ?? undefined;
    } while (offset !== undefined);
    return [...documents.values()].sort((a, b) => (a.documentId < b.documentId ? -1 : 1));
  }

  async countPoints(tenantId: string, collection: string): Promise<number> {
    if (!(await this.getCollection(collection))) return 0;
    try {
      return (await this.call(collection, () => this.client.count(this.physical(collection), { filter: this.tenantFilter(tenantId), exact: true }))).count;
    } catch (err) {
      if (err instanceof CollectionNotFoundError) return 0;
      throw err;
    }
  }

  async search(tenantId: string, collection: string, rawQuery: VectorQuery): Promise<ScoredChunk[]> {
    const query = VectorQuerySchema.parse(rawQuery);
    const info = await this.visibleCollection(tenantId, collection);
    const filter = this.tenantFilter(tenantId);
    if (query.documentIds) filter.must.push({ key: 'document_id', match: { any: query.documentIds } });
    const sparse = bm25QueryVector(query.text);
    if (query.mode !== 'lexical') {
      if (!query.dense) throw new Error(`${query.mode} search needs a dense query vector`);
      if (info.denseDimension !== query.dense.length) throw new CollectionMismatchError(collection, info.denseDimension, query.dense.length);
    }
    const name = this.physical(collection);
    const common = { filter, limit: query.limit, with_payload: true, with_vector: false };
    let response;
    if (query.mode === 'lexical') {
      if (sparse.indices.length === 0) return [];
      response = await this.call(collection, () => this.client.query(name, { ...common, query: sparse, using: SPARSE_VECTOR_NAME }));
    } else if (query.mode === 'dense') {
      response = await this.call(collection, () => this.client.query(name, { ...common, query: query.dense!, using: DENSE_VECTOR_NAME }));
    } else {
      const prefetch = [
        { query: query.dense!, using: DENSE_VECTOR_NAME, filter, limit: query.fusion.prefetchLimit },
      ];
      const weights = [query.fusion.denseWeight];
      if (sparse.indices.length > 0) {
        prefetch.unshift({ query: sparse as unknown as number[], using: SPARSE_VECTOR_NAME, filter, limit: query.fusion.prefetchLimit });
        weights.unshift(query.fusion.lexicalWeight);
      }
      response = await this.call(collection, () => this.client.query(name, { ...common, prefetch, query: { rrf: { k: query.fusion.k, weights } } }));
    }
    return response.points.map((point) => ({
      id: String(point.id),
      score: point.score,
      payload: ChunkPayloadSchema.parse(point.payload),
    }));
  }

  async close(): Promise<void> {}

  private physical(collection: string): string {
    return `${this.prefix}${collection}`;
  }

  private async requireCollection(collection: string): Promise<CollectionInfo> {
    const info = await this.getCollection(collection);
    if (!info) throw new CollectionNotFoundError(collection);
    return info;
  }

  /** The collection if it holds any of the tenant's points; otherwise exactly as if it did not exist. */
  private async visibleCollection(tenantId: string, collection: string): Promise<CollectionInfo> {
    const info = await this.requireCollection(collection);
    const { count } = await this.call(collection, () => this.client.count(this.physical(collection), { filter: this.tenantFilter(tenantId), exact: true }));
    if (count === 0) throw new CollectionNotFoundError(collection);
    return info;
  }

  private async deleteChunksFrom(tenantId: string, collection: string, documentId: string, fromChunk: number): Promise<void> {
    await this.call(collection, () => this.client.delete(this.physical(collection), {
      wait: true,
      filter: this.documentFilter(tenantId, documentId, { key: 'chunk_index', range: { gte: fromChunk } }),
    }));
  }

  /**
   * A data call on a collection. Qdrant's "collection not found" and dimension errors mean the cached
   * spec is stale (dropped or recreated elsewhere): the entry goes, and the error is the port's own.
   */
  private async call<T>(collection: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      if (isCollectionMissing(err)) {
        this.specs.delete(collection);
        throw new CollectionNotFoundError(collection);
      }
      const mismatch = dimensionMismatch(err);
      if (mismatch) {
        this.specs.delete(collection);
        throw new CollectionMismatchError(collection, mismatch.expected, mismatch.got);
      }
      throw err;
    }
  }

  private tenantFilter(tenantId: string): Filter {
    return { must: [{ key: 'tenant_id', match: { value: requireTenant(tenantId) } }] };
  }

  private documentFilter(tenantId: string, documentId: string, extra?: Record<string, unknown>): Filter {
    const filter = this.tenantFilter(tenantId);
    filter.must.push({ key: 'document_id', match: { value: documentId } });
    if (extra) filter.must.push(extra);
    return filter;
  }
}

function requireTenant(tenantId: string): string {
  if (!tenantId || tenantId === SPEC_TENANT) throw new Error('a valid tenantId is required');
  return tenantId;
}
