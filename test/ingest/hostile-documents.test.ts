// Findings 4b and 6: every parser meets a pathological input of its format. Regexes stay linear
// (in this thread, under a tight test timeout); parsers that hang or balloon fail the document in
// their worker thread (time, memory and text limits), never the job or the process.
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveRefusedError, chunkBlocks, DocumentParserPool, parseDocument } from '../../services/ingest';
import { makeDocx, makeZip } from '../fixtures/ingest/make-docx';

const pool = new DocumentParserPool({ workers: 1, timeoutMs: 5_000, maxMemoryMb: 256 });
afterAll(() => pool.close());

/** A one-page PDF whose content stream is deflated: `ops` inflate to a huge text layer. */
function deflatedPdf(ops: Buffer): Buffer {
  const stream = deflateRawSync(ops);
  // zlib framing (pdf FlateDecode): header, raw deflate, adler32 is optional for pdf.js.
  const zlib = Buffer.concat([Buffer.from([0x78, 0x9c]), stream]);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = body
      ? Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`)
      : Buffer.concat([Buffer.from(`${i + 1} 0 obj\n<< /Length ${zlib.length} /Filter /FlateDecode >>\nstream\n`), zlib, Buffer.from('\nendstream\nendobj\n')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const expectLimitFailure = async (promise: Promise<unknown>, reason: RegExp) => {
  await expect(promise).rejects.toMatchObject({ name: 'DocumentParseError', message: expect.stringMatching(reason) });
};

describe('markdown', () => {
  it('parses link, bracket, tag and heading floods in linear time', { timeout: 10_000 }, async () => {
    // Each of these stalled the old regexes for seconds (quadratic: 160 KB ≈ 15 s).
    for (const content of ['[a]('.repeat(40_000), '['.repeat(160_000), '![a]('.repeat(40_000), '<'.repeat(160_000), `# ${' '.repeat(100_000)}x`]) {
      const doc = await parseDocument({ uri: 'flood.md', content });
      expect(doc.mediaType).toBe('text/markdown');
    }
    const doc = await parseDocument({ uri: 'ok.md', content: '## Setup ##\n\nSee [the guide](http://x/y) and ![logo](l.png) <b>now</b>.' });
    expect(doc.blocks).toEqual([{ text: 'See the guide and logo now.', headingPath: ['Setup'], kind: 'paragraph' }]);
  });

  it('parses a flood in a worker too', async () => {
    const doc = await pool.parse({ uri: 'flood.md', content: '[a]('.repeat(40_000) });
    expect(doc.blocks.length).toBeGreaterThan(0);
  });
});

describe('plain text', () => {
  it('bounds the chunks of text without any structure', async () => {
    const doc = await pool.parse({ uri: 'blob.txt', content: 'x'.repeat(2_000_000) });
    const chunks = chunkBlocks(doc.blocks, { maxTokens: 256 });
    expect(chunks.length).toBeGreaterThan(100);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(256);
      expect(chunk.text.length).toBeLessThanOrEqual(256 * 5 + 64);
    }
  });

  it('fails a document whose extracted text is over the cap', async () => {
    const small = new DocumentParserPool({ workers: 1, maxTextChars: 10_000 });
    try {
      await expectLimitFailure(small.parse({ uri: 'big.txt', content: 'word '.repeat(10_000) }), /extracted text is \d+ characters \(limit 10000\)/);
    } finally {
      await small.close();
    }
  });
});

describe('html', () => {
  it('fails a deeply nested page at the time limit and keeps the pool usable', async () => {
    // 20,000 nested <div>s run Readability for ~50 s before overflowing the stack.
    await expectLimitFailure(pool.parse({ uri: 'deep.html', content: `<html><body>${'<div>'.repeat(20_000)}x` }), /longer than 5000 ms/);
    const doc = await pool.parse({ uri: 'ok.html', content: '<html><head><title>Fine</title></head><body><p>Still parsing.</p></body></html>' });
    expect(doc.title).toBe('Fine');
  });
});

describe('pdf', () => {
  it('ends a page whose deflated content stream inflates to millions of text runs within the limits', async () => {
    const ops = Buffer.from(`BT /F1 12 Tf 72 720 Td ${'(a) Tj '.repeat(4_000_000)}ET`);
    const pdf = deflatedPdf(ops);
    expect(pdf.length).toBeLessThan(ops.length / 50);
    // pdf.js lays the runs out on one line and keeps what fits the page (about 80 characters), in
    // about 4 s on an idle machine; on a busy one the time limit ends it. Either way it ends within
    // the pool's limits, its text is bounded, and the pool goes on parsing.
    const outcome = await pool.parse({ uri: 'bomb.pdf', content: pdf }).then(
      (doc) => ({ doc }),
      (error: Error) => ({ error }),
    );
    if ('error' in outcome) {
      expect(outcome.error).toMatchObject({ name: 'DocumentParseError', message: expect.stringMatching(/longer than 5000 ms|memory limit|extracted text/) });
    } else {
      expect(outcome.doc.blocks.reduce((n, b) => n + b.text.length, 0)).toBeLessThan(1_000_000);
    }
    const ok = await pool.parse({ uri: 'ok.md', content: '# Fine\n\nStill parsing.' });
    expect(ok.blocks.map((b) => b.text).join(' ')).toContain('Still parsing.');
  });
});

describe('docx', () => {
  it('refuses an archive that inflates past the size cap before inflating it', async () => {
    const body = Buffer.from('<w:p><w:r><w:t>a</w:t></w:r></w:p>'.repeat(3_000_000)); // ~100 MB
    const bomb = makeZip({ 'word/document.xml': body, '[Content_Types].xml': '<Types/>' }, { deflate: true });
    expect(bomb.length).toBeLessThan(2_000_000);
    await expect(parseDocument({ uri: 'bomb.docx', content: bomb })).rejects.toBeInstanceOf(ArchiveRefusedError);
    await expectLimitFailure(pool.parse({ uri: 'bomb.docx', content: bomb }), /inflates/);
  });

  it('still parses an ordinary document', async () => {
    const doc = await pool.parse({ uri: 'ok.docx', content: makeDocx([['h1', 'Title'], ['p', 'Body text.']]) });
    expect(doc.blocks.map((b) => b.text)).toEqual(['Body text.']);
  });
});
