import { describe, expect, it } from 'vitest';
import { chunkBlocks, cl100kTokens, documentPoints, type Block } from '../../services/ingest';
import { estimateTokens } from '../../services/router';

const sentence = (i: number) => `Sentence number ${i} talks about turbine maintenance schedules.`;

describe('structure-aware chunking', () => {
  it('packs blocks of one section together and never crosses a heading or a page', () => {
    const blocks: Block[] = [
      { text: 'Alpha one.', headingPath: ['A'], kind: 'paragraph' },
      { text: 'Alpha two.', headingPath: ['A'], kind: 'paragraph' },
      { text: 'Beta one.', headingPath: ['A', 'B'], kind: 'paragraph' },
      { text: 'Page two text.', headingPath: ['A', 'B'], page: 2, kind: 'paragraph' },
    ];
    const chunks = chunkBlocks(blocks, { maxTokens: 100, overlapTokens: 10 });
    expect(chunks.map((c) => [c.text, c.headingPath, c.page])).toEqual([
      ['Alpha one.\n\nAlpha two.', ['A'], undefined],
      ['Beta one.', ['A', 'B'], undefined],
      ['Page two text.', ['A', 'B'], 2],
    ]);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
  });

  it('splits a long block at sentences within the token bound, with overlap', () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkBlocks([{ text, headingPath: ['Long'], kind: 'paragraph' }], { maxTokens: 60, overlapTokens: 15 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(60);
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = chunks[i - 1].text.split(/(?<=\.)\s+/).at(-1)!;
      expect(chunks[i].text.startsWith(previousLast)).toBe(true);
    }
    const covered = new Set(chunks.flatMap((c) => c.text.match(/Sentence number \d+/g) ?? []));
    expect(covered.size).toBe(40);
  });

  it('cuts a sentence with no punctuation by words', () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkBlocks([{ text: words, headingPath: [], kind: 'paragraph' }], { maxTokens: 50, overlapTokens: 0 });
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(50);
    expect(chunks.map((c) => c.text).join(' ')).toBe(words);
  });

  it('bounds chunks by exact cl100k tokens when configured', () => {
    const text = Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkBlocks([{ text, headingPath: [], kind: 'paragraph' }], { maxTokens: 40, overlapTokens: 0, tokenCounter: 'cl100k' });
    for (const chunk of chunks) expect(cl100kTokens(chunk.text)).toBeLessThanOrEqual(40);
    expect(chunks.length).toBeGreaterThan(3);
  });

  it('turns a parsed document into points with metadata', () => {
    const points = documentPoints('doc-1', {
      uri: 'file:///a.md', mediaType: 'text/markdown', title: 'A', contentHash: 'h', modifiedAt: '2026-01-01T00:00:00Z',
      blocks: [{ text: 'Body text.', headingPath: ['H'], page: 3, kind: 'paragraph' }],
    });
    expect(points).toEqual([
      {
        documentId: 'doc-1', chunkIndex: 0, contentHash: 'h', text: 'Body text.', sourceUri: 'file:///a.md', title: 'A', headingPath: ['H'],
        page: 3, modifiedAt: '2026-01-01T00:00:00Z', metadata: { mediaType: 'text/markdown', tokens: estimateTokens('Body text.') },
      },
    ]);
  });
});
