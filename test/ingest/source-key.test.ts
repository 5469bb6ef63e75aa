import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimCheckSource, openDocumentSource, scheduledSourceKey, sourceKeyOf } from '../../services/ingest';
import { LocalBlobStore } from '../../services/blobs';

const work = mkdtempSync(join(tmpdir(), 'keel-source-key-'));
const blobs = new LocalBlobStore(work);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('source keys and claim-checked listings', () => {
  const entries = (ids: string[]) => ids.map((id) => ({ documentId: id, uri: id }));

  it('derives a stable key from what names the source, never from volatile content', () => {
    expect(sourceKeyOf({ kind: 'directory', path: '/srv/kb' }, [])).toBe('directory:/srv/kb');
    expect(sourceKeyOf({ kind: 'sitemap', url: 'https://a.example/sitemap.xml' }, [])).toBe('sitemap:https://a.example/sitemap.xml');
    expect(sourceKeyOf({ kind: 's3', bucket: 'b', prefix: 'kb/' }, [])).toBe('s3:|b/kb/');
    expect(sourceKeyOf({ kind: 's3', bucket: 'b', prefix: 'other/' }, [])).not.toBe(sourceKeyOf({ kind: 's3', bucket: 'b', prefix: 'kb/' }, []));
    const ref = `blob:sha256:${'a'.repeat(64)}`;
    expect(sourceKeyOf({ kind: 'blobs', listingRef: ref, root: '/home/me/docs' }, entries(['x.md']))).toBe('upload:/home/me/docs');
    // Without a name, the same set of documents (in any order) is the same source; another set is not.
    const unnamed = (ids: string[]) => sourceKeyOf({ kind: 'blobs', listingRef: ref }, entries(ids));
    expect(unnamed(['a.md', 'b.md'])).toBe(unnamed(['b.md', 'a.md']));
    expect(unnamed(['a.md'])).not.toBe(unnamed(['b.md']));
    const urls = ['https://a.example/1', 'https://a.example/2'];
    expect(sourceKeyOf({ kind: 'urls', urls }, entries(urls))).toBe(sourceKeyOf({ kind: 'urls', urls: [...urls].reverse() }, entries([...urls].reverse())));
    expect(scheduledSourceKey('nightly')).toBe('source:nightly');
  });

  it('moves an uploaded document list and a long URL list into blobs, and reads them back', async () => {
    const blobRef = await blobs.put('# One\n\nFirst.');
    const documents = [{ documentId: 'one.md', blobRef, uri: 'file:///kb/one.md' }];
    const checked = await claimCheckSource({ kind: 'blobs', documents, root: '/kb' }, blobs);
    expect(checked).toEqual({ kind: 'blobs', listingRef: expect.stringMatching(/^blob:sha256:/), root: '/kb' });
    const source = await openDocumentSource(checked, {}, blobs);
    const [entry] = await source.list();
    expect(entry).toMatchObject({ documentId: 'one.md', blobRef });
    expect((await source.read(entry)).content.toString()).toContain('First.');

    const short = { kind: 'urls' as const, urls: ['https://a.example/1'] };
    expect(await claimCheckSource(short, blobs)).toEqual(short);
    const many = Array.from({ length: 2000 }, (_, i) => `https://a.example/page/${i}`);
    const long = await claimCheckSource({ kind: 'urls', urls: many }, blobs);
    expect(long).toEqual({ kind: 'urls', listingRef: expect.stringMatching(/^blob:sha256:/) });
    expect((await (await openDocumentSource(long, {}, blobs)).list()).map((e) => e.uri)).toEqual(many);
  });

  it('refuses a blob source with both or neither of documents and listingRef', async () => {
    await expect(openDocumentSource({ kind: 'blobs' }, {}, blobs)).rejects.toThrow(/documents or listingRef/);
    await expect(openDocumentSource({ kind: 'urls', urls: ['https://a.example/'], listingRef: `blob:sha256:${'b'.repeat(64)}` }, {}, blobs)).rejects.toThrow(/urls or listingRef/);
  });
});
