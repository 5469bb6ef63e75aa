// The S3 blob store against a real S3 server (SeaweedFS, test/support/seaweed.ts): content-addressed
// keys under the prefix, idempotent puts, binary and multi-megabyte content byte for byte, the
// same reference as the local store, a missing blob and a wrong key refused by the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedBlobStore, LocalBlobStore, S3BlobStore } from '../../services/blobs';
import { createS3Client } from '../../services/ingest';
import { startSeaweedS3, type SeaweedS3 } from '../support/seaweed';

describe('S3 blob store (real SeaweedFS)', () => {
  let s3: SeaweedS3;
  let dir: string;
  let store: S3BlobStore;

  beforeAll(async () => {
    s3 = await startSeaweedS3({ buckets: ['blobs'] });
    dir = mkdtempSync(join(tmpdir(), 'keel-s3-blobs-'));
    store = new S3BlobStore(createS3Client({ region: s3.region, endpoint: s3.endpoint, access: s3.access }), 'blobs', 'keel-blobs/');
  }, 120_000);
  afterAll(async () => {
    await s3?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores content under its sha256 in the prefix, once, and reads it back', async () => {
    const ref = await store.put('claim-checked document text');
    const hex = createHash('sha256').update('claim-checked document text').digest('hex');
    expect(ref).toBe(`blob:sha256:${hex}`);
    expect(await store.put(Buffer.from('claim-checked document text'))).toBe(ref);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'blobs', Key: `keel-blobs/${hex}` }));
    expect(head.ContentLength).toBe(Buffer.byteLength('claim-checked document text'));
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'blobs', Prefix: 'keel-blobs/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([`keel-blobs/${hex}`]);
    expect((await store.get(ref)).toString()).toBe('claim-checked document text');
  });

  it('keeps binary and multi-megabyte content byte for byte, with the local store’s references', async () => {
    const local = new LocalBlobStore(join(dir, 'local'));
    const binary = randomBytes(6 * 1024 * 1024 + 17);
    const ref = await store.put(binary);
    expect(ref).toBe(await local.put(binary));
    expect((await store.get(ref)).equals(binary)).toBe(true);
    const cached = new CachedBlobStore(store, 16 * 1024 * 1024);
    expect((await cached.get(ref)).equals(binary)).toBe(true);
  });

  it('refuses a missing blob and a key the server does not know', async () => {
    await expect(store.get(`blob:sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({ name: 'NoSuchKey' });
    const stranger = new S3BlobStore(createS3Client({ region: s3.region, endpoint: s3.endpoint, access: { accessKeyId: 'KEELUNKNOWNKEY000001', secretAccessKey: 'not/the/right/secret' } }), 'blobs');
    await expect(stranger.put('x')).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});
