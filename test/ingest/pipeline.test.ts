import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectorySource, SourceAccessError, openDocumentSource, runIngestion, sourceKeyOf, type DocumentSource } from '../../services/ingest';
import { EmbeddedVectorStore } from '../../services/vector';
import { makePdf } from '../fixtures/ingest/make-pdf';

const FIXTURES = join(__dirname, '..', 'fixtures', 'ingest');

describe('ingestion pipeline over a local directory', () => {
  let root: string;
  let docs: string;
  let store: EmbeddedVectorStore;
  const target = { tenantId: 'acme', collection: 'handbook' };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'keel-ingest-'));
    docs = join(root, 'docs');
    mkdirSync(join(docs, 'sub'), { recursive: true });
    cpSync(join(FIXTURES, 'guide.md'), join(docs, 'guide.md'));
    cpSync(join(FIXTURES, 'notes.txt'), join(docs, 'sub', 'notes.txt'));
    cpSync(join(FIXTURES, 'article.html'), join(docs, 'article.html'));
    writeFileSync(join(docs, 'pitch.pdf'), makePdf([[['Pitch bearings need grease every quarter.']]]));
    writeFileSync(join(docs, 'ignored.bin'), Buffer.from([0, 1, 2]));
    store = new EmbeddedVectorStore(join(root, 'vector'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  const open = () => openDocumentSource({ kind: 'directory', path: docs }, { allowedRoots: [root] });

  it('ingests every matching file, then re-ingests incrementally (unchanged, changed, deleted, added)', async () => {
    const first = await runIngestion(await open(), { store }, target, { batchSize: 2 });
    expect(first.counts).toMatchObject({ seen: 4, added: 4, skipped: 0, updated: 0, deleted: 0, failed: 0 });
    expect(first.batches).toBe(2);
    expect((await store.listDocuments('acme', 'handbook')).map((d) => d.documentId)).toEqual(['article.html', 'guide.md', 'pitch.pdf', 'sub/notes.txt']);
    const pdfHit = await store.search('acme', 'handbook', { text: 'pitch bearings grease', limit: 1 });
    expect(pdfHit[0].payload).toMatchObject({ documentId: 'pitch.pdf', page: 1, sourceUri: `file://${join(docs, 'pitch.pdf')}` });

    const second = await runIngestion(await open(), { store }, target);
    expect(second.counts).toMatchObject({ seen: 4, skipped: 4, added: 0, updated: 0, deleted: 0, chunks: 0 });

    writeFileSync(join(docs, 'sub', 'notes.txt'), 'Field notes\n\nThe yaw motor on unit 9 overheated.');
    rmSync(join(docs, 'article.html'));
    writeFileSync(join(docs, 'new.md'), '# New\n\nA brand new page about anemometers.');
    const third = await runIngestion(await open(), { store }, target);
    expect(third.counts).toMatchObject({ seen: 4, skipped: 2, added: 1, updated: 1, deleted: 1, failed: 0 });
    expect(await store.search('acme', 'handbook', { text: 'gearbox grinding noise', limit: 5 })).toEqual([]);
    expect((await store.search('acme', 'handbook', { text: 'yaw motor overheated', limit: 1 }))[0].payload.documentId).toBe('sub/notes.txt');
    expect(await store.search('acme', 'handbook', { text: 'drone blade erosion', limit: 5 })).toEqual([]);
  });

  it('deletes only documents of the same source when two sources feed one collection', async () => {
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'turbines.md'), '# Turbines\n\nNacelle covers are fibreglass.');
    writeFileSync(join(other, 'towers.md'), '# Towers\n\nTower flanges are bolted.');
    const openOther = () => openDocumentSource({ kind: 'directory', path: other }, { allowedRoots: [root] });
    const first = { ...target, sourceKey: sourceKeyOf({ kind: 'directory', path: docs }, []) };
    const second = { ...target, sourceKey: sourceKeyOf({ kind: 'directory', path: other }, []) };
    expect(first.sourceKey).not.toBe(second.sourceKey);

    expect((await runIngestion(await open(), { store }, first)).counts).toMatchObject({ added: 4, deleted: 0 });
    expect((await runIngestion(await openOther(), { store }, second)).counts).toMatchObject({ seen: 2, added: 2, deleted: 0 });
    const all = ['article.html', 'guide.md', 'pitch.pdf', 'sub/notes.txt', 'towers.md', 'turbines.md'];
    expect((await store.listDocuments('acme', 'handbook')).map((d) => d.documentId)).toEqual(all);
    expect((await store.listDocuments('acme', 'handbook', ['towers.md']))[0].sourceKey).toBe(second.sourceKey);

    // Each source re-runs incrementally and sees only its own documents as candidates for deletion.
    expect((await runIngestion(await open(), { store }, first)).counts).toMatchObject({ seen: 4, skipped: 4, deleted: 0 });
    rmSync(join(other, 'towers.md'));
    expect((await runIngestion(await openOther(), { store }, second)).counts).toMatchObject({ seen: 1, skipped: 1, deleted: 1 });
    rmSync(join(docs, 'guide.md'));
    expect((await runIngestion(await open(), { store }, first)).counts).toMatchObject({ seen: 3, skipped: 3, deleted: 1 });
    expect((await store.listDocuments('acme', 'handbook')).map((d) => d.documentId)).toEqual(['article.html', 'pitch.pdf', 'sub/notes.txt', 'turbines.md']);

    // A document another source lists now changes owner (counted as skipped: same content) and
    // from then on is deleted only when its new source drops it.
    cpSync(join(docs, 'pitch.pdf'), join(other, 'pitch.pdf'));
    expect((await runIngestion(await openOther(), { store }, second)).counts).toMatchObject({ seen: 2, skipped: 2, added: 0, updated: 0, deleted: 0 });
    expect((await store.listDocuments('acme', 'handbook', ['pitch.pdf']))[0].sourceKey).toBe(second.sourceKey);
    rmSync(join(docs, 'pitch.pdf'));
    expect((await runIngestion(await open(), { store }, first)).counts).toMatchObject({ seen: 2, deleted: 0 });
    expect((await store.listDocuments('acme', 'handbook')).map((d) => d.documentId)).toContain('pitch.pdf');
  });

  it('keeps the chunking a collection was created with for later jobs', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `Sentence ${i} about blade bearings.`).join(' ');
    writeFileSync(join(docs, 'long.md'), `# Long\n\n${long}`);
    await runIngestion(await open(), { store }, { ...target, chunking: { maxTokens: 40, overlapTokens: 0 } });
    expect((await store.getCollection('handbook'))?.metadata).toMatchObject({ chunking: { maxTokens: 40, overlapTokens: 0 } });
    const before = (await store.listDocuments('acme', 'handbook', ['long.md']))[0].chunks;
    expect(before).toBeGreaterThan(5);
    writeFileSync(join(docs, 'long.md'), `# Long\n\n${long} One more sentence.`);
    const again = await runIngestion(await open(), { store }, target);
    expect(again.counts.updated).toBe(1);
    // Still ~40-token chunks: the default 512 would fit the whole document in one or two.
    expect((await store.listDocuments('acme', 'handbook', ['long.md']))[0].chunks).toBeGreaterThanOrEqual(before);
  });

  it('records a corrupt document as a failure without failing the job', async () => {
    writeFileSync(join(docs, 'broken.pdf'), '%PDF-1.7\nthis is not a real pdf');
    const report = await runIngestion(await open(), { store }, target);
    expect(report.counts).toMatchObject({ seen: 5, added: 4, failed: 1 });
    expect(report.failures).toEqual([{ documentId: 'broken.pdf', uri: expect.stringMatching(/broken\.pdf$/), error: expect.any(String) }]);
  });

  it('resumes from a batch without redoing the batches before it', async () => {
    const source = await open();
    const reads: string[] = [];
    const counting: DocumentSource = {
      kind: source.kind,
      list: (s) => source.list(s),
      read: (entry, s) => {
        reads.push(entry.documentId);
        return source.read(entry, s);
      },
    };
    // A first run "crashes" after batch 0.
    await expect(
      runIngestion(counting, { store }, target, {
        batchSize: 2,
        onBatch: (index) => {
          if (index === 0) throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    expect(reads).toEqual(['article.html', 'guide.md']);
    reads.length = 0;
    const resumed = await runIngestion(counting, { store }, target, { batchSize: 2, fromBatch: 1 });
    expect(reads).toEqual(['pitch.pdf', 'sub/notes.txt']);
    expect(resumed.counts).toMatchObject({ seen: 2, added: 2 });
    expect(await store.countPoints('acme', 'handbook')).toBeGreaterThanOrEqual(4);
    expect((await store.listDocuments('acme', 'handbook')).length).toBe(4);
  });

  it('refuses directories outside the allowed roots and keeps documents per tenant', async () => {
    await expect(openDocumentSource({ kind: 'directory', path: docs }, { allowedRoots: [join(root, 'elsewhere')] })).rejects.toBeInstanceOf(SourceAccessError);
    await expect(DirectorySource.open({ path: join(docs, '..', '..'), include: ['**'], exclude: [] }, { allowedRoots: [root], maxFileBytes: 1e6, maxJobBytes: 1e7 })).rejects.toThrow(/outside/);
    await runIngestion(await open(), { store }, target);
    await runIngestion(await open(), { store }, { tenantId: 'globex', collection: 'handbook' });
    expect((await store.listDocuments('globex', 'handbook')).length).toBe(4);
    const rerun = await runIngestion(await open(), { store }, target);
    expect(rerun.counts.skipped).toBe(4);
  });
});
