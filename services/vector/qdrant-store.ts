// Production adapter over Qdrant (REST, @qdrant/js-client-rest 1.18): a named dense vector, a named
// sparse BM25 vector with the `idf` modifier (so Qdrant scores exactly bm25.ts's definition), a
// `tenant_id` keyword index with `is_tenant`, and hybrid search through the Query API (prefetch + RRF).
import { QdrantClient } from '@qdrant/js-client-rest';
import { bm25DocumentVector, bm25QueryVector } from './bm25';
import { CollectionMismatchError, CollectionNotFoundError } from './errors';
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
}

export class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant' as const;
  private readonly client: QdrantClient;
  private readonly prefix: string;
  private readonly specs = new Map<string, CollectionInfo>();

  constructor(options: QdrantStoreOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 30_000, checkCompatibility: false });
    this.prefix = options.collectionPrefix ?? 'keel_';
  }

  async ensureCollection(spec: CollectionSpec): Promise<CollectionInfo> {
    const info = CollectionSpecSchema.parse(spec);
    const existing = await this.getCollection(info.name);
    if (existing) {
      if (existing.denseDimension !== info.denseDimension) {
        throw new CollectionMismatchError(info.name, existing.denseDimension, info.denseDimension);
      }
      return existing;
    }
    const name = this.physical(info.name);
    await this.client.createCollection(name, {
      vectors: info.denseDimension ? { [DENSE_VECTOR_NAME]: { size: info.denseDimension, distance: 'Cosine' } } : {},
      sparse_vectors: { [SPARSE_VECTOR_NAME]: { modifier: 'idf' } },
    });
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

  async getCollection(collection: string): Promise<CollectionInfo | null> {
    const cached = this.specs.get(collection);
    if (cached) return cached;
    const name = this.physical(collection);
    if (!(await this.client.collectionExists(name)).exists) return null;
    const [point] = await this.client.retrieve(name, { ids: [chunkPointId(SPEC_TENANT, collection, '', 0)], with_payload: true });
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
    await this.client.upsert(this.physical(collection), {
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
    });
    return prepared.length;
  }

  async replaceDocument(tenantId: string, collection: string, documentId: string, points: ChunkPoint[]): Promise<void> {
    if (points.some((p) => p.documentId !== documentId)) throw new Error('every point must belong to the replaced document');
    await this.upsert(tenantId, collection, points);
    await this.client.delete(this.physical(collection), {
      wait: true,
      filter: this.documentFilter(tenantId, documentId, { key: 'chunk_index', range: { gte: points.length } }),
    });
  }

  async replaceDocuments(tenantId: string, collection: string, documents: Array<{ documentId: string; points: ChunkPoint[] }>): Promise<void> {
    for (const { documentId, points } of documents) {
      if (points.some((p) => p.documentId !== documentId)) throw new Error('every point must belong to the replaced document');
    }
    await this.upsert(tenantId, collection, documents.flatMap((d) => d.points));
    for (const { documentId, points } of documents) {
      await this.client.delete(this.physical(collection), {
        wait: true,
        filter: this.documentFilter(tenantId, documentId, { key: 'chunk_index', range: { gte: points.length } }),
      });
    }
  }

  async deleteDocument(tenantId: string, collection: string, documentId: string): Promise<number> {
    await this.visibleCollection(tenantId, collection);
    const filter = this.documentFilter(tenantId, documentId);
    const { count } = await this.client.count(this.physical(collection), { filter, exact: true });
    if (count > 0) await this.client.delete(this.physical(collection), { wait: true, filter });
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
      const page = await this.client.scroll(this.physical(collection), {
        filter,
        limit: SCROLL_PAGE,
        offset,
        // The chunk payload's own fields (contentHash, sourceKey), as upsert writes them.
        with_payload: ['document_id', 'contentHash', 'sourceKey'],
        with_vector: false,
      });
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
    return (await this.client.count(this.physical(collection), { filter: this.tenantFilter(tenantId), exact: true })).count;
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
      response = await this.client.query(name, { ...common, query: sparse, using: SPARSE_VECTOR_NAME });
    } else if (query.mode === 'dense') {
      response = await this.client.query(name, { ...common, query: query.dense!, using: DENSE_VECTOR_NAME });
    } else {
      const prefetch = [
        { query: query.dense!, using: DENSE_VECTOR_NAME, filter, limit: query.fusion.prefetchLimit },
      ];
      const weights = [query.fusion.denseWeight];
      if (sparse.indices.length > 0) {
        prefetch.unshift({ query: sparse as unknown as number[], using: SPARSE_VECTOR_NAME, filter, limit: query.fusion.prefetchLimit });
        weights.unshift(query.fusion.lexicalWeight);
      }
      response = await this.client.query(name, { ...common, prefetch, query: { rrf: { k: query.fusion.k, weights } } });
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
    const { count } = await this.client.count(this.physical(collection), { filter: this.tenantFilter(tenantId), exact: true });
    if (count === 0) throw new CollectionNotFoundError(collection);
    return info;
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
