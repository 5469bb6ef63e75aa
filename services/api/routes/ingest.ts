// One-off ingestion jobs, uploads and scheduled sources (Temporal Schedules), per tenant.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentFailureSchema, IngestCountsSchema, IngestJobRequestSchema, SourceScheduleSchema, type IngestIntake } from '../../ingest';
import { invalid } from '../../errors';
import { errorBody } from '../openapi';

// A scheduled run's id is its source id (up to 100) plus the schedule's timestamp suffix.
const JobParams = z.object({ jobId: z.string().min(1).max(128) });
const SourceParams = z.object({ sourceId: z.string().min(1).max(100) });
const JobStarted = z.object({ jobId: z.string() });
const JobStatus = z.object({
  jobId: z.string(),
  status: z.string().describe('RUNNING, COMPLETED, FAILED, TERMINATED, CANCELLED, TIMED_OUT, …'),
  progress: z.object({
    phase: z.enum(['planning', 'ingesting', 'deleting', 'done']),
    batchesDone: z.number().int(),
    batches: z.number().int(),
    counts: IngestCountsSchema,
    failures: z.array(DocumentFailureSchema),
    failuresOmitted: z.number().int(),
    documents: z.number().int().optional().describe('Documents the plan listed (unset while planning)'),
  }).optional(),
  startedAt: z.string().optional(),
  closedAt: z.string().optional().describe('Unset while the job runs'),
  error: z.object({ message: z.string(), type: z.string().optional() }).optional().describe('Why the job ended without completing'),
}).meta({ title: 'IngestJobStatus' });
const SourceInfo = z.object({
  sourceId: z.string(),
  collection: z.string(),
  cron: z.string(),
  paused: z.boolean(),
  note: z.string().optional(),
  nextRuns: z.array(z.string()),
  recentRuns: z.array(z.object({ workflowId: z.string(), scheduledAt: z.string() })),
  job: z.record(z.string(), z.unknown()).describe('The ingestion job each run starts'),
}).meta({ title: 'IngestSource' });
const SourceJobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(10).default(5) });
const SourceJobs = z.object({ jobs: z.array(JobStatus).describe('Newest first; each jobId works with GET /v1/ingest/jobs/:jobId') });
const SourceList = z.object({ sources: z.array(z.object({ sourceId: z.string(), collection: z.string(), paused: z.boolean() })) });
const BackfillBody = z.object({ start: z.coerce.date(), end: z.coerce.date() }).refine((b) => b.start < b.end, 'start must be before end');

export const ingestRoutes: FastifyPluginAsyncZod<{ intake: IngestIntake }> = async (app, { intake }) => {
  const maxBytes = intake.maxUploadBytes;
  if (maxBytes !== undefined) {
    // `keel ingest PATH` uploads each file here, then starts a job over the returned references.
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
    app.put('/ingest/blobs', {
      config: { scope: 'ingest' },
      bodyLimit: maxBytes,
      schema: {
        operationId: 'uploadIngestBlob',
        summary: 'Upload one document (raw bytes) for a later job; returns its blob reference',
        tags: ['ingest'],
        rawBody: { mediaType: 'application/octet-stream', description: `The document's bytes (at most ${maxBytes})` },
        response: { 201: z.object({ blobRef: z.string(), bytes: z.number().int() }), 413: errorBody('The document is larger than the upload limit') },
      },
    }, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw invalid('send the document as a non-empty application/octet-stream body');
      return reply.status(201).send(await intake.upload(request.body));
    });
  }

  app.post('/ingest/jobs', { config: { scope: 'ingest' }, schema: {
    operationId: 'startIngestJob', summary: 'Start a one-off ingestion job', tags: ['ingest'], body: IngestJobRequestSchema, response: { 202: JobStarted },
  } }, async (request, reply) =>
    reply.status(202).send(await intake.startJob(request.tenant.id, request.body)),
  );

  app.get('/ingest/jobs/:jobId', { config: { scope: 'read' }, schema: {
    operationId: 'getIngestJob', summary: 'Status and counts of an ingestion job', tags: ['ingest'], params: JobParams, response: { 200: JobStatus },
  } }, async (request) =>
    intake.jobStatus(request.tenant.id, request.params.jobId),
  );

  app.post('/sources', { config: { scope: 'ingest' }, schema: {
    operationId: 'createSource', summary: 'Register a source with a cron schedule', tags: ['sources'], body: SourceScheduleSchema,
    response: { 201: SourceInfo, 409: errorBody('A source with this id exists') },
  } }, async (request, reply) =>
    reply.status(201).send(await intake.addSource(request.tenant.id, request.body)),
  );

  app.get('/sources', { config: { scope: 'read' }, schema: { operationId: 'listSources', summary: 'Scheduled sources', tags: ['sources'], response: { 200: SourceList } } }, async (request) => ({ sources: await intake.listSources(request.tenant.id) }));

  app.get('/sources/:sourceId', { config: { scope: 'read' }, schema: {
    operationId: 'getSource', summary: 'A source schedule: next and recent runs', tags: ['sources'], params: SourceParams, response: { 200: SourceInfo },
  } }, async (request) =>
    intake.getSource(request.tenant.id, request.params.sourceId),
  );

  app.get('/sources/:sourceId/jobs', { config: { scope: 'read' }, schema: {
    operationId: 'listSourceJobs', summary: 'The newest jobs a source schedule started (at most 10), with status, times and counts',
    tags: ['sources'], params: SourceParams, querystring: SourceJobsQuery, response: { 200: SourceJobs },
  } }, async (request) =>
    ({ jobs: await intake.sourceJobs(request.tenant.id, request.params.sourceId, request.query.limit) }),
  );

  app.delete('/sources/:sourceId', { config: { scope: 'ingest' }, schema: {
    operationId: 'deleteSource', summary: 'Delete a source schedule', tags: ['sources'], params: SourceParams, response: { 204: z.undefined().describe('Deleted') },
  } }, async (request, reply) => {
    await intake.removeSource(request.tenant.id, request.params.sourceId);
    return reply.status(204).send();
  });

  for (const action of ['pause', 'resume', 'trigger'] as const) {
    app.post(`/sources/:sourceId/${action}`, { config: { scope: 'ingest' }, schema: {
      operationId: `${action}Source`, summary: `${action} a source schedule`, tags: ['sources'], params: SourceParams,
      response: { 200: SourceInfo.nullable().describe('The source after the action') },
    } }, async (request) =>
      intake.sourceAction(request.tenant.id, request.params.sourceId, action),
    );
  }

  app.post('/sources/:sourceId/backfill', {
    config: { scope: 'ingest' },
    schema: {
      operationId: 'backfillSource', summary: 'Run a source for the schedule times in a past window', tags: ['sources'], params: SourceParams, body: BackfillBody,
      response: { 200: SourceInfo.nullable().describe('The source after starting the backfill') },
    },
  }, async (request) => intake.backfill(request.tenant.id, request.params.sourceId, request.body.start, request.body.end));
};
