// Worker-thread entry: parses one document per message for parser-pool.ts.
import { parentPort } from 'node:worker_threads';
import { parseDocument, type SourceDocument } from './parse';

export interface ParseRequest {
  id: number;
  source: SourceDocument;
  maxTextChars: number;
}

export type ParseReply = { id: number; document: Awaited<ReturnType<typeof parseDocument>> } | { id: number; error: string };

parentPort!.on('message', async ({ id, source, maxTextChars }: ParseRequest) => {
  let reply: ParseReply;
  try {
    const document = await parseDocument(source);
    const chars = document.blocks.reduce((n, b) => n + b.text.length, 0);
    reply = chars > maxTextChars ? { id, error: `extracted text is ${chars} characters (limit ${maxTextChars})` } : { id, document };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
