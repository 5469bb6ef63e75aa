// Ingestion activities: plan (list + claim-check the listing), one batch (heartbeating a
// checkpoint so a retry resumes mid-batch), delete documents the source no longer has.
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  HttpStatusError,
  IngestConfigSchema,
  SourceAccessError,
  deleteDocuments,
  ingestBatch,
  openDocumentSource,
  planIngestion,
  sourceKeyOf,
  type BatchCheckpoint,
  type DocumentSource,
  type Embedder,
  type IngestConfigInput,
  type SourceAccess,
  type SourceEntry,
  type SourceSpec,
} from '../services/ingest';
import type { BlobStore } from '../services/blobs';
import { IngestJobInputSchema, SourceSpecSchema } from '../services/ingest/types';
import { SafeFetchError } from '../services/net';
import { MODEL_OUTAGE_DEFAULTS, RouterError, errorKindPolicy, modelFailureType, modelRetryDelayMs } from '../services/router';
import type { VectorStore } from '../services/vector';
import type { IngestActivities } from './types';

export interface IngestActivityDeps {
  store: VectorStore;
  blobs: BlobStore;
  config?: IngestConfigInput;
  /** Dense vectors for a tenant's collection; undefined keeps the collection lexical-only. */
  embedderFor?: (tenantId: string, collection: string) => Embedder | undefined;
  /** Keel's own paths (refused to directory sources) and the tenants' secrets (S3 credentials). */
  access?: Omit<SourceAccess, 'tenantId'>;
  /** Tests wrap sources (e.g. to simulate a crash); defaults to openDocumentSource. */
  openSource?: (spec: SourceSpec) => Promise<DocumentSource>;
}

const LISTING_CACHE_LIMIT = 8;
/** Per-batch failures returned through history; the rest are only counted. */
const MAX_BATCH_FAILURES = 50;

/** Errors no retry can fix: a source the operator's policy refuses, an address the fetch policy refuses, a 4xx for a listing. */
function permanentFailure(error: unknown): ApplicationFailure | undefined {
  if (error instanceof SourceAccessError) return ApplicationFailure.nonRetryable(error.message, 'SourceRefusedError', { code: error.code });
  // A cancelled fetch (worker shutdown, activity cancelled) must stay retryable: the job resumes.
  if (error instanceof SafeFetchError && !error.retryable && error.code !== 'cancelled') {
    return ApplicationFailure.nonRetryable(error.message, 'SourceRefusedError', { code: error.code });
  }
  const clientError = (status: number | undefined) => status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
  if (error instanceof HttpStatusError && clientError(error.status)) {
    return ApplicationFailure.nonRetryable(error.message, 'SourceHttpClientError', { status: error.status, url: error.url });
  }
  // S3 (AWS SDK v3): a missing bucket or denied access answers 4xx with a client fault.
  const s3 = error as { name?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (s3?.$fault === 'client' && clientError(s3.$metadata?.httpStatusCode)) {
    return ApplicationFailure.nonRetryable(`${s3.name}: ${s3.message}`, 'SourceHttpClientError', { status: s3.$metadata?.httpStatusCode });
  }
  return undefined;
}

/**
 * An embedding call the router gave up on: rejected requests fail the batch at once; outages are
 * retried by the batch's retry policy, after the backoff or the failure's Retry-After.
 */
function embeddingFailure(error: unknown, attempt: number): ApplicationFailure | undefined {
  if (!(error instanceof RouterError)) return undefined;
  const { kind, message, deployment, retryAfterS, reasons } = error.info;
  const retryLater = errorKindPolicy(kind).retryLater;
  return ApplicationFailure.create({
    type: modelFailureType(kind),
    message: `embedding ${kind}: ${message}`,
    nonRetryable: !retryLater,
    details: [{ kind, deployment, reasons }],
    // A Retry-After (rate limit, open breakers) longer than the policy's next pause replaces it, capped.
    ...(retryLater && retryAfterS ? { nextRetryDelay: modelRetryDelayMs(attempt, MODEL_OUTAGE_DEFAULTS, retryAfterS) } : {}),
  });
}

export function ingestActivities(deps: IngestActivityDeps): IngestActivities {
  const config = IngestConfigSchema.parse(deps.config ?? {});
  const open = (spec: SourceSpec, tenantId: string) =>
    deps.openSource ? deps.openSource(spec) : openDocumentSource(spec, config, deps.blobs, { ...deps.access, tenantId });
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
    async ingestPlan(raw) {
      const input = IngestJobInputSchema.pick({ tenantId: true, collection: true, source: true, sourceKey: true, batchSize: true }).parse(raw);
      const context = Context.current();
      const timer = setInterval(() => context.heartbeat(), 2_000);
      try {
        const source = await open(input.source, input.tenantId);
        const entries = await source.list(context.cancellationSignal);
        const sourceKey = input.sourceKey ?? sourceKeyOf(input.source, entries);
        const plan = await planIngestion({ kind: source.kind, list: async () => entries, read: (e, s) => source.read(e, s) }, { store: deps.store }, { ...input, sourceKey }, context.cancellationSignal);
        const listingRef = await deps.blobs.put(JSON.stringify(plan.entries));
        return {
          listingRef,
          deletionsRef: await deps.blobs.put(JSON.stringify(plan.deletions)),
          sourceKey,
          readSource: input.source.kind === 'blobs' || input.source.kind === 'urls' ? { kind: input.source.kind, listingRef } : input.source,
          total: plan.entries.length,
          deletions: plan.deletions.length,
          batches: Math.ceil(plan.entries.length / input.batchSize),
        };
      } catch (error) {
        throw (!context.cancellationSignal.aborted && permanentFailure(error)) || error;
      } finally {
        clearInterval(timer);
      }
    },

    async ingestBatch(input) {
      SourceSpecSchema.parse(input.source);
      const context = Context.current();
      const entries = (await listing(input.listingRef)).slice(input.batchIndex * input.batchSize, (input.batchIndex + 1) * input.batchSize);
      const resumeFrom = context.info.heartbeatDetails as BatchCheckpoint | undefined;
      context.heartbeat(resumeFrom);
      let last = resumeFrom;
      const timer = setInterval(() => context.heartbeat(last), 2_000);
      try {
        const source = await open(input.source, input.tenantId).catch((error: unknown) => {
          throw permanentFailure(error) ?? error;
        });
        const result = await ingestBatch(
          source,
          entries,
          { store: deps.store, embedder: deps.embedderFor?.(input.tenantId, input.collection) },
          { tenantId: input.tenantId, collection: input.collection, chunking: input.chunking, sourceKey: input.sourceKey },
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
        return { counts: result.counts, failures: result.failures.slice(0, MAX_BATCH_FAILURES), failuresOmitted: Math.max(0, result.failures.length - MAX_BATCH_FAILURES) };
      } catch (error) {
        throw (!context.cancellationSignal.aborted && embeddingFailure(error, context.info.attempt)) || error;
      } finally {
        clearInterval(timer);
      }
    },

    async ingestDeleteStale(input) {
      const ids = JSON.parse((await deps.blobs.get(input.deletionsRef)).toString('utf8')) as string[];
      return { deleted: await deleteDocuments({ store: deps.store }, input, ids) };
    },
  };
}
