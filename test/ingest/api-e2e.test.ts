// Ingestion end to end through the real API, a Temporal dev server and the in-process ingest worker:
// upload documents as blobs, run a job, search the collection; tenant isolation; incremental re-runs.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeelWorkers } from '../../services/worker';
import { makeDocx } from '../fixtures/ingest/make-docx';
import { makePdf } from '../fixtures/ingest/make-pdf';
import { eventually, startPlatform, type TestPlatform } from '../support/platform';
import { decryptHistory, workflowBundlePath } from '../support/temporal';
import { historyText } from './history-text';
import { traceIdForWorkflow } from '../../services/tracing';

const fixtures = resolve(__dirname, '../fixtures/ingest');

const corpus = (): Record<string, Buffer> => ({
  'guide.md': readFileSync(join(fixtures, 'guide.md')),
  'notes/field.txt': readFileSync(join(fixtures, 'notes.txt')),
  'kb/blade-inspection.html': readFileSync(join(fixtures, 'article.html')),
  'pitch.pdf': makePdf([[['Pitch system overview.', 'The pitch motors turn each blade.']], [['Page two covers the yaw drive and its brakes.']]], 'Pitch and Yaw'),
  'commissioning.docx': makeDocx([['h1', 'Commissioning'], ['p', 'Verify the grid connection before first start.'], ['h2', 'Torque checks'], ['p', 'Torque every tower bolt to the specified value.']]),
});

let p: TestPlatform;
let workers: Worker[];
let running: Promise<unknown>;

beforeAll(async () => {
  // Lexical retrieval only: no model is ever called, so the router's endpoint is never reached.
  p = await startPlatform({ modelUrl: 'http://127.0.0.1:9', worker: 'none' });
  workers = await createKeelWorkers({ connection: p.env.nativeConnection, config: p.config, runtime: p.runtime, roles: ['ingest'], workflowBundlePath: workflowBundlePath() });
  running = Promise.all(workers.map((w) => w.run()));
});

afterAll(async () => {
  for (const w of workers ?? []) w.shutdown();
  await running;
  await p?.close();
});

async function upload(bytes: Buffer, key?: string): Promise<string> {
  const res = await p.api.inject({ method: 'PUT', url: '/v1/ingest/blobs', headers: { ...p.auth(key), 'content-type': 'application/octet-stream' }, payload: bytes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().blobRef;
}

/** Uploads the files, runs one job over them and waits for it to end. */
async function ingest(collection: string, files: Record<string, Buffer>, key?: string, root = '/kb') {
  const documents = [];
  for (const [name, bytes] of Object.entries(files)) documents.push({ documentId: name, blobRef: await upload(bytes, key), uri: `file://${root}/${name}` });
  return runJob({ collection, source: { kind: 'blobs', documents, root } }, key);
}

async function runJob(body: object, key?: string) {
  const started = await p.api.inject({ method: 'POST', url: '/v1/ingest/jobs', headers: p.auth(key), payload: body });
  expect(started.statusCode, started.body).toBe(202);
  const { jobId } = started.json();
  return eventually(async () => {
    const res = await p.api.inject({ method: 'GET', url: `/v1/ingest/jobs/${jobId}`, headers: p.auth(key) });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    return job.status !== 'RUNNING' && job;
  }, 200);
}

async function search(collection: string, query: string, key?: string) {
  const res = await p.api.inject({ method: 'POST', url: `/v1/collections/${collection}/search`, headers: p.auth(key), payload: { query, limit: 5 } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { mode: string; chunks: Array<{ documentId: string; text: string; headingPath: string[]; page?: number; sourceUri: string }> };
}

describe('ingestion through the API', () => {
  let firstJobId: string;

  it('ingests markdown, text, HTML, PDF and DOCX uploads and finds each by its content', async () => {
    const job = await ingest('manuals', corpus());
    firstJobId = job.jobId;
    expect(job.status).toBe('COMPLETED');
    expect(job.progress.counts).toMatchObject({ seen: 5, added: 5, skipped: 0, updated: 0, deleted: 0, failed: 0 });
    expect(job.progress.failures).toEqual([]);

    const expected: Array<[string, string]> = [
      ['grease the main bearing', 'guide.md'],
      ['gearbox grinding noise', 'notes/field.txt'],
      ['leading-edge erosion of blades', 'kb/blade-inspection.html'],
      ['yaw drive brakes', 'pitch.pdf'],
      ['torque tower bolt', 'commissioning.docx'],
    ];
    for (const [query, documentId] of expected) {
      const result = await search('manuals', query);
      expect(result.mode).toBe('lexical');
      expect(result.chunks[0]?.documentId, query).toBe(documentId);
    }
    const pdfHit = (await search('manuals', 'yaw drive brakes')).chunks[0];
    expect(pdfHit.page).toBe(2);
    expect(pdfHit.sourceUri).toBe('file:///kb/pitch.pdf');
    expect((await search('manuals', 'torque tower bolt')).chunks[0].headingPath).toEqual(['Commissioning', 'Torque checks']);
  });

  it('records the job as one trace: plan, batches and stale-document deletion, for its tenant only', async () => {
    const traceId = traceIdForWorkflow(`ingest/${p.tenant.id}/${firstJobId}`);
    const found = await eventually(async () => {
      const res = await p.api.inject({ method: 'GET', url: `/v1/traces/${traceId}`, headers: p.auth() });
      const body = res.statusCode === 200 ? res.json() : undefined;
      return body?.trace?.output ? body : undefined;
    });
    expect(found.trace.name).toBe('ingest manuals');
    expect(found.trace.tags).toContain('ingest');
    const names = found.observations.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['plan', 'batch 0', 'delete stale documents']));
    const batch = found.observations.find((o: { name: string }) => o.name === 'batch 0');
    expect(batch.output.counts).toMatchObject({ added: 5 });
    expect(JSON.stringify(found)).not.toContain('grease the main bearing');
    const other = await p.api.inject({ method: 'GET', url: `/v1/traces/${traceId}`, headers: p.auth(p.otherTenant.key) });
    expect(other.statusCode).toBe(404);
  });

  it("keeps tenants apart: another tenant's search answers as for a missing collection, and it cannot see the job", async () => {
    const theirs = await p.api.inject({ method: 'POST', url: '/v1/collections/manuals/search', headers: p.auth(p.otherTenant.key), payload: { query: 'grease the main bearing' } });
    const missing = await p.api.inject({ method: 'POST', url: '/v1/collections/nothing-here/search', headers: p.auth(p.otherTenant.key), payload: { query: 'grease the main bearing' } });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toEqual({ error: { code: 'not_found', message: 'collection manuals not found' } });
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'collection nothing-here not found' } });
    const other = await p.api.inject({ method: 'GET', url: `/v1/ingest/jobs/${firstJobId}`, headers: p.auth(p.otherTenant.key) });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
  });

  it('skips every unchanged document on a re-run', async () => {
    const job = await ingest('manuals', corpus());
    expect(job.status).toBe('COMPLETED');
    expect(job.progress.counts).toMatchObject({ seen: 5, skipped: 5, added: 0, updated: 0, deleted: 0, failed: 0 });
  });

  it('replaces a changed document, deletes a removed one, and reports a corrupt one without failing the job', async () => {
    const files = corpus();
    files['guide.md'] = Buffer.from('# Turbine Operations\n\nLubricate the slewing ring with lithium grease.\n');
    delete files['notes/field.txt'];
    files['broken.pdf'] = Buffer.from('%PDF-1.7\nthis is not really a pdf at all');
    const job = await ingest('manuals', files);
    expect(job.status).toBe('COMPLETED');
    expect(job.progress.counts).toMatchObject({ seen: 5, skipped: 3, updated: 1, deleted: 1, failed: 1, added: 0 });
    expect(job.progress.failures).toEqual([expect.objectContaining({ documentId: 'broken.pdf', uri: 'file:///kb/broken.pdf' })]);

    expect((await search('manuals', 'slewing ring lithium')).chunks[0].documentId).toBe('guide.md');
    expect((await search('manuals', 'grease the main bearing')).chunks.map((c) => c.text).join(' ')).not.toContain('six months');
    expect((await search('manuals', 'gearbox grinding noise')).chunks.map((c) => c.documentId)).not.toContain('notes/field.txt');
  });

  it('keeps the uploaded list out of workflow history (the API claim-checks it)', async () => {
    const handle = p.env.client.workflow.getHandle(`ingest/${p.tenant.id}/${firstJobId}`);
    const history = historyText(await decryptHistory((await handle.fetchHistory()).events));
    expect(history).toContain('listingRef');
    expect(history).toMatch(/root\W+\/kb\W/);
    for (const documentId of Object.keys(corpus())) expect(history).not.toContain(documentId);
  });

  it('deletes only documents of the same upload root when two uploads feed one collection', async () => {
    const a = await ingest('shared', { 'a.md': Buffer.from('# Alpha\n\nAnemometer calibration steps.') }, undefined, '/work/a');
    expect(a.progress.counts).toMatchObject({ added: 1, deleted: 0 });
    const b = await ingest('shared', { 'b.md': Buffer.from('# Beta\n\nBrake pad replacement steps.') }, undefined, '/work/b');
    expect(b.progress.counts).toMatchObject({ seen: 1, added: 1, deleted: 0 });
    expect((await search('shared', 'anemometer calibration')).chunks[0]?.documentId).toBe('a.md');
    const bAgain = await ingest('shared', { 'b2.md': Buffer.from('# Beta two\n\nBlade bolt torque.') }, undefined, '/work/b');
    expect(bAgain.progress.counts).toMatchObject({ seen: 1, added: 1, deleted: 1 });
    const listed = (await p.api.inject({ method: 'GET', url: '/v1/collections/shared/documents', headers: p.auth() })).json().documents;
    expect(listed.map((d: { documentId: string }) => d.documentId).sort()).toEqual(['a.md', 'b2.md']);
  });

  it('reports why a job failed: a refused sitemap fails at once with its reason', async () => {
    const job = await runJob({ collection: 'web', source: { kind: 'sitemap', url: 'http://169.254.169.254/sitemap.xml' } });
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatchObject({ type: 'SourceRefusedError', message: expect.stringMatching(/169\.254\.169\.254/) });
  });

  it('refuses bad input with 4xx', async () => {
    const empty = await p.api.inject({ method: 'PUT', url: '/v1/ingest/blobs', headers: { ...p.auth(), 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    const badSource = await p.api.inject({ method: 'POST', url: '/v1/ingest/jobs', headers: p.auth(), payload: { collection: 'manuals', source: { kind: 'urls', urls: ['ftp://x'] } } });
    expect(badSource.statusCode).toBe(400);
    const missing = await p.api.inject({ method: 'GET', url: '/v1/ingest/jobs/nope', headers: p.auth() });
    expect(missing.statusCode).toBe(404);
  });
});
