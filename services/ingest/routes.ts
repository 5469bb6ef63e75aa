// HTTP: one-off ingestion jobs and scheduled sources (Temporal Schedules), per tenant.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, notFound } from '../api/errors';
import { claimCheckSource } from './claim-check';
import type { BlobStore } from './blobs';
import type { IngestConfigInput } from './config';
import { IngestConfigSchema } from './config';
import { SourceScheduleSchema, type IngestJobs } from './jobs';
import { resolveAllowedDirectory, SourceAccessError } from './sources';
import { IngestJobInputSchema, type SourceSpec } from './types';

const JobBody = IngestJobInputSchema.omit({ tenantId: true });
const JobParams = z.object({ jobId: z.string().min(1).max(100) });
const SourceParams = z.object({ sourceId: z.string().min(1).max(100) });
const BackfillBody = z.object({ start: z.coerce.date(), end: z.coerce.date() }).refine((b) => b.start < b.end, 'start must be before end');

export const ingestRoutes: FastifyPluginAsyncZod<{ jobs: IngestJobs; blobs?: BlobStore; config?: IngestConfigInput }> = async (app, { jobs, blobs, config: rawConfig }) => {
  const config = IngestConfigSchema.parse(rawConfig ?? {});

  if (blobs) {
    // `keel ingest PATH` uploads each file here, then starts a job over the returned references.
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: config.fetch.maxBytes }, (_request, body, done) => done(null, body));
    app.put('/v1/ingest/blobs', {
      bodyLimit: config.fetch.maxBytes,
      schema: { summary: 'Upload one document (raw bytes) for a later job; returns its blob reference', tags: ['ingest'] },
    }, async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new ApiError(400, 'invalid_request', 'send the document as a non-empty application/octet-stream body');
      return reply.status(201).send({ blobRef: await blobs.put(body), bytes: body.length });
    });
  }

  /** Refuse a directory outside the allowed roots now, not at the first run. */
  const checkSource = async (source: SourceSpec) => {
    if (source.kind !== 'directory') return;
    try {
      await resolveAllowedDirectory(source.path, config.allowedRoots);
    } catch (error) {
      if (error instanceof SourceAccessError) throw new ApiError(400, 'source_not_allowed', error.message);
      throw error;
    }
  };
  const existing = async (tenantId: string, sourceId: string) => {
    const found = await jobs.describe(tenantId, sourceId);
    if (!found) throw notFound(`source ${sourceId}`);
    return found;
  };

  /** Listed documents go to the blob store; the job input carries their reference. */
  const claimChecked = async (source: SourceSpec) => (blobs ? claimCheckSource(source, blobs) : source);

  app.post('/v1/ingest/jobs', { schema: { summary: 'Start a one-off ingestion job', tags: ['ingest'], body: JobBody } }, async (request, reply) => {
    await checkSource(request.body.source);
    const job = { ...request.body, source: await claimChecked(request.body.source) };
    const { jobId } = await jobs.start(request.tenant.id, job, randomUUID());
    return reply.status(202).send({ jobId });
  });

  app.get('/v1/ingest/jobs/:jobId', { schema: { summary: 'Status and counts of an ingestion job', tags: ['ingest'], params: JobParams } }, async (request) => {
    const status = await jobs.status(request.tenant.id, request.params.jobId);
    if (!status) throw notFound(`job ${request.params.jobId}`);
    return status;
  });

  app.post('/v1/sources', { schema: { summary: 'Register a source with a cron schedule', tags: ['sources'], body: SourceScheduleSchema } }, async (request, reply) => {
    await checkSource(request.body.job.source);
    if (await jobs.describe(request.tenant.id, request.body.sourceId)) throw new ApiError(409, 'conflict', `source ${request.body.sourceId} exists`);
    const schedule = { ...request.body, job: { ...request.body.job, source: await claimChecked(request.body.job.source) } };
    return reply.status(201).send(await jobs.schedule(request.tenant.id, schedule));
  });

  app.get('/v1/sources', { schema: { summary: 'Scheduled sources', tags: ['sources'] } }, async (request) => ({ sources: await jobs.list(request.tenant.id) }));

  app.get('/v1/sources/:sourceId', { schema: { summary: 'A source schedule: next and recent runs', tags: ['sources'], params: SourceParams } }, async (request) =>
    existing(request.tenant.id, request.params.sourceId),
  );

  app.delete('/v1/sources/:sourceId', { schema: { summary: 'Delete a source schedule', tags: ['sources'], params: SourceParams } }, async (request, reply) => {
    await existing(request.tenant.id, request.params.sourceId);
    await jobs.remove(request.tenant.id, request.params.sourceId);
    return reply.status(204).send();
  });

  for (const action of ['pause', 'resume', 'trigger'] as const) {
    app.post(`/v1/sources/:sourceId/${action}`, { schema: { summary: `${action} a source schedule`, tags: ['sources'], params: SourceParams } }, async (request) => {
      await existing(request.tenant.id, request.params.sourceId);
      await jobs[action](request.tenant.id, request.params.sourceId);
      return jobs.describe(request.tenant.id, request.params.sourceId);
    });
  }

  app.post('/v1/sources/:sourceId/backfill', {
    schema: { summary: 'Run a source for the schedule times in a past window', tags: ['sources'], params: SourceParams, body: BackfillBody },
  }, async (request) => {
    await existing(request.tenant.id, request.params.sourceId);
    await jobs.backfill(request.tenant.id, request.params.sourceId, request.body.start, request.body.end);
    return jobs.describe(request.tenant.id, request.params.sourceId);
  });
};
