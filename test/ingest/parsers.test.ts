import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash, detectMediaType, parseDocument } from '../../services/ingest';
import { makeDocx } from '../fixtures/ingest/make-docx';
import { makePdf } from '../fixtures/ingest/make-pdf';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'ingest', name));

describe('document parsers', () => {
  it('parses Markdown into blocks under their heading path', async () => {
    const content = fixture('guide.md');
    const doc = await parseDocument({ uri: 'file:///kb/guide.md', content, modifiedAt: '2026-01-02T03:04:05Z' });
    expect(doc).toMatchObject({ mediaType: 'text/markdown', title: 'Turbine Operations Guide', contentHash: contentHash(content), modifiedAt: '2026-01-02T03:04:05Z' });
    const byText = (needle: string) => doc.blocks.find((b) => b.text.includes(needle));
    expect(byText('Intro paragraph')).toMatchObject({ headingPath: ['Turbine Operations'], text: 'Intro paragraph about wind turbines and their care.' });
    expect(byText('lock the rotor')).toMatchObject({ headingPath: ['Turbine Operations', 'Safety'], kind: 'paragraph' });
    expect(byText('Check the harness')).toMatchObject({ kind: 'list', text: '- Check the harness\n- Check the helmet' });
    expect(byText('Grease the main bearing')?.headingPath).toEqual(['Turbine Operations', 'Setext Section']);
    expect(byText('turbinectl')).toMatchObject({ kind: 'code', text: 'turbinectl grease --bearing main' });
    expect(byText('bearing | 6 months')?.kind).toBe('table');
    expect(doc.blocks.some((b) => b.text.includes('title:'))).toBe(false);
  });

  it('parses plain text into paragraphs', async () => {
    const doc = await parseDocument({ uri: 'file:///kb/notes.txt', content: fixture('notes.txt') });
    expect(doc.mediaType).toBe('text/plain');
    expect(doc.title).toBe('Field notes');
    expect(doc.blocks.map((b) => b.text)).toEqual([
      'Field notes',
      'The gearbox on unit 7 made a grinding noise during the night shift.',
      'Replaced the oil filter; the noise stopped after a restart.',
    ]);
  });

  it('keeps the main content of an HTML page and drops navigation, sidebars and footers', async () => {
    const doc = await parseDocument({ uri: 'https://kb.example.com/blades', content: fixture('article.html'), mediaType: 'text/html; charset=utf-8' });
    expect(doc.mediaType).toBe('text/html');
    expect(doc.title).toContain('Blade Inspection');
    const all = doc.blocks.map((b) => b.text).join('\n');
    expect(all).toContain('leading-edge erosion');
    expect(all).toContain('technicians on ropes');
    for (const boilerplate of ['Login to your account', 'cookie policy', 'newsletter', 'All rights reserved']) expect(all).not.toContain(boilerplate);
    expect(doc.blocks.find((b) => b.text.includes('high-resolution camera'))?.headingPath.at(-1)).toBe('Drone inspection');
    expect(doc.blocks.find((b) => b.text.includes('laminate'))?.headingPath.at(-1)).toBe('Rope access');
  });

  it('parses a PDF with page numbers and paragraphs', async () => {
    const pdf = makePdf(
      [
        [['Pitch system overview.', 'The pitch motors turn each blade.'], ['Hydraulic pitch needs yearly oil checks.']],
        [['Page two covers the yaw drive and its brakes.']],
      ],
      'Pitch and Yaw',
    );
    const doc = await parseDocument({ uri: 'file:///kb/pitch.pdf', content: pdf });
    expect(doc.mediaType).toBe('application/pdf');
    expect(doc.title).toBe('Pitch and Yaw');
    expect(doc.blocks).toEqual([
      { text: 'Pitch system overview. The pitch motors turn each blade.', headingPath: [], page: 1, kind: 'paragraph' },
      { text: 'Hydraulic pitch needs yearly oil checks.', headingPath: [], page: 1, kind: 'paragraph' },
      { text: 'Page two covers the yaw drive and its brakes.', headingPath: [], page: 2, kind: 'paragraph' },
    ]);
  });

  it('parses DOCX headings and paragraphs', async () => {
    const docx = makeDocx([
      ['h1', 'Commissioning'],
      ['p', 'Verify the grid connection before first start.'],
      ['h2', 'Torque checks'],
      ['p', 'Torque every tower bolt to the specified value.'],
    ]);
    const doc = await parseDocument({ uri: 'file:///kb/commissioning.docx', content: docx });
    expect(doc.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(doc.title).toBe('Commissioning');
    expect(doc.blocks).toEqual([
      { text: 'Verify the grid connection before first start.', headingPath: ['Commissioning'], kind: 'paragraph' },
      { text: 'Torque every tower bolt to the specified value.', headingPath: ['Commissioning', 'Torque checks'], kind: 'paragraph' },
    ]);
  });

  it('rejects a corrupt PDF and unknown binary content', async () => {
    await expect(parseDocument({ uri: 'file:///kb/broken.pdf', content: Buffer.from('%PDF-1.4\nnot really a pdf') })).rejects.toThrow();
    await expect(parseDocument({ uri: 'file:///kb/blob.bin', content: Buffer.from([0, 1, 2, 3, 255, 0]) })).rejects.toThrow(/unknown or binary/);
  });

  it('detects media types from declared type, extension and bytes', () => {
    expect(detectMediaType('https://x/y', '<!DOCTYPE html><html></html>')).toBe('text/html');
    expect(detectMediaType('https://x/readme', '# Title\n\ntext')).toBe('text/markdown');
    expect(detectMediaType('s3://b/k.MD', 'x')).toBe('text/markdown');
    expect(detectMediaType('https://x/doc', Buffer.from('%PDF-1.7 ...'))).toBe('application/pdf');
    expect(detectMediaType('https://x/doc', 'hello', 'text/csv')).toBe('text/plain');
  });
});
