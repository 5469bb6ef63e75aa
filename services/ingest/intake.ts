// What the API asks of ingestion: uploads, one-off jobs and scheduled sources, each checked
// against the operator's settings before anything is started or saved.
import { randomUUID } from 'node:crypto';
import { conflict, invalid, notFound } from '../errors';
import { claimCheckSource } from './claim-check';
import type { BlobStore } from '../blobs';
import { IngestConfigSchema, type IngestConfigInput } from './config';
import type { IngestJobs, SourceSchedule } from './jobs';
import { checkS3Endpoint, resolveAllowedDirectory, s3CredentialNames, SourceAccessError, type SourceAccess } from './sources';
import { SourceSpecSchema, type IngestJobInput, type SourceSpec } from './types';

export interface IngestIntakeDeps {
  jobs: IngestJobs;
  /** Without a blob store, uploads are refused and listed documents travel inline. */
  blobs?: BlobStore;
  config?: IngestConfigInput;
  /** Keel's own paths (refused to directory sources) and the tenants' secrets (checked for S3 sources). */
  access?: Omit<SourceAccess, 'tenantId'>;
}

export type IngestIntake = ReturnType<typeof ingestIntake>;
export type SourceAction = 'pause' | 'resume' | 'trigger';

export function ingestIntake({ jobs, blobs, config: rawConfig, access = {} }: IngestIntakeDeps) {
  const config = IngestConfigSchema.parse(rawConfig ?? {});

  /** A source the operator's policy refuses is refused now (400), not at the first run. */
  const checkSource = async (tenantId: string, raw: SourceSpec) => {
    const source = SourceSpecSchema.parse(raw);
    if (source.kind === 'directory') await resolveAllowedDirectory(source.path, config.allowedRoots, access.protectedPaths);
    if (source.kind === 's3') {
      const names = s3CredentialNames(source).filter((n): n is string => n !== undefined);
      checkS3Endpoint(source.endpoint, config.fetch.allowCidrs);
      for (const name of names) {
        if (access.secret && (await access.secret(tenantId, name)) === undefined) throw new SourceAccessError(`secret "${name}" is not set (keel secrets set ${name})`);
      }
    }
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
      await checkSource(tenantId, job.source);
      return jobs.start(tenantId, { ...job, source: await claimChecked(job.source) }, randomUUID());
    },

    async jobStatus(tenantId: string, jobId: string) {
      const status = await jobs.status(tenantId, jobId);
      if (!status) throw notFound(`job ${jobId}`);
      return status;
    },

    async addSource(tenantId: string, schedule: SourceSchedule) {
      await checkSource(tenantId, schedule.job.source);
      if (await jobs.describe(tenantId, schedule.sourceId)) throw conflict(`source ${schedule.sourceId} exists`);
      return jobs.schedule(tenantId, { ...schedule, job: { ...schedule.job, source: await claimChecked(schedule.job.source) } });
    },

    listSources: (tenantId: string) => jobs.list(tenantId),

    async sourceJobs(tenantId: string, sourceId: string, limit: number) {
      const found = await jobs.sourceJobs(tenantId, sourceId, limit);
      if (!found) throw notFound(`source ${sourceId}`);
      return found;
    },
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
