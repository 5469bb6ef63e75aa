import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../services/api/errors';
import { collectionRoutes } from '../../services/api/routes/collections';
import { ingestRoutes } from '../../services/api/routes/ingest';
import { ingestIntake, type IngestJobs, type SourceScheduleInfo } from '../../services/ingest';
import { LocalBlobStore } from '../../services/blobs';
import { createRetriever } from '../../services/retrieval';
import { EmbeddedVectorStore } from '../../services/vector';

/** The API's tenant auth stand-in: `x-tenant` names the caller. */
async function buildApp(register: (app: FastifyInstance) => PromiseLike<unknown>): Promise<FastifyInstance> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) return reply.status(400).send({ error: { code: 'invalid_request', message: err.message } });
    return errorHandler(err as Error, request, reply);
  });
  app.decorateRequest('tenant', null as never);
  app.addHook('onRequest', async (request) => {
    const id = String(request.headers['x-tenant'] ?? 'acme');
    request.tenant = { id, name: id, apiKeyId: `key-${id}`, scopes: ['admin'] };
  });
  await register(app);
  return app;
}

describe('collection search over HTTP', () => {
  let dir: string;
  let store: EmbeddedVectorStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-routes-'));
    store = new EmbeddedVectorStore(dir);
    await store.ensureCollection({ name: 'kb' });
    await store.upsert('acme', 'kb', [
      { documentId: 'brakes.md', chunkIndex: 0, contentHash: 'h1', text: 'Replace the yaw brake pads every year.', sourceUri: 'file:///kb/brakes.md', title: 'Brakes', headingPath: ['Yaw', 'Brakes'] },
      { documentId: 'oil.md', chunkIndex: 0, contentHash: 'h2', text: 'Change gearbox oil after 5000 hours.', title: 'Oil' },
    ]);
    app = await buildApp((a) => a.register(collectionRoutes, { retriever: createRetriever({ store }), store, prefix: '/v1' }));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('searches within the caller tenant and returns source and heading path', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/collections/kb/search', payload: { query: 'yaw brake pads', limit: 5 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.mode).toBe('lexical');
    expect(body.chunks[0]).toMatchObject({ documentId: 'brakes.md', sourceUri: 'file:///kb/brakes.md', headingPath: ['Yaw', 'Brakes'], title: 'Brakes' });
  });

  it("answers another tenant's collection exactly like a missing one", async () => {
    const asGlobex = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => app.inject({ method, url, headers: { 'x-tenant': 'globex' }, payload });
    const same = async (method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object) => {
      const theirs = await asGlobex(method, `/v1/collections/kb${path}`, payload);
      const missing = await asGlobex(method, `/v1/collections/kb-nowhere${path}`, payload);
      expect(theirs.statusCode).toBe(404);
      expect([theirs.statusCode, theirs.body.replace('kb', '<c>')]).toEqual([missing.statusCode, missing.body.replace('kb-nowhere', '<c>')]);
    };
    await same('POST', '/search', { query: 'yaw brake pads' });
    await same('GET', '/documents');
    await same('DELETE', '/documents/brakes.md');
    expect((await asGlobex('GET', '/v1/collections')).json()).toEqual({ collections: [] });
    await store.ensureCollection({ name: 'own' });
    await store.upsert('globex', 'own', [{ documentId: 'g.md', chunkIndex: 0, contentHash: 'g', text: 'globex only' }]);
    expect((await asGlobex('GET', '/v1/collections')).json()).toEqual({ collections: [{ name: 'own', denseDimension: null, chunks: 1 }] });
    expect((await app.inject({ method: 'GET', url: '/v1/collections' })).json().collections.map((c: { name: string }) => c.name)).toEqual(['kb']);
  });

  it('answers bad input with 4xx JSON errors, never 500', async () => {
    const missing = await app.inject({ method: 'POST', url: '/v1/collections/nope/search', payload: { query: 'x' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const invalid = await app.inject({ method: 'POST', url: '/v1/collections/kb/search', payload: { query: '', limit: 5000 } });
    expect(invalid.statusCode).toBe(400);
    const dense = await app.inject({ method: 'POST', url: '/v1/collections/kb/search', payload: { query: 'oil', mode: 'dense' } });
    expect(dense.statusCode).toBe(400);
    expect(dense.json().error.code).toBe('retrieval_unavailable');
    const badName = await app.inject({ method: 'POST', url: '/v1/collections/..%2Fetc/search', payload: { query: 'x' } });
    expect(badName.statusCode).toBe(400);
  });

  it('lists and deletes documents', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/collections/kb/documents' })).json().documents.map((d: { documentId: string }) => d.documentId)).toEqual(['brakes.md', 'oil.md']);
    expect((await app.inject({ method: 'DELETE', url: '/v1/collections/kb/documents/oil.md', headers: { 'x-tenant': 'globex' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/v1/collections/kb/documents/oil.md' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/v1/collections' })).json()).toEqual({ collections: [{ name: 'kb', denseDimension: null, chunks: 1 }] });
  });
});

describe('ingestion jobs and sources over HTTP', () => {
  const schedules = new Map<string, SourceScheduleInfo>();
  const calls: string[] = [];
  const jobs = {
    start: async (tenantId: string, _job: unknown, jobId: string) => (calls.push(`start:${tenantId}`), { jobId }),
    status: async (tenantId: string, jobId: string) => (jobId === 'known' && tenantId === 'acme' ? { jobId, status: 'RUNNING' } : null),
    schedule: async (tenantId: string, raw: { sourceId: string; cron: string; job: { collection: string } }) => {
      const info = { sourceId: raw.sourceId, collection: raw.job.collection, cron: raw.cron, paused: false, nextRuns: [], recentRuns: [], job: { ...raw.job, tenantId } } as unknown as SourceScheduleInfo;
      schedules.set(`${tenantId}/${raw.sourceId}`, info);
      return info;
    },
    describe: async (tenantId: string, sourceId: string) => schedules.get(`${tenantId}/${sourceId}`) ?? null,
    list: async (tenantId: string) => [...schedules.keys()].filter((k) => k.startsWith(`${tenantId}/`)).map((k) => ({ sourceId: k.split('/')[1], collection: 'kb', paused: false })),
    pause: async (tenantId: string, sourceId: string) => void (schedules.get(`${tenantId}/${sourceId}`)!.paused = true),
    resume: async (tenantId: string, sourceId: string) => void (schedules.get(`${tenantId}/${sourceId}`)!.paused = false),
    trigger: async (tenantId: string, sourceId: string) => void calls.push(`trigger:${tenantId}/${sourceId}`),
    backfill: async (tenantId: string, sourceId: string) => void calls.push(`backfill:${tenantId}/${sourceId}`),
    remove: async (tenantId: string, sourceId: string) => void schedules.delete(`${tenantId}/${sourceId}`),
  } as unknown as IngestJobs;
  let app: FastifyInstance;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'keel-ingest-routes-'));
    const blobs = new LocalBlobStore(join(root, 'blobs'));
    app = await buildApp((a) => a.register(ingestRoutes, { intake: ingestIntake({ jobs, blobs, config: { allowedRoots: [root], fetch: { maxBytes: 1024 } } }), prefix: '/v1' }));
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('starts jobs, refusing directories outside the allowed roots and non-HTTP URLs', async () => {
    const ok = await app.inject({ method: 'POST', url: '/v1/ingest/jobs', payload: { collection: 'kb', source: { kind: 'directory', path: root } } });
    expect(ok.statusCode).toBe(202);
    expect(ok.json().jobId).toMatch(/^[0-9a-f-]{36}$/);
    const outside = await app.inject({ method: 'POST', url: '/v1/ingest/jobs', payload: { collection: 'kb', source: { kind: 'directory', path: '/etc' } } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('source_not_allowed');
    const fileUrl = await app.inject({ method: 'POST', url: '/v1/ingest/jobs', payload: { collection: 'kb', source: { kind: 'urls', urls: ['file:///etc/passwd'] } } });
    expect(fileUrl.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/ingest/jobs/known' })).json()).toEqual({ jobId: 'known', status: 'RUNNING' });
    expect((await app.inject({ method: 'GET', url: '/v1/ingest/jobs/known', headers: { 'x-tenant': 'globex' } })).statusCode).toBe(404);
  });

  it('accepts document uploads as blobs for a job', async () => {
    const upload = await app.inject({ method: 'PUT', url: '/v1/ingest/blobs', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from('# Uploaded\n\nText.') });
    expect(upload.statusCode).toBe(201);
    expect(upload.json()).toMatchObject({ blobRef: expect.stringMatching(/^blob:sha256:/), bytes: 17 });
    const job = await app.inject({
      method: 'POST', url: '/v1/ingest/jobs',
      payload: { collection: 'kb', source: { kind: 'blobs', documents: [{ documentId: 'up.md', blobRef: upload.json().blobRef, uri: 'upload://up.md' }] } },
    });
    expect(job.statusCode).toBe(202);
    const tooBig = await app.inject({ method: 'PUT', url: '/v1/ingest/blobs', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(2048, 1) });
    expect(tooBig.statusCode).toBe(413);
    const empty = await app.inject({ method: 'PUT', url: '/v1/ingest/blobs', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    calls.length = 0;
  });

  it('manages source schedules', async () => {
    const payload = { sourceId: 'site', cron: '0 3 * * *', job: { collection: 'kb', source: { kind: 'sitemap', url: 'https://docs.example.com/sitemap.xml' } } };
    expect((await app.inject({ method: 'POST', url: '/v1/sources', payload })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/v1/sources', payload })).statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: '/v1/sources' })).json().sources).toEqual([{ sourceId: 'site', collection: 'kb', paused: false }]);
    expect((await app.inject({ method: 'POST', url: '/v1/sources/site/pause' })).json().paused).toBe(true);
    expect((await app.inject({ method: 'POST', url: '/v1/sources/site/resume' })).json().paused).toBe(false);
    expect((await app.inject({ method: 'POST', url: '/v1/sources/site/trigger' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/v1/sources/site/backfill', payload: { start: '2026-01-02', end: '2026-01-01' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/v1/sources/site/backfill', payload: { start: '2026-01-01', end: '2026-01-02' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/v1/sources/site/trigger', headers: { 'x-tenant': 'globex' } })).statusCode).toBe(404);
    expect(calls).toEqual(['trigger:acme/site', 'backfill:acme/site']);
    expect((await app.inject({ method: 'DELETE', url: '/v1/sources/site' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/v1/sources/site' })).statusCode).toBe(404);
  });
});
