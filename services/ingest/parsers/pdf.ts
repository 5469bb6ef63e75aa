// PDF to blocks with pdfjs-dist's legacy (Node) build: text items become lines by their baseline,
// lines become paragraphs at vertical gaps, every block keeps its page number.
import type { Block } from '../types';
import type { BlockParse } from './markdown';

interface TextItem {
  str: string;
  transform: number[];
  height: number;
  hasEOL?: boolean;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

function pageParagraphs(items: TextItem[]): string[] {
  const lines: Array<{ y: number; height: number; text: string }> = [];
  for (const item of items) {
    if (!('str' in item)) continue;
    const y = item.transform[5];
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - y) < Math.max(2, item.height * 0.5)) {
      last.text += item.str;
      if (item.hasEOL) last.text += ' ';
    } else {
      lines.push({ y, height: item.height || 10, text: item.str + (item.hasEOL ? ' ' : '') });
    }
  }
  const paragraphs: string[] = [];
  let current: string[] = [];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (previous && previous.y - line.y > Math.max(previous.height, line.height) * 1.6) {
      paragraphs.push(current.join(' '));
      current = [];
    }
    current.push(line.text.trim());
  });
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs.map((p) => p.replace(/(\w)- (\w)/g, '$1$2').replace(/\s+/g, ' ').trim()).filter((p) => p.length > 0);
}

export async function parsePdf(data: Uint8Array): Promise<BlockParse> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({ data: new Uint8Array(data), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const pdf = await task.promise;
  try {
    const blocks: Block[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      for (const text of pageParagraphs(content.items as TextItem[])) {
        blocks.push({ text, headingPath: [], page: pageNumber, kind: 'paragraph' });
      }
      page.cleanup();
    }
    const metadata = await pdf.getMetadata().catch(() => null);
    const info = metadata?.info as { Title?: string } | undefined;
    return { title: info?.Title?.trim() || blocks[0]?.text.slice(0, 120), blocks };
  } finally {
    await task.destroy();
  }
}
