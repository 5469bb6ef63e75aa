// `keel ingest` and `keel sources` as a user runs them: the CLI as a subprocess against the live API,
// a Temporal dev server and the in-process ingest worker.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLocalFiles, remoteSourceSpec } from '../../services/cli/commands/ingest';
import { formatSummary, progressBar } from '../../services/cli/progress';
import { createKeelWorkers } from '../../services/worker';
import { makePdf } from '../fixtures/ingest/make-pdf';
import { eventually, startPlatform, type TestPlatform } from '../support/platform';
import { workflowBundlePath } from '../support/temporal';
import { keelCli } from '../support/keel-cli';

const root = resolve(__dirname, '../..');
const fixtures = join(root, 'test/fixtures/ingest');
const work = mkdtempSync(join(tmpdir(), 'keel-ingest-cli-'));
const docs = join(work, 'docs');

function writeTree(files: Record<string, string | Buffer>) {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(docs, name, '..'), { recursive: true });
    writeFileSync(join(docs, name), content);
  }
}
writeTree({
  'guide.md': readFileSync(join(fixtures, 'guide.md')),
  'notes/field.txt': readFileSync(join(fixtures, 'notes.txt')),
  'kb/blades.html': readFileSync(join(fixtures, 'article.html')),
  'pitch.pdf': makePdf([[['The pitch motors turn each blade.']]], 'Pitch'),
  'broken.pdf': '%PDF-1.7\nnot a real pdf',
  '.drafts/secret.md': '# Secret\n\nHidden drafts are never uploaded.',
  'node_modules/pkg/readme.md': '# Package\n\nDependencies are never uploaded.',
  'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
});

let p: TestPlatform;
let workers: Worker[];
let running: Promise<unknown>;
let url: string;
let site: Server;
let siteUrl: string;

const keel = keelCli(() => ({ url, key: p.tenant.key }));

beforeAll(async () => {
  site = createServer((req, res) => {
    const pages: Record<string, [string, string]> = {
      '/sitemap.xml': ['application/xml', `<urlset><url><loc>${siteUrl}/yaw.html</loc></url><url><loc>${siteUrl}/tower.md</loc></url></urlset>`],
      '/yaw.html': ['text/html', '<html><head><title>Yaw</title></head><body><main><h1>Yaw</h1><p>The yaw brake holds the nacelle into the wind.</p></main></body></html>'],
      '/tower.md': ['text/markdown', '# Tower\n\nClimb the tower ladder only with a fall arrester.'],
    };
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': page?.[0] ?? 'text/plain' }).end(page?.[1] ?? 'not found');
  });
  await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;

  p = await startPlatform({
    modelUrl: 'http://127.0.0.1:9',
    worker: 'none',
    config: { ingest: { allowedRoots: [work], fetch: { allowCidrs: ['127.0.0.1/32'] } } },
  });
  workers = await createKeelWorkers({ connection: p.env.nativeConnection, config: p.config, runtime: p.runtime, roles: ['ingest'], workflowBundlePath: workflowBundlePath() });
  running = Promise.all(workers.map((w) => w.run()));
  url = await p.api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  for (const w of workers ?? []) w.shutdown();
  await running;
  await p?.close();
  site?.close();
});

const search = async (collection: string, query: string) =>
  (await p.api.inject({ method: 'POST', url: `/v1/collections/${collection}/search`, headers: p.auth(), payload: { query } })).json().chunks as Array<{ documentId: string }>;

describe('keel ingest', () => {
  it('uploads a folder (skipping hidden, node_modules and unsupported files), follows the job and prints counts and failures', async () => {
    const run = await keel(['ingest', docs, '--collection', 'docs']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('uploaded 5 file(s)');
    expect(run.stderr).toMatch(/^done: batch 1\/1, seen 5/m);
    expect(run.stdout).toMatch(/^job \S+ completed$/m);
    expect(run.stdout).toContain('seen 5, skipped 0, added 4, updated 0, deleted 0, failed 1');
    expect(run.stdout).toMatch(/1 document\(s\) failed:\n\s+broken\.pdf: .+/);

    const listed = (await p.api.inject({ method: 'GET', url: '/v1/collections/docs/documents', headers: p.auth() })).json().documents;
    expect(listed.map((d: { documentId: string }) => d.documentId).sort()).toEqual(['guide.md', 'kb/blades.html', 'notes/field.txt', 'pitch.pdf']);
    expect((await search('docs', 'grease the main bearing'))[0].documentId).toBe('guide.md');

    const again = await keel(['ingest', docs, '--collection', 'docs']);
    expect(again.stdout).toContain('seen 5, skipped 4, added 0, updated 0, deleted 0, failed 1');
  });

  it('ingests a sitemap URL; --no-wait returns the job id, which `keel jobs` follows and reads', async () => {
    const run = await keel(['ingest', `${siteUrl}/sitemap.xml`, '--collection', 'web']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('seen 2, skipped 0, added 2');
    expect((await search('web', 'yaw brake nacelle'))[0].documentId).toBe(`${siteUrl}/yaw.html`);

    const detached = await keel(['ingest', `${siteUrl}/tower.md`, '--collection', 'single', '--no-wait']);
    expect(detached.code, detached.stderr).toBe(0);
    const jobId = /^job ([\w-]+)$/.exec(detached.stdout.trim())![1];
    expect(detached.stderr).toContain(`keel jobs follow ${jobId}`);
    const followed = await keel(['jobs', 'follow', jobId]);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toContain('seen 1, skipped 0, added 1');
    expect(JSON.parse((await keel(['jobs', 'get', jobId])).stdout)).toMatchObject({ jobId, status: 'COMPLETED', progress: { phase: 'done' } });
  });

  it('--in-place lets the API read a folder under its allowed roots, without uploading', async () => {
    const run = await keel(['ingest', docs, '--collection', 'in-place', '--in-place']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('uploaded');
    expect(run.stdout).toContain('seen 5, skipped 0, added 4, updated 0, deleted 0, failed 1');
    expect((await search('in-place', 'gearbox grinding noise'))[0].documentId).toBe('notes/field.txt');
    const outside = await keel(['ingest', root, '--collection', 'in-place', '--in-place']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('400 source_not_allowed');
  });

  it('exits 1 when the job fails, and on bad targets', async () => {
    const failed = await keel(['ingest', 'http://169.254.169.254/sitemap.xml', '--collection', 'web', '--interval', '300']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^job \S+ failed$/m);
    expect(failed.stdout).toMatch(/^ {2}error: SourceRefusedError: .*169\.254\.169\.254/m);
    const failedId = /^job (\S+) failed$/m.exec(failed.stdout)![1];
    expect(JSON.parse((await keel(['jobs', 'get', failedId])).stdout)).toMatchObject({ status: 'FAILED', error: { type: 'SourceRefusedError' } });

    const missing = await keel(['ingest', join(work, 'nope'), '--collection', 'docs']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file or directory');
  }, 90_000);

  it('keeps documents of another upload in the same collection (deletions are per uploaded path)', async () => {
    const extra = join(work, 'extra');
    mkdirSync(extra, { recursive: true });
    writeFileSync(join(extra, 'b.md'), '# Bolts\n\nTorque the blade bolts in a star pattern.');
    const one = await keel(['ingest', join(docs, 'guide.md'), '--collection', 'pair']);
    expect(one.stdout).toContain('seen 1, skipped 0, added 1, updated 0, deleted 0');
    const two = await keel(['ingest', join(extra, 'b.md'), '--collection', 'pair']);
    expect(two.stdout).toContain('seen 1, skipped 0, added 1, updated 0, deleted 0');
    const listed = (await p.api.inject({ method: 'GET', url: '/v1/collections/pair/documents', headers: p.auth() })).json().documents;
    expect(listed.map((d: { documentId: string }) => d.documentId).sort()).toEqual(['b.md', 'guide.md']);
  });
});

describe('keel sources', () => {
  it('adds, lists, pauses, triggers and deletes a scheduled folder source', async () => {
    const added = await keel(['sources', 'add', 'nightly', docs, '--collection', 'docs', '--cron', '0 3 * * *']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('nightly → docs  cron "0 3 * * *"  active');
    expect(added.stdout).toMatch(/next run \d{4}-\d\d-\d\dT03:00:00/);

    await eventually(async () => (await keel(['sources', 'list'])).stdout.match(/^nightly\s+docs\s+active$/m));
    expect((await keel(['sources', 'pause', 'nightly'])).stdout).toContain('nightly paused');
    expect((await keel(['sources', 'get', 'nightly'])).stdout).toMatch(/^nightly → docs .* paused/);
    const json = JSON.parse((await keel(['sources', 'get', 'nightly', '--json'])).stdout);
    expect(json.job.source).toMatchObject({ kind: 'directory', path: docs });

    expect((await keel(['sources', 'trigger', 'nightly'])).stdout).toContain('nightly triggered');
    const ran = await eventually(async () => /ran \S+\s+job (nightly\S+)/.exec((await keel(['sources', 'get', 'nightly'])).stdout));
    const run = await keel(['jobs', 'follow', ran![1]]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('seen 5, skipped 4, added 0, updated 0, deleted 0, failed 1');

    expect((await keel(['sources', 'delete', 'nightly'])).stdout).toContain('nightly deleted');
    const gone = await keel(['sources', 'get', 'nightly']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('404 not_found');
  }, 90_000);

  it('refuses a folder outside the allowed roots and a duplicate id', async () => {
    const outside = await keel(['sources', 'add', 'etc', '/etc', '--collection', 'docs', '--cron', '0 3 * * *']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('400 source_not_allowed');
    expect((await keel(['sources', 'add', 'weekly', `${siteUrl}/tower.md`, '--collection', 'web', '--cron', '0 4 * * 1', '--paused'])).code).toBe(0);
    const dup = await keel(['sources', 'add', 'weekly', `${siteUrl}/tower.md`, '--collection', 'web', '--cron', '0 4 * * 1']);
    expect(dup.stderr).toContain('409 conflict');
  });
});

describe('CLI helpers', () => {
  it('lists only supported, visible files with stable relative ids', async () => {
    const files = await listLocalFiles([docs, join(fixtures, 'notes.txt')]);
    expect(files.map((f) => f.documentId)).toEqual(['broken.pdf', 'guide.md', 'kb/blades.html', 'notes/field.txt', 'pitch.pdf', 'notes.txt']);
  });

  it('turns URLs into urls, sitemap and s3 sources', () => {
    expect(remoteSourceSpec(['https://a.example/x', 'https://a.example/y'])).toEqual({ kind: 'urls', urls: ['https://a.example/x', 'https://a.example/y'] });
    expect(remoteSourceSpec(['https://a.example/sitemap_index.xml'])).toEqual({ kind: 'sitemap', url: 'https://a.example/sitemap_index.xml' });
    expect(remoteSourceSpec(['https://a.example/pages'], { sitemap: true })).toEqual({ kind: 'sitemap', url: 'https://a.example/pages' });
    expect(remoteSourceSpec(['s3://bucket/kb/'])).toEqual({ kind: 's3', bucket: 'bucket', prefix: 'kb/' });
    expect(remoteSourceSpec(['s3://bucket/kb/'], { accessKeyIdSecret: 'kb-id', secretAccessKeySecret: 'kb-secret' })).toEqual({ kind: 's3', bucket: 'bucket', prefix: 'kb/', accessKeyIdSecret: 'kb-id', secretAccessKeySecret: 'kb-secret' });
    expect(() => remoteSourceSpec(['https://a.example/x', './local'])).toThrow(/either local paths or http/);
  });

  it('draws the bar and the summary from the job status', () => {
    const progress = { phase: 'ingesting' as const, batchesDone: 1, batches: 4, counts: { seen: 64, skipped: 60, added: 3, updated: 0, deleted: 0, failed: 1 }, failures: [{ documentId: 'a.pdf', uri: 'file:///a.pdf', error: 'bad xref' }], failuresOmitted: 2 };
    expect(progressBar(progress, 8)).toBe('[##------]  25% batch 1/4 · seen 64, skipped 60, added 3, updated 0, deleted 0, failed 1');
    expect(formatSummary({ jobId: 'j2', status: 'FAILED', error: { type: 'SourceHttpClientError', message: 'GET https://x/sitemap.xml answered 404' } })).toBe(
      'job j2 failed\n  error: SourceHttpClientError: GET https://x/sitemap.xml answered 404',
    );
    expect(formatSummary({ jobId: 'j1', status: 'COMPLETED', progress })).toBe(
      'job j1 completed\n  seen 64, skipped 60, added 3, updated 0, deleted 0, failed 1\n  3 document(s) failed:\n    a.pdf: bad xref\n    … and 2 more',
    );
  });
});
