import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, openDocumentSource, runIngestion } from '../../services/ingest';
import { LocalBlobStore, S3BlobStore } from '../../services/blobs';
import { EmbeddedVectorStore } from '../../services/vector';
import { startSeaweedS3, type SeaweedS3 } from '../support/seaweed';
import { startRecordingS3Proxy, type RecordingS3Proxy } from '../support/recording-s3-proxy';

const FIXTURES = join(__dirname, '..', 'fixtures', 'ingest');

describe('ingestion sources', () => {
  let dir: string;
  let store: EmbeddedVectorStore;
  // A real S3 server (SeaweedFS), reached through a recording proxy where a test counts list pages.
  let s3: SeaweedS3;
  let proxy: RecordingS3Proxy;
  let web: Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-sources-'));
    store = new EmbeddedVectorStore(join(dir, 'vector'));
    s3 = await startSeaweedS3({ buckets: ['kb-docs', 'blobs'] });
    proxy = await startRecordingS3Proxy(s3.endpoint);
    web = createServer((req, res) => {
      const pages: Record<string, [string, string]> = {
        '/blades.html': ['text/html; charset=utf-8', readFileSync(join(FIXTURES, 'article.html'), 'utf8')],
        '/guide.md': ['text/markdown', readFileSync(join(FIXTURES, 'guide.md'), 'utf8')],
        '/sitemap.xml': [
          'application/xml',
          `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}/blades.html</loc><lastmod>2026-03-01</lastmod></url><url><loc>${base}/guide.md</loc></url></urlset>`,
        ],
        '/index.xml': ['application/xml', `<sitemapindex><sitemap><loc>${base}/sitemap.xml</loc></sitemap></sitemapindex>`],
      };
      const page = pages[req.url ?? ''];
      if (!page) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
      }
      res.writeHead(200, { 'content-type': page[0] });
      res.end(page[1]);
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await store.close();
    await proxy?.close();
    await s3?.close();
    if (web) await new Promise<void>((resolve) => web.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests an S3 bucket prefix across list pages, then drops a removed object', async () => {
    await s3.putObject('kb-docs', 'docs/guide.md', readFileSync(join(FIXTURES, 'guide.md')), 'text/markdown');
    await s3.putObject('kb-docs', 'docs/notes.txt', readFileSync(join(FIXTURES, 'notes.txt')));
    await s3.putObject('kb-docs', 'docs/blades.html', readFileSync(join(FIXTURES, 'article.html')), 'text/html');
    await s3.putObject('kb-docs', 'other/skip.md', '# Not under the prefix');
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'kb-docs', Prefix: 'docs/guide.md' }));
    const guideModified = listed.Contents![0].LastModified!.toISOString();
    const config = { s3: { pageSize: 2 }, fetch: { allowCidrs: ['127.0.0.1/32'] } };
    const spec = { kind: 's3' as const, bucket: 'kb-docs', prefix: 'docs/', endpoint: proxy.endpoint, accessKeyIdSecret: 'kb-key-id', secretAccessKeySecret: 'kb-secret' };
    const target = { tenantId: 'acme', collection: 's3kb' };
    const tenantSecrets: Record<string, string> = { 'kb-key-id': s3.access.accessKeyId, 'kb-secret': s3.access.secretAccessKey };
    const access = { tenantId: 'acme', secret: async (_tenant: string, name: string) => tenantSecrets[name] };

    const first = await runIngestion(await openDocumentSource(spec, config, undefined, access), { store }, target);
    expect(first.counts).toMatchObject({ seen: 3, added: 3, failed: 0 });
    expect(proxy.requests.filter((r) => r.query['list-type'] === '2').map((r) => r.query['continuation-token'] !== undefined)).toEqual([false, true]);
    const hit = (await store.search('acme', 's3kb', { text: 'lock the rotor harness', limit: 1 }))[0];
    expect(hit.payload).toMatchObject({ documentId: 'docs/guide.md', sourceUri: 's3://kb-docs/docs/guide.md', modifiedAt: guideModified });

    await s3.deleteObject('kb-docs', 'docs/notes.txt');
    const second = await runIngestion(await openDocumentSource(spec, config, undefined, access), { store }, target);
    expect(second.counts).toMatchObject({ seen: 2, skipped: 2, deleted: 1 });
  });

  it('keeps claim-check blobs content-addressed on disk and in S3', async () => {
    const local = new LocalBlobStore(join(dir, 'blobs'));
    const ref = await local.put('large document text');
    expect(ref).toMatch(/^blob:sha256:[0-9a-f]{64}$/);
    expect(await local.put('large document text')).toBe(ref);
    expect((await local.get(ref)).toString()).toBe('large document text');
    await expect(local.get('blob:sha256:nope')).rejects.toThrow(/not a blob reference/);

    const remote = new S3BlobStore(createS3Client({ region: s3.region, endpoint: s3.endpoint, access: s3.access }), 'blobs');
    const remoteRef = await remote.put(Buffer.from('bytes in s3'));
    expect(remoteRef).toBe(await local.put('bytes in s3'));
    expect((await remote.get(remoteRef)).toString()).toBe('bytes in s3');
  });

  it('ingests a URL list and a sitemap index from an allowed host, recording HTTP failures', async () => {
    const config = { fetch: { allowCidrs: ['127.0.0.1/32'] } };
    const urls = await runIngestion(
      await openDocumentSource({ kind: 'urls', urls: [`${base}/blades.html`, `${base}/guide.md`, `${base}/missing.html`] }, config),
      { store },
      { tenantId: 'acme', collection: 'web' },
    );
    expect(urls.counts).toMatchObject({ seen: 3, added: 2, failed: 1 });
    expect(urls.failures[0]).toMatchObject({ documentId: `${base}/missing.html`, error: expect.stringContaining('404') });

    const sitemap = await runIngestion(await openDocumentSource({ kind: 'sitemap', url: `${base}/index.xml` }, config), { store }, { tenantId: 'acme', collection: 'site' });
    expect(sitemap.counts).toMatchObject({ seen: 2, added: 2 });
    const hit = (await store.search('acme', 'site', { text: 'drone blade inspection', limit: 1 }))[0];
    expect(hit.payload).toMatchObject({ documentId: `${base}/blades.html`, modifiedAt: '2026-03-01T00:00:00.000Z' });
  });

  it('refuses loopback, private and metadata addresses unless the config allows them (SSRF)', async () => {
    const refused = await runIngestion(
      await openDocumentSource({ kind: 'urls', urls: [`${base}/guide.md`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.8/wiki'] }),
      { store },
      { tenantId: 'acme', collection: 'ssrf' },
    );
    expect(refused.counts).toMatchObject({ seen: 3, added: 0, failed: 3 });
    for (const failure of refused.failures) expect(failure.error).toMatch(/loopback|private|metadata|link-local|not allowed|blocked/i);
    await expect(runIngestion(await openDocumentSource({ kind: 'sitemap', url: `${base}/sitemap.xml` }), { store }, { tenantId: 'acme', collection: 'ssrf' })).rejects.toThrow();
    const stillRefused = await runIngestion(
      await openDocumentSource({ kind: 'urls', urls: ['http://169.254.169.254/latest/meta-data/'] }, { fetch: { allowCidrs: ['127.0.0.1/32'] } }),
      { store },
      { tenantId: 'acme', collection: 'ssrf' },
    );
    expect(stillRefused.counts.failed).toBe(1);
  });
});
