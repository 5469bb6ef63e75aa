// The messages an ingestion job answers: shared by IngestWorkflow and its clients.
import { defineQuery } from '@temporalio/workflow';
import type { IngestProgress } from '../services/ingest/types';

/** Batches done, counts so far and the phase the job is in. */
export const ingestProgressQuery = defineQuery<IngestProgress>('ingestProgress');
