// Blob writes that run in the background: references are known at once and equal what the store
// answers; settled() waits for every write and reports a failure or a store that disagrees.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobWrites, LocalBlobStore, getJson, type BlobStore } from '../../services/blobs';

describe('BlobWrites', () => {
  it('hands out the references the store answers, and the bytes are there once settled', async () => {
    const blobs = new LocalBlobStore(mkdtempSync(join(tmpdir(), 'keel-writes-')));
    const writes = new BlobWrites(blobs);
    const text = writes.put('hello');
    const json = writes.putJson({ a: [1, 2] });
    await writes.settled();
    expect(text).toBe(await blobs.put('hello'));
    expect((await blobs.get(text)).toString()).toBe('hello');
    expect(await getJson(blobs, json)).toEqual({ a: [1, 2] });
  });

  it('waits for every write and rejects with the first failure', async () => {
    let finished = 0;
    const failing: BlobStore = {
      put: async (content) => {
        await new Promise((r) => setTimeout(r, 5));
        finished++;
        if (String(content) === 'bad') throw new Error('disk full');
        return new LocalBlobStore(tmpdir()).put(content);
      },
      get: async () => Buffer.alloc(0),
    };
    const writes = new BlobWrites(failing);
    writes.put('bad');
    writes.put('good');
    await expect(writes.settled()).rejects.toThrow('disk full');
    expect(finished).toBe(2);
  });

  it('refuses a store whose reference is not the content hash', async () => {
    const writes = new BlobWrites({ put: async () => 'blob:sha256:' + '0'.repeat(64), get: async () => Buffer.alloc(0) });
    writes.put('x');
    await expect(writes.settled()).rejects.toThrow(/reference is blob:sha256:/);
  });
});
