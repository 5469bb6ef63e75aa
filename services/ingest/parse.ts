// One entry point from raw bytes to a parsed document, whatever the format.
import { createHash } from 'node:crypto';
import { parseDocx } from './parsers/docx';
import { parseHtml } from './parsers/html';
import { parseMarkdown, parsePlainText, type BlockParse } from './parsers/markdown';
import { parsePdf } from './parsers/pdf';
import type { MediaType, ParsedDocument } from './types';

export interface SourceDocument {
  uri: string;
  content: Uint8Array | string;
  /** Declared type (e.g. an HTTP Content-Type); otherwise detected from the name and bytes. */
  mediaType?: string;
  modifiedAt?: string;
  /** A title known from the source (e.g. a BEIR corpus entry); wins over what the parser finds. */
  title?: string;
}

const DOCX: MediaType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const BY_EXTENSION: Record<string, MediaType> = {
  md: 'text/markdown', markdown: 'text/markdown', mdx: 'text/markdown',
  txt: 'text/plain', text: 'text/plain', rst: 'text/plain', csv: 'text/plain', log: 'text/plain',
  html: 'text/html', htm: 'text/html', xhtml: 'text/html',
  pdf: 'application/pdf',
  docx: DOCX,
};

export class UnsupportedDocumentError extends Error {
  constructor(uri: string, detail: string) {
    super(`cannot parse ${uri}: ${detail}`);
    this.name = 'UnsupportedDocumentError';
  }
}

export function contentHash(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function detectMediaType(uri: string, content: Uint8Array | string, declared?: string): MediaType | undefined {
  const base = declared?.split(';')[0].trim().toLowerCase();
  if (base && base !== 'application/octet-stream') {
    if (base === 'text/markdown' || base === 'text/x-markdown') return 'text/markdown';
    if (base === 'text/html' || base === 'application/xhtml+xml') return 'text/html';
    if (base === 'application/pdf' || base === DOCX) return base as MediaType;
    if (base.startsWith('text/')) return 'text/plain';
  }
  const path = uri.split(/[?#]/)[0];
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (extension && BY_EXTENSION[extension]) return BY_EXTENSION[extension];
  const head = typeof content === 'string' ? content.slice(0, 512) : Buffer.from(content.subarray(0, 512)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'application/pdf';
  if (/^\s*(<!doctype html|<html)/i.test(head)) return 'text/html';
  if (head.startsWith('PK\u0003\u0004') && head.includes('word/')) return DOCX;
  if (!/[\u0000-\u0008\u000e-\u001f]/.test(head)) return /^\s*#{1,6}\s/m.test(head) ? 'text/markdown' : 'text/plain';
  return undefined;
}

function asText(content: Uint8Array | string): string {
  return typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
}

function asBytes(content: Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

function fallbackTitle(uri: string): string {
  const name = decodeURIComponent(uri.split(/[?#]/)[0].replace(/\/+$/, '').split('/').pop() ?? uri);
  return name.replace(/\.[a-z0-9]+$/i, '') || uri;
}

export async function parseDocument(source: SourceDocument): Promise<ParsedDocument> {
  const mediaType = detectMediaType(source.uri, source.content, source.mediaType);
  if (!mediaType) throw new UnsupportedDocumentError(source.uri, 'unknown or binary format');
  let parsed: BlockParse;
  switch (mediaType) {
    case 'text/markdown': parsed = parseMarkdown(asText(source.content)); break;
    case 'text/plain': parsed = parsePlainText(asText(source.content)); break;
    case 'text/html': parsed = parseHtml(asText(source.content)); break;
    case 'application/pdf': parsed = await parsePdf(asBytes(source.content)); break;
    default: parsed = await parseDocx(asBytes(source.content));
  }
  return {
    uri: source.uri,
    mediaType,
    title: source.title ?? parsed.title ?? fallbackTitle(source.uri),
    contentHash: contentHash(source.content),
    modifiedAt: source.modifiedAt,
    blocks: parsed.blocks,
  };
}
