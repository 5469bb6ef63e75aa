// One-off ingestion jobs, uploads and scheduled sources (Temporal Schedules), per tenant.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IngestJobInputSchema, SourceScheduleSchema, type IngestIntake } from '../../ingest';
import { invalid } from '../../errors';

const JobBody = IngestJobInputSchema.omit({ tenantId: true });
const JobParams = z.object({ jobId: z.string().min(1).max(100) });
const SourceParams = z.object({ sourceId: z.string().min(1).max(100) });
const BackfillBody = z.object({ start: z.coerce.date(), end: z.coerce.date() }).refine((b) => b.start < b.end, 'start must be before end');

export const ingestRoutes: FastifyPluginAsyncZod<{ intake: IngestIntake }> = async (app, { intake }) => {
  const maxBytes = intake.maxUploadBytes;
  if (maxBytes !== undefined) {
    // `keel ingest PATH` uploads each file here, then starts a job over the returned references.
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
    app.put('/ingest/blobs', {
      config: { scope: 'ingest' },
      bodyLimit: maxBytes,
      schema: { summary: 'Upload one document (raw bytes) for a later job; returns its blob reference', tags: ['ingest'] },
    }, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw invalid('send the document as a non-empty application/octet-stream body');
      return reply.status(201).send(await intake.upload(request.body));
    });
  }

  app.post('/ingest/jobs', { config: { scope: 'ingest' }, schema: { summary: 'Start a one-off ingestion job', tags: ['ingest'], body: JobBody } }, async (request, reply) =>
    reply.status(202).send(await intake.startJob(request.tenant.id, request.body)),
  );

  app.get('/ingest/jobs/:jobId', { config: { scope: 'read' }, schema: { summary: 'Status and counts of an ingestion job', tags: ['ingest'], params: JobParams } }, async (request) =>
    intake.jobStatus(request.tenant.id, request.params.jobId),
  );

  app.post('/sources', { config: { scope: 'ingest' }, schema: { summary: 'Register a source with a cron schedule', tags: ['sources'], body: SourceScheduleSchema } }, async (request, reply) =>
    reply.status(201).send(await intake.addSource(request.tenant.id, request.body)),
  );

  app.get('/sources', { config: { scope: 'read' }, schema: { summary: 'Scheduled sources', tags: ['sources'] } }, async (request) => ({ sources: await intake.listSources(request.tenant.id) }));

  app.get('/sources/:sourceId', { config: { scope: 'read' }, schema: { summary: 'A source schedule: next and recent runs', tags: ['sources'], params: SourceParams } }, async (request) =>
    intake.getSource(request.tenant.id, request.params.sourceId),
  );

  app.delete('/sources/:sourceId', { config: { scope: 'ingest' }, schema: { summary: 'Delete a source schedule', tags: ['sources'], params: SourceParams } }, async (request, reply) => {
    await intake.removeSource(request.tenant.id, request.params.sourceId);
    return reply.status(204).send();
  });

  for (const action of ['pause', 'resume', 'trigger'] as const) {
    app.post(`/sources/:sourceId/${action}`, { config: { scope: 'ingest' }, schema: { summary: `${action} a source schedule`, tags: ['sources'], params: SourceParams } }, async (request) =>
      intake.sourceAction(request.tenant.id, request.params.sourceId, action),
    );
  }

  app.post('/sources/:sourceId/backfill', {
    config: { scope: 'ingest' },
    schema: { summary: 'Run a source for the schedule times in a past window', tags: ['sources'], params: SourceParams, body: BackfillBody },
  }, async (request) => intake.backfill(request.tenant.id, request.params.sourceId, request.body.start, request.body.end));
};
