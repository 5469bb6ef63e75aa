// What the API asks of ingestion: uploads, one-off jobs and scheduled sources, each checked
// against the operator's settings before anything is started or saved.
import { randomUUID } from 'node:crypto';
import { conflict, invalid, notFound } from '../errors';
import { claimCheckSource } from './claim-check';
import type { BlobStore } from './blobs';
import { IngestConfigSchema, type IngestConfigInput } from './config';
import type { IngestJobs, SourceSchedule } from './jobs';
import { resolveAllowedDirectory } from './sources';
import type { IngestJobInput, SourceSpec } from './types';

export interface IngestIntakeDeps {
  jobs: IngestJobs;
  /** Without a blob store, uploads are refused and listed documents travel inline. */
  blobs?: BlobStore;
  config?: IngestConfigInput;
}

export type IngestIntake = ReturnType<typeof ingestIntake>;
export type SourceAction = 'pause' | 'resume' | 'trigger';

export function ingestIntake({ jobs, blobs, config: rawConfig }: IngestIntakeDeps) {
  const config = IngestConfigSchema.parse(rawConfig ?? {});

  /** A directory outside the allowed roots is refused now, not at the first run. */
  const checkSource = async (source: SourceSpec) => {
    if (source.kind === 'directory') await resolveAllowedDirectory(source.path, config.allowedRoots);
  };
  /** Listed documents go to the blob store; the job input carries their reference. */
  const claimChecked = async (source: SourceSpec) => (blobs ? claimCheckSource(source, blobs) : source);
  const existing = async (tenantId: string, sourceId: string) => {
    const found = await jobs.describe(tenantId, sourceId);
    if (!found) throw notFound(`source ${sourceId}`);
    return found;
  };

  return {
    /** The largest upload accepted; undefined when uploads are off (no blob store). */
    maxUploadBytes: blobs ? config.fetch.maxBytes : undefined,

    async upload(body: Buffer) {
      if (!blobs) throw invalid('uploads need a blob store (ingest.blobs)');
      if (body.length === 0) throw invalid('send the document as a non-empty application/octet-stream body');
      return { blobRef: await blobs.put(body), bytes: body.length };
    },

    async startJob(tenantId: string, job: Omit<IngestJobInput, 'tenantId'>) {
      await checkSource(job.source);
      return jobs.start(tenantId, { ...job, source: await claimChecked(job.source) }, randomUUID());
    },

    async jobStatus(tenantId: string, jobId: string) {
      const status = await jobs.status(tenantId, jobId);
      if (!status) throw notFound(`job ${jobId}`);
      return status;
    },

    async addSource(tenantId: string, schedule: SourceSchedule) {
      await checkSource(schedule.job.source);
      if (await jobs.describe(tenantId, schedule.sourceId)) throw conflict(`source ${schedule.sourceId} exists`);
      return jobs.schedule(tenantId, { ...schedule, job: { ...schedule.job, source: await claimChecked(schedule.job.source) } });
    },

    listSources: (tenantId: string) => jobs.list(tenantId),
    getSource: existing,

    async removeSource(tenantId: string, sourceId: string) {
      await existing(tenantId, sourceId);
      await jobs.remove(tenantId, sourceId);
    },

    async sourceAction(tenantId: string, sourceId: string, action: SourceAction) {
      await existing(tenantId, sourceId);
      await jobs[action](tenantId, sourceId);
      return jobs.describe(tenantId, sourceId);
    },

    async backfill(tenantId: string, sourceId: string, start: Date, end: Date) {
      await existing(tenantId, sourceId);
      await jobs.backfill(tenantId, sourceId, start, end);
      return jobs.describe(tenantId, sourceId);
    },
  };
}
