// Sources only where the operator allows (issue 13, findings 2 and 3): directory sources stay under
// ingest.allowedRoots (none by default), away from Keel's own files, within size caps; S3 sources
// sign with the tenant's own credentials and connect only where URL fetches may.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestIntake, openDocumentSource, runIngestion, SourceAccessError, type IngestJobs, type SourceSpec } from '../../services/ingest';
import { EmbeddedVectorStore } from '../../services/vector';
import { ADMIN_IDENTITY, startSeaweedS3, type SeaweedS3 } from '../support/seaweed';
import { startRecordingS3Proxy, type RecordingS3Proxy } from '../support/recording-s3-proxy';

let root: string;
let store: EmbeddedVectorStore;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'keel-source-policy-'));
  store = new EmbeddedVectorStore(join(root, 'vector'));
});
afterAll(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

const refusal = (p: Promise<unknown>) => p.then(() => new Error('opened'), (e: Error) => e);
const fakeJobs = { start: async () => ({ jobId: 'started', workflowId: 'wf' }) } as unknown as IngestJobs;

describe('directory sources', () => {
  it('are off by default: path "." is refused without an allowed root', async () => {
    const err = await refusal(openDocumentSource({ kind: 'directory', path: '.' }));
    expect(err).toBeInstanceOf(SourceAccessError);
    expect(err.message).toContain('ingest.allowedRoots is empty');
  });

  it("never read Keel's own files: the working directory's keel.yaml and .keel, the data dir, whether the path holds them or lies inside", async () => {
    // The working directory (this repository) holds keel.yaml: "." is refused even when allowed.
    expect(await refusal(openDocumentSource({ kind: 'directory', path: '.' }, { allowedRoots: ['.'] }))).toMatchObject({ code: 'source_not_allowed', message: expect.stringContaining("Keel's own files") });

    const site = join(root, 'site');
    const dataDir = join(site, 'data');
    mkdirSync(join(dataDir, 'blobs'), { recursive: true });
    mkdirSync(join(site, 'docs'), { recursive: true });
    writeFileSync(join(dataDir, 'credentials.json'), '{"apiKey":"keel_secret"}');
    writeFileSync(join(site, 'docs', 'a.md'), '# A\n\nText.');
    const config = { allowedRoots: [site] };
    const access = { protectedPaths: [dataDir] };
    for (const path of [site, dataDir, join(dataDir, 'blobs')]) {
      expect(await refusal(openDocumentSource({ kind: 'directory', path }, config, undefined, access)), path).toBeInstanceOf(SourceAccessError);
    }
    const docs = await openDocumentSource({ kind: 'directory', path: join(site, 'docs') }, config, undefined, access);
    expect((await docs.list()).map((e) => e.documentId)).toEqual(['a.md']);

    // The API refuses it before starting anything.
    const intake = ingestIntake({ jobs: fakeJobs, config, access });
    await expect(intake.startJob('acme', { collection: 'kb', source: { kind: 'directory', path: dataDir } })).rejects.toMatchObject({ kind: 'invalid', code: 'source_not_allowed' });
    await expect(intake.startJob('acme', { collection: 'kb', source: { kind: 'directory', path: join(site, 'docs') } })).resolves.toMatchObject({ jobId: 'started' });
  });

  it('resolve symlinks before checking: a link out of an allowed root is refused', async () => {
    const allowed = join(root, 'allowed');
    const outside = join(root, 'outside');
    mkdirSync(allowed, { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.md'), '# Secret\n\nOutside the root.');
    symlinkSync(outside, join(allowed, 'escape'));
    symlinkSync(join(outside, 'secret.md'), join(allowed, 'linked.md'));
    writeFileSync(join(allowed, 'inside.md'), '# Inside\n\nText.');
    const config = { allowedRoots: [allowed] };
    expect(await refusal(openDocumentSource({ kind: 'directory', path: join(allowed, 'escape') }, config))).toMatchObject({ message: expect.stringContaining('outside the allowed') });

    const source = await openDocumentSource({ kind: 'directory', path: allowed }, config);
    const entries = await source.list();
    expect(entries.map((e) => e.documentId)).toEqual(['inside.md']);
    // A listed file swapped for a link out of the root before it is read is refused too.
    rmSync(join(allowed, 'inside.md'));
    symlinkSync(join(outside, 'secret.md'), join(allowed, 'inside.md'));
    await expect(source.read(entries[0])).rejects.toThrow(/escapes the source directory/);
  });

  it('skip and count files over the per-file cap and past the per-job cap, without reading them', async () => {
    const dir = join(root, 'sized');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.txt'), `alpha ${'a'.repeat(54)}`); // 60 bytes
    writeFileSync(join(dir, 'b.txt'), `bravo ${'b'.repeat(54)}`); // 60 bytes
    writeFileSync(join(dir, 'big.txt'), 'x'.repeat(500));
    writeFileSync(join(dir, 'c.txt'), `charlie ${'c'.repeat(52)}`); // 60 bytes: past the job cap after a and b
    const source = await openDocumentSource({ kind: 'directory', path: dir }, { allowedRoots: [dir], directory: { maxFileBytes: 100, maxJobBytes: 150 } });
    const entries = await source.list();
    expect(entries.filter((e) => e.refused).map((e) => e.documentId)).toEqual(['big.txt', 'c.txt']);

    const report = await runIngestion(source, { store }, { tenantId: 'acme', collection: 'sized' });
    expect(report.counts).toMatchObject({ seen: 4, added: 2, failed: 2 });
    expect(report.failures.map((f) => [f.documentId, f.error])).toEqual([
      ['big.txt', expect.stringContaining('per-file cap')],
      ['c.txt', expect.stringContaining('per-job cap')],
    ]);
    expect((await store.listDocuments('acme', 'sized')).map((d) => d.documentId).sort()).toEqual(['a.txt', 'b.txt']);
  });
});

// A real S3 server (SeaweedFS) that knows the tenant's key and not the platform's, behind a
// recording proxy: the tests see which key signed and that a refused source sent nothing.
describe('S3 sources', () => {
  let server: SeaweedS3;
  let s3: RecordingS3Proxy;
  const TENANT_KEY_ID = 'AKIATENANTOWNKEY0001';
  const secrets: Record<string, Record<string, string>> = {
    acme: { 'kb-id': TENANT_KEY_ID, 'kb-secret': 'tenant/secret/key/0000000000000000000000' },
  };
  const access = { secret: async (tenantId: string, name: string) => secrets[tenantId]?.[name] };
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    server = await startSeaweedS3({
      buckets: ['kb-docs'],
      identities: [ADMIN_IDENTITY, { name: 'acme', accessKeyId: TENANT_KEY_ID, secretAccessKey: secrets.acme['kb-secret'], actions: ['Read', 'List'] }],
    });
    await server.putObject('kb-docs', 'docs/guide.md', '# Guide\n\nLock the rotor before climbing.', 'text/markdown');
    s3 = await startRecordingS3Proxy(server.endpoint);
    // The platform's own credentials, which a tenant's source must never sign with.
    process.env.AWS_ACCESS_KEY_ID = 'AKIAPLATFORMENVKEY99';
    process.env.AWS_SECRET_ACCESS_KEY = 'platform/secret/key/000000000000000000000';
  }, 120_000);
  afterAll(async () => {
    await s3?.close();
    await server?.close();
    for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const spec = (extra: Partial<Extract<SourceSpec, { kind: 's3' }>> = {}): SourceSpec => ({
    kind: 's3',
    bucket: 'kb-docs',
    prefix: 'docs/',
    endpoint: s3.endpoint,
    accessKeyIdSecret: 'kb-id',
    secretAccessKeySecret: 'kb-secret',
    ...extra,
  });
  const allowLocal = { fetch: { allowCidrs: ['127.0.0.1/32'] } };

  it('refuse an endpoint the address policy refuses, by literal and by name at connect time', async () => {
    const before = s3.requests.length;
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const literal = await refusal(openDocumentSource(spec(), {}, undefined, { ...access, tenantId: 'acme' }));
    expect(literal).toMatchObject({ code: 'source_not_allowed', message: expect.stringContaining('loopback') });
    for (const endpoint of [s3.endpoint.replace('127.0.0.1', '[::ffff:127.0.0.1]'), 'http://169.254.169.254/']) {
      expect(await refusal(openDocumentSource(spec({ endpoint }), {}, undefined, { ...access, tenantId: 'acme' })), endpoint).toBeInstanceOf(SourceAccessError);
    }
    const byName = await openDocumentSource(spec({ endpoint: s3.endpoint.replace('127.0.0.1', 'localhost') }), {}, undefined, { ...access, tenantId: 'acme' });
    expect(await refusal(byName.list())).toMatchObject({ message: expect.stringMatching(/localhost resolves to .* \(loopback\)/) });
    expect(s3.requests.length).toBe(before);

    const intake = ingestIntake({ jobs: fakeJobs, access });
    await expect(intake.startJob('acme', { collection: 'kb', source: spec() })).rejects.toMatchObject({ kind: 'invalid', code: 'source_not_allowed' });
  });

  it("sign with the tenant's own access key, never the platform's credential chain", async () => {
    const before = s3.requests.length;
    const source = await openDocumentSource(spec(), allowLocal, undefined, { ...access, tenantId: 'acme' });
    expect((await source.list()).map((e) => e.documentId)).toEqual(['docs/guide.md']);
    const sent = s3.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((r) => r.accessKeyId))).toEqual(new Set([TENANT_KEY_ID]));
  });

  it('refuse a source without tenant credentials, or whose secrets the tenant does not have, with a clear 400', async () => {
    const before = s3.requests.length;
    const bare = await refusal(openDocumentSource({ kind: 's3', bucket: 'kb', endpoint: s3.endpoint }, allowLocal, undefined, { ...access, tenantId: 'acme' }));
    expect(bare).toMatchObject({ kind: 'invalid', code: 'source_not_allowed', message: expect.stringContaining('accessKeyIdSecret and secretAccessKeySecret') });
    // Another tenant naming acme's secrets gets nothing.
    const other = await refusal(openDocumentSource(spec(), allowLocal, undefined, { ...access, tenantId: 'globex' }));
    expect(other).toMatchObject({ code: 'source_not_allowed', message: 'secret "kb-id" is not set (keel secrets set kb-id)' });
    expect(s3.requests.length).toBe(before);

    const intake = ingestIntake({ jobs: fakeJobs, config: allowLocal, access });
    await expect(intake.startJob('acme', { collection: 'kb', source: { kind: 's3', bucket: 'kb', endpoint: s3.endpoint } })).rejects.toMatchObject({ kind: 'invalid', code: 'source_not_allowed' });
    await expect(intake.startJob('globex', { collection: 'kb', source: spec() })).rejects.toMatchObject({ message: expect.stringContaining('secret "kb-id" is not set') });
    await expect(intake.startJob('acme', { collection: 'kb', source: spec() })).resolves.toMatchObject({ jobId: 'started' });
  });
});

