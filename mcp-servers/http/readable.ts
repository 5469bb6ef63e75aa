// Fetched bytes to readable text: the ingestion parsers (Readability for HTML, PDF, DOCX,
// Markdown) turned into Markdown-ish text with headings, so the model reads what a person would.
import { detectMediaType, parseUntrustedDocument } from '../../services/ingest';

export async function readableText(url: string, body: Buffer, contentType: string): Promise<{ title: string; text: string }> {
  const base = contentType.split(';')[0].trim().toLowerCase();
  if (base === 'application/json' || base.endsWith('+json')) {
    return { title: url, text: prettyJson(body.toString('utf8')) };
  }
  if (!detectMediaType(url, body, contentType || undefined)) throw new Error(`cannot read ${contentType || 'this content'} as text`);
  // Pages from the internet are parsed like uploads: in a worker thread with time and memory limits.
  const doc = await parseUntrustedDocument({ uri: url, content: new Uint8Array(body), mediaType: contentType || undefined });
  const lines: string[] = [];
  let lastPath = '';
  for (const block of doc.blocks) {
    const path = block.headingPath.join(' > ');
    if (path && path !== lastPath) {
      lines.push(`${'#'.repeat(Math.min(block.headingPath.length, 6))} ${block.headingPath[block.headingPath.length - 1]}`);
      lastPath = path;
    }
    lines.push(block.kind === 'code' ? `\`\`\`\n${block.text}\n\`\`\`` : block.kind === 'list' ? `- ${block.text}` : block.text);
  }
  return { title: doc.title, text: lines.join('\n\n') };
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
