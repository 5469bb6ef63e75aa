// Ingestion activities: plan (list + claim-check the listing), one batch (heartbeating a
// checkpoint so a retry resumes mid-batch), delete documents the source no longer has.
import { Context } from '@temporalio/activity';
import {
  IngestConfigSchema,
  deleteDocuments,
  ingestBatch,
  openDocumentSource,
  planIngestion,
  type BatchCheckpoint,
  type BatchResult,
  type BlobStore,
  type DocumentSource,
  type Embedder,
  type IngestConfigInput,
  type IngestPlanRef,
  type SourceEntry,
  type SourceSpec,
} from '../services/ingest';
import { IngestJobInputSchema, SourceSpecSchema, type ChunkingOptions } from '../services/ingest/types';
import type { VectorStore } from '../services/vector';

export interface IngestActivityDeps {
  store: VectorStore;
  blobs: BlobStore;
  config?: IngestConfigInput;
  /** Dense vectors for a tenant's collection; undefined keeps the collection lexical-only. */
  embedderFor?: (tenantId: string, collection: string) => Embedder | undefined;
  /** Tests wrap sources (e.g. to simulate a crash); defaults to openDocumentSource. */
  openSource?: (spec: SourceSpec) => Promise<DocumentSource>;
}

interface BatchInput {
  tenantId: string;
  collection: string;
  source: SourceSpec;
  chunking?: Partial<ChunkingOptions>;
  listingRef: string;
  batchIndex: number;
  batchSize: number;
}

const LISTING_CACHE_LIMIT = 8;

export function ingestActivities(deps: IngestActivityDeps) {
  const config = IngestConfigSchema.parse(deps.config ?? {});
  const open = (spec: SourceSpec) => (deps.openSource ? deps.openSource(spec) : openDocumentSource(spec, config, deps.blobs));
  const listings = new Map<string, SourceEntry[]>();
  const listing = async (ref: string): Promise<SourceEntry[]> => {
    let entries = listings.get(ref);
    if (!entries) {
      entries = JSON.parse((await deps.blobs.get(ref)).toString('utf8')) as SourceEntry[];
      if (listings.size >= LISTING_CACHE_LIMIT) listings.clear();
      listings.set(ref, entries);
    }
    return entries;
  };

  return {
    async ingestPlan(raw: { tenantId: string; collection: string; source: SourceSpec; batchSize: number }): Promise<IngestPlanRef> {
      const input = IngestJobInputSchema.pick({ tenantId: true, collection: true, source: true, batchSize: true }).parse(raw);
      const context = Context.current();
      const timer = setInterval(() => context.heartbeat(), 2_000);
      try {
        const plan = await planIngestion(await open(input.source), { store: deps.store }, input, context.cancellationSignal);
        return {
          listingRef: await deps.blobs.put(JSON.stringify(plan.entries)),
          deletionsRef: await deps.blobs.put(JSON.stringify(plan.deletions)),
          total: plan.entries.length,
          deletions: plan.deletions.length,
          batches: Math.ceil(plan.entries.length / input.batchSize),
        };
      } finally {
        clearInterval(timer);
      }
    },

    async ingestBatch(input: BatchInput): Promise<BatchResult> {
      SourceSpecSchema.parse(input.source);
      const context = Context.current();
      const entries = (await listing(input.listingRef)).slice(input.batchIndex * input.batchSize, (input.batchIndex + 1) * input.batchSize);
      const resumeFrom = context.info.heartbeatDetails as BatchCheckpoint | undefined;
      context.heartbeat(resumeFrom);
      let last = resumeFrom;
      const timer = setInterval(() => context.heartbeat(last), 2_000);
      try {
        return await ingestBatch(
          await open(input.source),
          entries,
          { store: deps.store, embedder: deps.embedderFor?.(input.tenantId, input.collection) },
          { tenantId: input.tenantId, collection: input.collection, chunking: input.chunking },
          {
            signal: context.cancellationSignal,
            flushEvery: config.flushEvery,
            resumeFrom,
            onCheckpoint: (checkpoint) => {
              last = checkpoint;
              context.heartbeat(checkpoint);
            },
          },
        );
      } finally {
        clearInterval(timer);
      }
    },

    async ingestDeleteStale(input: { tenantId: string; collection: string; deletionsRef: string }): Promise<{ deleted: number }> {
      const ids = JSON.parse((await deps.blobs.get(input.deletionsRef)).toString('utf8')) as string[];
      return { deleted: await deleteDocuments({ store: deps.store }, input, ids) };
    },
  };
}

export type IngestActivities = ReturnType<typeof ingestActivities>;
