// OpenAI content parts -> Converse content blocks: images given as `data:` URLs become image
// blocks (bytes + format), `file` parts document blocks. Converse cannot fetch URLs; the router
// refuses http(s) image URLs for Bedrock before a call is made (capabilities.ts).
import type { ContentBlock, DocumentFormat, ImageFormat } from '@aws-sdk/client-bedrock-runtime';
import { RouterError } from '../../errors';
import type { ContentPart } from '../../types';

const IMAGE_FORMATS: Record<string, ImageFormat> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };
const DOCUMENT_FORMATS: Record<string, DocumentFormat> = {
  'application/pdf': 'pdf', 'text/csv': 'csv', 'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx', 'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx', 'text/html': 'html', 'text/plain': 'txt', 'text/markdown': 'md',
};

function decodeDataUrl(url: string, what: string): { mediaType: string; bytes: Uint8Array } {
  const m = /^data:([^;,]+)(?:;[^,]*)?;base64,/i.exec(url);
  if (!m) throw new RouterError('validation', `${what}: Bedrock needs a base64 data: URL (it cannot fetch URLs)`);
  return { mediaType: m[1].toLowerCase(), bytes: Buffer.from(url.slice(m[0].length), 'base64') };
}

/** A document name as Converse accepts it: letters, digits, single spaces, hyphens, parentheses, brackets. */
export function documentName(filename: string | undefined, n: number): string {
  const base = (filename ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^A-Za-z0-9\s\-()[\]]/g, '-').replace(/\s+/g, ' ').trim().slice(0, 200);
  return base || `document-${n}`;
}

export function toConverseBlock(p: ContentPart, n: number): ContentBlock | undefined {
  switch (p.type) {
    case 'text':
      return p.text.trim() ? { text: p.text } : undefined;
    case 'image': {
      const { mediaType, bytes } = decodeDataUrl(p.url, 'image_url');
      const format = IMAGE_FORMATS[mediaType];
      if (!format) throw new RouterError('validation', `image_url: ${mediaType} is not an image format Bedrock takes (png, jpeg, gif, webp)`);
      return { image: { format, source: { bytes } } };
    }
    case 'document': {
      const { mediaType, bytes } = decodeDataUrl(p.data, 'file');
      const format = DOCUMENT_FORMATS[mediaType];
      if (!format) throw new RouterError('validation', `file: ${mediaType} is not a document format Bedrock takes (pdf, csv, doc, docx, xls, xlsx, html, txt, md)`);
      return { document: { format, name: documentName(p.filename, n), source: { bytes } } };
    }
  }
}
