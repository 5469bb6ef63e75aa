// The ingestion pipeline in resumable steps: plan (list the source, find deletions), then batches
// (read -> content hash -> skip unchanged | parse -> chunk -> embed -> replace), then deletions.
// Each step is idempotent (deterministic point ids, hash comparison against the live store), so a
// retried or resumed step never duplicates and never redoes finished work.
import { CollectionNotFoundError, type Bm25Params, type ChunkPoint, type DocumentSummary, type VectorStore } from '../vector';
import { collectionChunking, ensureIngestCollection } from './collection';
import { documentPoints, embedPoints, type Embedder } from './document-points';
import { contentHash, type SourceDocument } from './parse';
import { parseUntrustedDocument } from './parser-pool';
import type { DocumentSource } from './sources/source';
import { IngestCountsSchema, type ChunkingOptions, type DocumentFailure, type IngestCounts, type ParsedDocument, type SourceEntry } from './types';

export interface IngestTarget {
  tenantId: string;
  collection: string;
  chunking?: Partial<ChunkingOptions>;
  bm25?: Partial<Bm25Params>;
  /** The source the documents belong to (see sourceKeyOf); documents written without one form
   * their own unnamed source. Deletions never reach another source's documents. */
  sourceKey?: string;
}

export interface PipelineDeps {
  store: VectorStore;
  /** Dense vectors for the chunks; absent for a lexical-only collection. */
  embedder?: Embedder;
  /** Parses one document; default: a worker thread of the shared parser pool (time and memory limits). */
  parse?: (source: SourceDocument) => Promise<ParsedDocument>;
}

export interface IngestPlan {
  entries: SourceEntry[];
  /** Stored documents of this source (same source key) that it no longer lists. */
  deletions: string[];
}

export interface BatchResult {
  counts: IngestCounts;
  failures: DocumentFailure[];
}

export const emptyCounts = (): IngestCounts => IngestCountsSchema.parse({});

export function addCounts(a: IngestCounts, b: IngestCounts): IngestCounts {
  const sum = emptyCounts();
  for (const key of Object.keys(sum) as Array<keyof IngestCounts>) sum[key] = a[key] + b[key];
  return sum;
}

/** The tenant's documents in the target collection; none when the tenant has none there yet (the
 * store answers a collection without the tenant's documents as a missing one). */
async function storedDocuments(deps: PipelineDeps, target: IngestTarget, documentIds?: string[]): Promise<DocumentSummary[]> {
  try {
    return await deps.store.listDocuments(target.tenantId, target.collection, documentIds);
  } catch (err) {
    if (err instanceof CollectionNotFoundError) return [];
    throw err;
  }
}

export async function planIngestion(source: DocumentSource, deps: PipelineDeps, target: IngestTarget, signal?: AbortSignal): Promise<IngestPlan> {
  const entries = await source.list(signal);
  const listed = new Set(entries.map((e) => e.documentId));
  const stored = await storedDocuments(deps, target);
  const ours = stored.filter((d) => d.sourceKey === target.sourceKey);
  return { entries, deletions: ours.map((d) => d.documentId).filter((id) => !listed.has(id)) };
}

interface Prepared {
  entry: SourceEntry;
  points: ChunkPoint[];
  existed: boolean;
  unchanged: boolean;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where a batch stands: enough to resume it after a crash without redoing or recounting. */
export interface BatchCheckpoint {
  done: number;
  counts: IngestCounts;
  failures: DocumentFailure[];
}

export interface BatchOptions {
  signal?: AbortSignal;
  /** Documents parsed before they are embedded and written together (default 16). */
  flushEvery?: number;
  /** Continue a batch from its last checkpoint (e.g. an activity's heartbeat details). */
  resumeFrom?: BatchCheckpoint;
  /** After every document that has been fully handled and written: heartbeat hook. */
  onCheckpoint?: (checkpoint: BatchCheckpoint) => void;
}

export async function ingestBatch(source: DocumentSource, entries: SourceEntry[], deps: PipelineDeps, target: IngestTarget, options: BatchOptions = {}): Promise<BatchResult> {
  const counts = { ...emptyCounts(), ...options.resumeFrom?.counts };
  const failures: DocumentFailure[] = [...(options.resumeFrom?.failures ?? [])];
  let done = options.resumeFrom?.done ?? 0;
  const flushEvery = options.flushEvery ?? 16;
  const parse = deps.parse ?? parseUntrustedDocument;
  const collection = await deps.store.getCollection(target.collection);
  let collectionExists = collection !== null;
  // A job's own chunking wins; otherwise the collection's, so re-ingests chunk the same way.
  const chunking = target.chunking ?? collectionChunking(collection);
  const storedByDocument = new Map(
    (await storedDocuments(deps, target, entries.slice(done).map((e) => e.documentId))).map((d) => [d.documentId, d]),
  );
  let pending: Prepared[] = [];
  let pendingSince = done;

  const flush = async (upTo: number) => {
    if (pending.length > 0) {
      const embedded = await embedPoints(pending.flatMap((p) => p.points), deps.embedder);
      if (!collectionExists) {
        await ensureIngestCollection(deps.store, target.collection, embedded, { denseDimension: embedded[0]?.dense?.length, bm25: target.bm25, chunking });
        collectionExists = true;
      }
      let offset = 0;
      const documents = pending.map((document) => {
        const points = embedded.slice(offset, offset + document.points.length);
        offset += document.points.length;
        return { documentId: document.entry.documentId, points };
      });
      await deps.store.replaceDocuments(target.tenantId, target.collection, documents);
      for (const [i, document] of pending.entries()) {
        counts.chunks += documents[i].points.length;
        if (document.unchanged) counts.skipped++;
        else if (document.existed) counts.updated++;
        else counts.added++;
      }
    }
    pending = [];
    done = upTo;
    pendingSince = upTo;
    options.onCheckpoint?.({ done, counts: { ...counts }, failures: [...failures] });
  };

  for (let i = done; i < entries.length; i++) {
    options.signal?.throwIfAborted();
    const entry = entries[i];
    counts.seen++;
    try {
      const raw = await source.read(entry, options.signal);
      const stored = storedByDocument.get(entry.documentId);
      const unchanged = stored !== undefined && stored.contentHash === contentHash(raw.content);
      if (unchanged && stored.sourceKey === target.sourceKey) {
        counts.skipped++;
      } else {
        const parsed = await parse({ ...raw, mediaType: raw.mediaType ?? entry.mediaType, modifiedAt: raw.modifiedAt ?? entry.modifiedAt });
        const points = documentPoints(entry.documentId, parsed, chunking, target.sourceKey);
        if (points.length === 0) throw new Error('no extractable text');
        // Unchanged but listed by another source now: rewritten under this source, counted as skipped.
        pending.push({ entry, points, existed: stored !== undefined, unchanged });
      }
    } catch (error) {
      options.signal?.throwIfAborted();
      counts.failed++;
      failures.push({ documentId: entry.documentId, uri: entry.uri, error: describe(error) });
    }
    // The first write creates the collection and measures BM25's average length on what it
    // writes, so a new collection gets the whole first batch (not one small flush) as its sample.
    if (collectionExists && (pending.length >= flushEvery || i + 1 - pendingSince >= flushEvery * 4)) await flush(i + 1);
  }
  await flush(entries.length);
  return { counts, failures };
}

/** Deletes the planned documents that still belong to the target's source (another source may
 * have listed one since the plan). */
export async function deleteDocuments(deps: PipelineDeps, target: IngestTarget, documentIds: string[]): Promise<number> {
  if (documentIds.length === 0) return 0;
  const stillOurs = (await storedDocuments(deps, target, documentIds)).filter((d) => d.sourceKey === target.sourceKey);
  let deleted = 0;
  for (const { documentId } of stillOurs) if ((await deps.store.deleteDocument(target.tenantId, target.collection, documentId)) > 0) deleted++;
  return deleted;
}

export interface IngestReport {
  counts: IngestCounts;
  failures: DocumentFailure[];
  batches: number;
}

export interface RunIngestionOptions extends Omit<BatchOptions, 'resumeFrom'> {
  batchSize?: number;
  /** Resume point: batches before it are already done. */
  fromBatch?: number;
  onBatch?: (batchIndex: number, result: BatchResult, totalBatches: number) => void;
}

/** Plan, every batch, deletions: the one-process path (CLI, evaluation, tests). */
export async function runIngestion(source: DocumentSource, deps: PipelineDeps, target: IngestTarget, options: RunIngestionOptions = {}): Promise<IngestReport> {
  const batchSize = options.batchSize ?? 64;
  const plan = await planIngestion(source, deps, target, options.signal);
  const batches = Math.ceil(plan.entries.length / batchSize);
  let counts = emptyCounts();
  const failures: DocumentFailure[] = [];
  for (let batch = options.fromBatch ?? 0; batch < batches; batch++) {
    const result = await ingestBatch(source, plan.entries.slice(batch * batchSize, (batch + 1) * batchSize), deps, target, options);
    counts = addCounts(counts, result.counts);
    failures.push(...result.failures);
    options.onBatch?.(batch, result, batches);
  }
  counts.deleted = await deleteDocuments(deps, target, plan.deletions);
  return { counts, failures, batches };
}
