// Markdown to blocks: ATX and setext headings drive the heading path; fenced code, lists, tables
// and quotes stay whole blocks; inline link/image syntax is reduced to its text.
import type { Block } from '../types';

export interface BlockParse {
  title?: string;
  blocks: Block[];
}

// Every pattern here is linear on hostile input: character classes exclude the delimiters that
// start the next attempt, and nothing lazy is followed by an optional run (see atxHeading).
const ATX_OPEN = /^ {0,3}(#{1,6})\s/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

export function cleanInline(text: string): string {
  return text
    .replace(/!\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/\[([^[\]]+)\]\([^()]*\)/g, '$1')
    .replace(/<[^<>\n]+>/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** `## Title ##` → level 2, `Title`: the optional closing run of #s goes when a space precedes it. */
function atxHeading(line: string): { level: number; text: string } | undefined {
  const open = ATX_OPEN.exec(line);
  if (!open) return undefined;
  let text = line.slice(open[0].length).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0) text = '';
  else if (end < text.length && (text[end - 1] === ' ' || text[end - 1] === '\t')) text = text.slice(0, end).trimEnd();
  return { level: open[1].length, text };
}

function frontMatter(lines: string[]): { title?: string; bodyStart: number } {
  if (lines[0]?.trim() !== '---') return { bodyStart: 0 };
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) return { bodyStart: 0 };
  const titleLine = lines.slice(1, end).find((line) => /^title\s*:/.test(line));
  const title = titleLine?.replace(/^title\s*:\s*/, '').replace(/^["']|["']$/g, '').trim();
  return { title: title || undefined, bodyStart: end + 1 };
}

export function parseMarkdown(source: string): BlockParse {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const { title: metaTitle, bodyStart } = frontMatter(lines);
  const headings: Array<string | undefined> = [];
  const blocks: Block[] = [];
  let firstH1: string | undefined;
  let buffer: string[] = [];
  let bufferKind: Block['kind'] = 'paragraph';

  const headingPath = () => headings.filter((h): h is string => !!h);
  const flush = () => {
    const text = bufferKind === 'code' ? buffer.join('\n') : cleanInline(buffer.filter((l) => l !== '').join(bufferKind === 'paragraph' ? ' ' : '\n'));
    if (text.trim()) blocks.push({ text, headingPath: headingPath(), kind: bufferKind });
    buffer = [];
    bufferKind = 'paragraph';
  };
  const setHeading = (level: number, text: string) => {
    const clean = cleanInline(text);
    headings.length = level - 1;
    headings[level - 1] = clean;
    if (level === 1 && firstH1 === undefined) firstH1 = clean;
  };

  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1];
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(marker); i++) code.push(lines[i]);
      buffer = code;
      bufferKind = 'code';
      flush();
      continue;
    }
    const atx = atxHeading(line);
    if (atx) {
      flush();
      setHeading(atx.level, atx.text);
      continue;
    }
    if (buffer.length === 1 && bufferKind === 'paragraph' && /^ {0,3}(=+|-+)\s*$/.test(line)) {
      const text = buffer[0];
      buffer = [];
      setHeading(line.trim().startsWith('=') ? 1 : 2, text);
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const kind: Block['kind'] = LIST_ITEM.test(line)
      ? 'list'
      : /^\s*\|/.test(line)
        ? 'table'
        : /^\s*>/.test(line)
          ? 'quote'
          : bufferKind === 'list' && /^\s+\S/.test(line)
            ? 'list'
            : 'paragraph';
    if (buffer.length > 0 && kind !== bufferKind) flush();
    bufferKind = kind;
    buffer.push(kind === 'quote' ? line.replace(/^\s*>\s?/, '') : kind === 'table' && /^\s*\|[\s:|-]+\|\s*$/.test(line) ? '' : line);
  }
  flush();
  return { title: metaTitle ?? firstH1, blocks };
}

/** Plain text: paragraphs separated by blank lines; the first short line may serve as title. */
export function parsePlainText(source: string): BlockParse {
  const paragraphs = source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
  const firstLine = source.trimStart().split('\n', 1)[0]?.trim() ?? '';
  return {
    title: firstLine.length > 0 && firstLine.length <= 120 ? firstLine : undefined,
    blocks: paragraphs.map((text) => ({ text, headingPath: [], kind: 'paragraph' as const })),
  };
}
