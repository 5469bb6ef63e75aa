// HTML to blocks. Readability (over linkedom) extracts the main content so navigation, headers,
// footers and sidebars never reach the index; the walker turns its headings into heading paths.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block } from '../types';
import type { BlockParse } from './markdown';

const HEADING = /^H([1-6])$/;
const BOILERPLATE = 'script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, [role="navigation"], [aria-hidden="true"]';
const LEAF_BLOCKS = new Set(['P', 'PRE', 'LI', 'BLOCKQUOTE', 'FIGCAPTION', 'DT', 'DD', 'TABLE', 'CAPTION', 'ADDRESS']);
const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BODY', 'UL', 'OL', 'DL', 'FIGURE', 'DETAILS', 'SUMMARY', 'CENTER', 'SPAN']);

type Element = { tagName: string; children: ArrayLike<Element>; textContent: string | null; childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>; querySelectorAll(s: string): ArrayLike<Element> };

function normalize(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function tableText(table: Element): string {
  const rows = Array.from(table.querySelectorAll('tr'));
  if (rows.length === 0) return normalize(table.textContent);
  return rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => normalize(cell.textContent)).join(' | ')).join('\n');
}

/** Walk an element tree, emitting blocks in document order. */
export function blocksFromElement(root: Element): { blocks: Block[]; firstHeading?: string } {
  const headings: Array<string | undefined> = [];
  const blocks: Block[] = [];
  let firstHeading: string | undefined;
  const path = () => headings.filter((h): h is string => !!h);
  const emit = (text: string, kind: Block['kind']) => {
    if (text) blocks.push({ text, headingPath: path(), kind });
  };

  const visit = (element: Element) => {
    const tag = element.tagName.toUpperCase();
    const heading = HEADING.exec(tag);
    if (heading) {
      const level = Number(heading[1]);
      const text = normalize(element.textContent);
      if (!text) return;
      headings.length = level - 1;
      headings[level - 1] = text;
      firstHeading ??= text;
      return;
    }
    if (LEAF_BLOCKS.has(tag) && !(tag === 'LI' && hasBlockChildren(element))) {
      if (tag === 'TABLE') emit(tableText(element), 'table');
      else if (tag === 'PRE') emit((element.textContent ?? '').trim(), 'code');
      else emit(normalize(element.textContent), tag === 'LI' ? 'list' : tag === 'BLOCKQUOTE' ? 'quote' : 'paragraph');
      return;
    }
    if (CONTAINERS.has(tag) || tag === 'LI') {
      // Text sitting directly in a container (no <p>) is still content.
      const loose = Array.from(element.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent ?? '').join(' ');
      if (normalize(loose)) emit(normalize(loose), 'paragraph');
      for (const child of Array.from(element.children)) visit(child);
      return;
    }
    emit(normalize(element.textContent), 'paragraph');
  };

  visit(root);
  return { blocks, firstHeading };
}

function hasBlockChildren(element: Element): boolean {
  return Array.from(element.children).some((c) => LEAF_BLOCKS.has(c.tagName.toUpperCase()) || CONTAINERS.has(c.tagName.toUpperCase()) && c.tagName.toUpperCase() !== 'SPAN');
}

export function parseHtml(html: string): BlockParse {
  const { document } = parseHTML(html);
  const pageTitle = normalize(document.querySelector('title')?.textContent ?? '') || undefined;
  let article: { title?: string | null; content?: string | null } | null = null;
  try {
    article = new Readability(document.cloneNode(true) as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 100 }).parse();
  } catch {
    article = null;
  }
  let root: Element;
  if (article?.content) {
    root = parseHTML(`<html><body>${article.content}</body></html>`).document.body as unknown as Element;
  } else {
    // Readability found no article: fall back to the body without the usual boilerplate.
    for (const node of Array.from(document.querySelectorAll(BOILERPLATE)) as Array<{ remove(): void }>) node.remove();
    root = document.body as unknown as Element;
  }
  const { blocks, firstHeading } = blocksFromElement(root);
  return { title: normalize(article?.title ?? '') || pageTitle || firstHeading, blocks };
}

/** HTML from a converter we trust (DOCX via mammoth): walk it as is, no main-content extraction. */
export function parseTrustedHtml(html: string): BlockParse {
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  const { blocks, firstHeading } = blocksFromElement(document.body as unknown as Element);
  return { title: firstHeading, blocks };
}
