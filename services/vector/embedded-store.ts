// The default vector store: a SQLite file (better-sqlite3) under the data dir. BM25 runs over an
// inverted index of the shared sparse vectors, dense search is an exact scan of unit vectors.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bm25DocumentVector, bm25Idf, bm25QueryVector } from './bm25';
import { openSchema, encodeSparse, encodeDense } from './embedded-schema';
import { DenseScanCache } from './embedded-dense';
import { LexicalIndexCache } from './embedded-lexical';
import { reciprocalRankFusion, compareIds } from './fusion';
import { chunkPointId } from './ids';
import { lexicalTextOf, preparePoints } from './points';
import {
  CollectionSpecSchema,
  VectorQuerySchema,
  type ChunkPayload,
  type ChunkPoint,
  type CollectionInfo,
  type CollectionSpec,
  type DocumentSummary,
  type ScoredChunk,
  type TenantCollection,
  type VectorQuery,
  type VectorStore,
} from './types';
import { CollectionMismatchError, CollectionNotFoundError } from './errors';

const PAYLOAD_CACHE_LIMIT = 50_000;

interface CollectionRow {
  id: number;
  info: CollectionInfo;
}

export class EmbeddedVectorStore implements VectorStore {
  readonly kind = 'embedded' as const;
  private readonly db: Database.Database;
  private readonly dense = new DenseScanCache();
  private readonly lexicalIndexes = new LexicalIndexCache();
  private readonly payloads = new Map<number, { id: string; payload: ChunkPayload }>();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'vectors.sqlite'));
    openSchema(this.db);
  }

  async ensureCollection(spec: CollectionSpec): Promise<CollectionInfo> {
    const info = CollectionSpecSchema.parse(spec);
    const existing = this.collectionRow(info.name);
    if (existing) {
      if (existing.info.denseDimension !== info.denseDimension) {
        throw new CollectionMismatchError(info.name, existing.info.denseDimension, info.denseDimension);
      }
      return existing.info;
    }
    this.sql('INSERT INTO collections (name, spec) VALUES (?, ?)').run(info.name, JSON.stringify(info));
    return info;
  }

  async getCollection(name: string): Promise<CollectionInfo | null> {
    return this.collectionRow(name)?.info ?? null;
  }

  async listCollections(tenantId: string): Promise<TenantCollection[]> {
    const rows = this
      .sql(
        `SELECT c.spec AS spec, COUNT(*) AS points FROM points p JOIN collections c ON c.id = p.collection_id
         WHERE p.tenant = ? GROUP BY c.id ORDER BY c.name`,
      )
      .all(this.tenantKey(tenantId)) as Array<{ spec: string; points: number }>;
    return rows.map((row) => ({ ...CollectionSpecSchema.parse(JSON.parse(row.spec)), points: row.points }));
  }

  async dropCollection(name: string): Promise<void> {
    const row = this.collectionRow(name);
    if (!row) return;
    this.db.transaction(() => {
      this.sql('DELETE FROM points WHERE collection_id = ?').run(row.id);
      this.sql('DELETE FROM collections WHERE id = ?').run(row.id);
    })();
    this.lexicalIndexes.forget(row.id);
  }

  async upsert(tenantId: string, collection: string, points: ChunkPoint[]): Promise<number> {
    const row = this.requireCollection(collection);
    const tenant = this.tenantKey(tenantId, true);
    this.db.transaction(() => {
      for (const point of preparePoints(points, row.info)) this.writePoint(row, tenant, tenantId, point);
      this.bumpGeneration(row.id);
    })();
    return points.length;
  }

  async replaceDocument(tenantId: string, collection: string, documentId: string, points: ChunkPoint[]): Promise<void> {
    await this.replaceDocuments(tenantId, collection, [{ documentId, points }]);
  }

  async replaceDocuments(tenantId: string, collection: string, documents: Array<{ documentId: string; points: ChunkPoint[] }>): Promise<void> {
    const row = this.requireCollection(collection);
    const tenant = this.tenantKey(tenantId, true);
    const prepared = documents.map(({ documentId, points }) => {
      const checked = preparePoints(points, row.info);
      if (checked.some((p) => p.documentId !== documentId)) throw new Error('every point must belong to the replaced document');
      return { documentId, points: checked };
    });
    this.db.transaction(() => {
      for (const document of prepared) {
        for (const point of document.points) this.writePoint(row, tenant, tenantId, point);
        this.deleteWhere(row.id, tenant, document.documentId, document.points.length);
      }
      this.bumpGeneration(row.id);
    })();
  }

  async deleteDocument(tenantId: string, collection: string, documentId: string): Promise<number> {
    const tenant = this.tenantKey(tenantId);
    const row = this.visibleCollection(collection, tenant);
    return this.db.transaction(() => {
      const removed = this.deleteWhere(row.id, tenant, documentId, 0);
      this.bumpGeneration(row.id);
      return removed;
    })();
  }

  async listDocuments(tenantId: string, collection: string, documentIds?: string[]): Promise<DocumentSummary[]> {
    const tenant = this.tenantKey(tenantId);
    const row = this.visibleCollection(collection, tenant);
    const select = `SELECT document_id AS documentId, MIN(content_hash) AS contentHash, COUNT(*) AS chunks,
         MIN(json_extract(payload, '$.sourceKey')) AS sourceKey FROM points WHERE collection_id = ? AND tenant = ?`;
    type Row = DocumentSummary & { sourceKey: string | null };
    const summary = ({ sourceKey, ...rest }: Row): DocumentSummary => (sourceKey === null ? rest : { ...rest, sourceKey });
    if (!documentIds) {
      return (this.sql(`${select} GROUP BY document_id ORDER BY document_id`).all(row.id, tenant) as Row[]).map(summary);
    }
    const one = this.sql(`${select} AND document_id = ? GROUP BY document_id`);
    return documentIds
      .flatMap((id) => (one.all(row.id, tenant, id) as Row[]).map(summary))
      .sort((a, b) => (a.documentId < b.documentId ? -1 : 1));
  }

  async countPoints(tenantId: string, collection: string): Promise<number> {
    const row = this.collectionRow(collection);
    if (!row) return 0;
    const result = this
      .sql('SELECT COUNT(*) AS n FROM points WHERE collection_id = ? AND tenant = ?')
      .get(row.id, this.tenantKey(tenantId)) as { n: number };
    return result.n;
  }

  async search(tenantId: string, collection: string, rawQuery: VectorQuery): Promise<ScoredChunk[]> {
    const query = VectorQuerySchema.parse(rawQuery);
    const tenant = this.tenantKey(tenantId);
    const row = this.visibleCollection(collection, tenant);
    const allowed = query.documentIds ? this.pointsOfDocuments(row.id, tenant, query.documentIds) : undefined;
    if (query.mode === 'lexical') return this.hydrate(this.lexical(row, tenant, query.text, query.limit, allowed));
    if (!query.dense) throw new Error(`${query.mode} search needs a dense query vector`);
    if (row.info.denseDimension !== query.dense.length) {
      throw new CollectionMismatchError(row.info.name, row.info.denseDimension, query.dense.length);
    }
    const denseRanked = () => this.denseScan(row, tenant, query.dense!, query.mode === 'dense' ? query.limit : query.fusion.prefetchLimit, allowed);
    if (query.mode === 'dense') return this.hydrate(denseRanked());
    const lexical = this.hydrate(this.lexical(row, tenant, query.text, query.fusion.prefetchLimit, allowed));
    const dense = this.hydrate(denseRanked());
    return reciprocalRankFusion(
      [
        { weight: query.fusion.lexicalWeight, hits: lexical },
        { weight: query.fusion.denseWeight, hits: dense },
      ],
      query.fusion.k,
      query.limit,
    );
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private lexical(row: CollectionRow, tenant: number, text: string, limit: number, allowed?: Set<number>): Array<[number, number]> {
    const query = bm25QueryVector(text);
    if (query.indices.length === 0) return [];
    const generation = (this.sql('SELECT generation FROM collections WHERE id = ?').get(row.id) as { generation: number }).generation;
    const index = this.lexicalIndexes.get(this.db, row.id, generation);
    const terms = query.indices.flatMap((term, i) => {
      const df = index.documentFrequency(term);
      return df > 0 ? [{ term, factor: bm25Idf(index.totalPoints, df) * query.values[i] }] : [];
    });
    return index.top(tenant, terms, limit, allowed);
  }

  private denseScan(row: CollectionRow, tenant: number, vector: number[], limit: number, allowed?: Set<number>): Array<[number, number]> {
    const generation = (this.sql('SELECT generation FROM collections WHERE id = ?').get(row.id) as { generation: number }).generation;
    const matrix = this.dense.get(this.db, row.id, tenant, generation);
    return matrix.search(encodeDense(vector), limit, allowed);
  }

  /** Rows (point rowid, score) to scored chunks, keeping order; ties broken by point id. */
  private hydrate(ranked: Array<[number, number]>): ScoredChunk[] {
    if (ranked.length === 0) return [];
    const missing = ranked.filter(([rowid]) => !this.payloads.has(rowid));
    if (missing.length > 0) this.loadPayloads(missing.map((r) => r[0]));
    const hits = ranked.flatMap(([rowid, score]) => {
      const found = this.payloads.get(rowid);
      return found ? [{ id: found.id, score, payload: { ...found.payload, headingPath: [...found.payload.headingPath] } }] : [];
    });
    return hits.sort((a, b) => b.score - a.score || compareIds(a.id, b.id));
  }

  /** Parsed payloads by point rowid; entries are dropped whenever that point is rewritten or removed. */
  private loadPayloads(rowids: number[]): void {
    if (this.payloads.size + rowids.length > PAYLOAD_CACHE_LIMIT) this.payloads.clear();
    const rows = this.db
      .prepare(`SELECT rowid, id, payload FROM points WHERE rowid IN (${rowids.map(() => '?').join(',')})`)
      .all(...rowids) as Array<{ rowid: number; id: string; payload: string }>;
    for (const r of rows) this.payloads.set(r.rowid, { id: r.id, payload: JSON.parse(r.payload) as ChunkPayload });
  }

  private writePoint(row: CollectionRow, tenant: number, tenantId: string, point: ReturnType<typeof preparePoints>[number]): void {
    const id = chunkPointId(tenantId, row.info.name, point.documentId, point.chunkIndex);
    const existing = this.sql('SELECT rowid FROM points WHERE id = ?').pluck().get(id) as number | undefined;
    if (existing !== undefined) this.removePoint(existing);
    const sparse = bm25DocumentVector(lexicalTextOf(point), row.info.bm25);
    const { dense, lexicalText: _lexical, ...payload } = point;
    this
      .sql(
        `INSERT INTO points (id, collection_id, tenant, document_id, chunk_index, content_hash, payload, sparse, dense)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, row.id, tenant, point.documentId, point.chunkIndex, point.contentHash, JSON.stringify(payload), encodeSparse(sparse), dense ? encodeDense(dense) : null);
  }

  private removePoint(rowid: number): void {
    this.sql('DELETE FROM points WHERE rowid = ?').run(rowid);
    this.payloads.delete(rowid);
  }

  /** Delete a document's chunks whose index is >= fromChunk; returns how many. */
  private deleteWhere(collectionId: number, tenant: number, documentId: string, fromChunk: number): number {
    const rowids = this
      .sql('SELECT rowid FROM points WHERE collection_id = ? AND tenant = ? AND document_id = ? AND chunk_index >= ?')
      .pluck()
      .all(collectionId, tenant, documentId, fromChunk) as number[];
    for (const rowid of rowids) this.removePoint(rowid);
    return rowids.length;
  }

  private pointsOfDocuments(collectionId: number, tenant: number, documentIds: string[]): Set<number> {
    const statement = this.sql('SELECT rowid FROM points WHERE collection_id = ? AND tenant = ? AND document_id = ?').pluck();
    return new Set(documentIds.flatMap((d) => statement.all(collectionId, tenant, d) as number[]));
  }

  private bumpGeneration(collectionId: number): void {
    this.sql('UPDATE collections SET generation = generation + 1 WHERE id = ?').run(collectionId);
  }

  private collectionRow(name: string): CollectionRow | undefined {
    const row = this.sql('SELECT id, spec FROM collections WHERE name = ?').get(name) as { id: number; spec: string } | undefined;
    return row ? { id: row.id, info: CollectionSpecSchema.parse(JSON.parse(row.spec)) } : undefined;
  }

  private requireCollection(name: string): CollectionRow {
    const row = this.collectionRow(name);
    if (!row) throw new CollectionNotFoundError(name);
    return row;
  }

  /** The collection if it holds any of the tenant's points; otherwise exactly as if it did not exist. */
  private visibleCollection(name: string, tenant: number): CollectionRow {
    const row = this.collectionRow(name);
    const holds = row && this.sql('SELECT 1 FROM points WHERE collection_id = ? AND tenant = ? LIMIT 1').get(row.id, tenant);
    if (!row || !holds) throw new CollectionNotFoundError(name);
    return row;
  }

  /** The tenant's row key; reads of an unknown tenant get -1, which matches nothing. */
  private tenantKey(tenantId: string, create = false): number {
    if (!tenantId) throw new Error('tenantId is required');
    if (create) this.sql('INSERT OR IGNORE INTO tenants (name) VALUES (?)').run(tenantId);
    const row = this.sql('SELECT id FROM tenants WHERE name = ?').get(tenantId) as { id: number } | undefined;
    return row?.id ?? -1;
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
