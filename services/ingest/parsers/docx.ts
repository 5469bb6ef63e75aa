import mammoth from 'mammoth';
import { parseTrustedHtml } from './html';
import type { BlockParse } from './markdown';
import { checkZipLimits } from './zip-limits';

/** DOCX through mammoth's semantic HTML (headings stay headings), then the shared HTML walker. */
export async function parseDocx(data: Uint8Array): Promise<BlockParse> {
  checkZipLimits(data);
  const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(data) });
  return parseTrustedHtml(html);
}
