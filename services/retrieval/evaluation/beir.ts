// Reads a BEIR-layout folder: corpus.jsonl[.gz], queries.jsonl, and qrels (TSV, graded relevance).
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export interface BeirDocument {
  id: string;
  title: string;
  text: string;
}

export interface BeirDataset {
  corpus: BeirDocument[];
  queries: Map<string, string>;
  /** query id -> (document id -> relevance grade); grades <= 0 are non-relevant. */
  qrels: Map<string, Map<string, number>>;
  qrelsPath: string;
}

async function* jsonLines(path: string): AsyncGenerator<Record<string, unknown>> {
  const stream = path.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
  }
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}

export function resolveQrelsPath(dir: string, qrels?: string): string {
  if (qrels) {
    const candidates = isAbsolute(qrels) ? [qrels] : [join(dir, qrels), join(dir, 'qrels', qrels), qrels];
    const found = firstExisting(candidates);
    if (!found) throw new Error(`qrels file ${qrels} not found under ${dir}`);
    return found;
  }
  const found = firstExisting([join(dir, 'qrels', 'test.tsv'), join(dir, 'qrels-test.tsv')]);
  if (found) return found;
  const qrelsDir = join(dir, 'qrels');
  const tsvs = existsSync(qrelsDir) ? readdirSync(qrelsDir).filter((f) => f.endsWith('.tsv')) : [];
  if (tsvs.length === 1) return join(qrelsDir, tsvs[0]);
  throw new Error(`no qrels in ${dir}: pass --qrels FILE (looked for qrels/test.tsv, qrels-test.tsv, a single qrels/*.tsv)`);
}

export async function readQrels(path: string): Promise<Map<string, Map<string, number>>> {
  const qrels = new Map<string, Map<string, number>>();
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    const fields = line.trim().split(/\t|\s+/);
    if (fields.length < 3 || fields[0] === 'query-id') continue;
    // BEIR has 3 columns (query, doc, grade); TREC has 4 (query, iteration, doc, grade).
    const [queryId, documentId, grade] = fields.length >= 4 ? [fields[0], fields[2], fields[3]] : fields;
    if (!qrels.has(queryId)) qrels.set(queryId, new Map());
    qrels.get(queryId)!.set(documentId, Number(grade));
  }
  return qrels;
}

export async function loadBeirDataset(dir: string, qrels?: string): Promise<BeirDataset> {
  const corpusPath = firstExisting([join(dir, 'corpus.jsonl'), join(dir, 'corpus.jsonl.gz')]);
  if (!corpusPath) throw new Error(`${dir} has no corpus.jsonl or corpus.jsonl.gz`);
  const queriesPath = firstExisting([join(dir, 'queries.jsonl'), join(dir, 'queries.jsonl.gz')]);
  if (!queriesPath) throw new Error(`${dir} has no queries.jsonl`);
  const corpus: BeirDocument[] = [];
  for await (const row of jsonLines(corpusPath)) {
    corpus.push({ id: String(row._id), title: String(row.title ?? ''), text: String(row.text ?? '') });
  }
  const queries = new Map<string, string>();
  for await (const row of jsonLines(queriesPath)) queries.set(String(row._id), String(row.text ?? ''));
  const qrelsPath = resolveQrelsPath(dir, qrels);
  return { corpus, queries, qrels: await readQrels(qrelsPath), qrelsPath };
}
