// IngestWorkflow: plan once, then one activity per batch, then deletions. Documents never enter
// history (the listing is a blob reference); finished batches are history, so a restarted worker
// replays them instead of redoing them; a batch cut short resumes from its heartbeat checkpoint.
import { continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IngestActivities } from '../activities/types';
import type { DocumentFailure, IngestCounts, IngestJobInput, IngestPlanRef, IngestProgress } from '../services/ingest/types';
import { MODEL_OUTAGE_DEFAULTS, attemptsCoveringWindow, type ModelOutagePolicy } from '../services/router/policy';
import { ingestProgressQuery } from './ingest-api';

const MAX_FAILURES_KEPT = 200;
/** Failures no retry can fix: a refused path or address, a 4xx for a listing, bad input. */
const NON_RETRYABLE = ['SourceAccessError', 'SourceRefusedError', 'SourceHttpClientError', 'ZodError'];

export interface IngestWorkflowInput extends IngestJobInput {
  /** Carried across continue-as-new. */
  carried?: { plan: IngestPlanRef; progress: IngestProgress };
  /** How long a batch rides out an embedding outage (default: the model outage defaults, 15 minutes). */
  modelOutage?: ModelOutagePolicy;
}

const zeroCounts = (): IngestCounts => ({ seen: 0, skipped: 0, added: 0, updated: 0, deleted: 0, failed: 0, chunks: 0 });

function addCounts(total: IngestCounts, more: IngestCounts): IngestCounts {
  return {
    seen: total.seen + more.seen, skipped: total.skipped + more.skipped, added: total.added + more.added, updated: total.updated + more.updated,
    deleted: total.deleted + more.deleted, failed: total.failed + more.failed, chunks: total.chunks + more.chunks,
  };
}

function keepFailures(progress: IngestProgress, failures: DocumentFailure[]): void {
  const room = Math.max(0, MAX_FAILURES_KEPT - progress.failures.length);
  progress.failures.push(...failures.slice(0, room));
  progress.failuresOmitted += Math.max(0, failures.length - room);
}

export async function IngestWorkflow(input: IngestWorkflowInput): Promise<IngestProgress> {
  const batchSize = input.batchSize ?? 64;
  const { ingestPlan, ingestDeleteStale } = proxyActivities<IngestActivities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
  });
  // A batch that fails on an outage resumes from its checkpoint and fails again at its first
  // embedding call: enough attempts to span the outage window, each at most one router call.
  const outage = input.modelOutage ?? MODEL_OUTAGE_DEFAULTS;
  const outageRetry = patched('ingest-outage-window')
    ? { maximumInterval: `${outage.maxIntervalSeconds} seconds` as const, maximumAttempts: attemptsCoveringWindow(outage) }
    : { maximumInterval: '1 minute' as const, maximumAttempts: 10 };
  const { ingestBatch } = proxyActivities<IngestActivities>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: input.heartbeatTimeoutMs ?? 30_000,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, ...outageRetry, nonRetryableErrorTypes: NON_RETRYABLE },
  });

  const progress: IngestProgress = input.carried?.progress ?? {
    phase: 'planning', batchesDone: 0, batches: 0, counts: zeroCounts(), failures: [], failuresOmitted: 0,
  };
  setHandler(ingestProgressQuery, () => progress);

  const plan = input.carried?.plan ?? (await ingestPlan({ tenantId: input.tenantId, collection: input.collection, source: input.source, sourceKey: input.sourceKey, batchSize }));
  progress.batches = plan.batches;
  progress.documents = plan.total;
  progress.phase = 'ingesting';

  while (progress.batchesDone < plan.batches) {
    // Only references and small specs: the batch reads its entries from the listing blob.
    const result = await ingestBatch({
      tenantId: input.tenantId, collection: input.collection, source: plan.readSource ?? input.source, sourceKey: plan.sourceKey ?? input.sourceKey, chunking: input.chunking,
      listingRef: plan.listingRef, batchIndex: progress.batchesDone, batchSize,
    });
    progress.counts = addCounts(progress.counts, result.counts);
    keepFailures(progress, result.failures);
    progress.failuresOmitted += result.failuresOmitted ?? 0;
    progress.batchesDone++;
    if (workflowInfo().continueAsNewSuggested && progress.batchesDone < plan.batches) {
      return continueAsNew<typeof IngestWorkflow>({ ...input, carried: { plan, progress } });
    }
  }

  progress.phase = 'deleting';
  const { deleted } = await ingestDeleteStale({ tenantId: input.tenantId, collection: input.collection, deletionsRef: plan.deletionsRef, sourceKey: plan.sourceKey ?? input.sourceKey });
  progress.counts = { ...progress.counts, deleted };
  progress.phase = 'done';
  // Per-document failures are reported in the result, never turned into a failed job.
  return progress;
}
