// An in-memory Qdrant (REST, 1.18's shapes) for the endpoints the Qdrant adapter calls, recording
// every request: collections (create answers 409 "already exists" as Qdrant ≥ 1.8 does, exists,
// info, list, delete), payload indexes, points (upsert, retrieve, delete by filter, count, scroll) and the
// Query API (named dense vectors by cosine, named sparse vectors with the `idf` modifier, prefetch +
// weighted RRF). Errors carry Qdrant's body `{ status: { error }, time }`: 404 "Not found: Collection
// `x` doesn't exist!", 400 "Wrong input: Vector dimension error: …".
//
// Not modelled: segments and the optimizer. Its IDF counts only live points, as Qdrant does after a
// vacuum; a real Qdrant keeps counting deleted points until then (services/vector/README.md).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QdrantRequest {
  method: string;
  path: string;
  body: any;
}

type Sparse = { indices: number[]; values: number[] };
type Vector = Record<string, number[] | Sparse>;
interface Point { id: string | number; vector: Vector; payload: Record<string, unknown> }
interface Collection { dense: Record<string, number>; sparse: Record<string, { modifier?: string }>; points: Map<string, Point>; indexes: string[] }
type Condition = { key: string; match?: { value?: unknown; any?: unknown[] }; range?: { gte?: number; lt?: number } };
type Filter = { must?: Condition[] };

export interface QdrantStandin {
  url: string;
  requests: QdrantRequest[];
  collections: Map<string, Collection>;
  /** Awaited before the stand-in handles a request: a test lets another client act first (a race). */
  before?: (req: QdrantRequest) => Promise<void> | void;
  /** Requests matching `method path` (path relative, e.g. `POST /collections/keel_kb/points/query`), answered with this status and error once. */
  failOnce(method: string, path: string, status: number, error: string): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const notFound = (name: string) => new HttpError(404, `Not found: Collection \`${name}\` doesn't exist!`);

export async function startQdrantStandin(): Promise<QdrantStandin> {
  const collections = new Map<string, Collection>();
  const requests: QdrantRequest[] = [];
  const failures: Array<{ key: string; status: number; error: string }> = [];

  const collectionOf = (name: string) => {
    const c = collections.get(name);
    if (!c) throw notFound(name);
    return c;
  };

  function handle(method: string, path: string, body: any): unknown {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'collections') throw new HttpError(404, `unexpected ${method} ${path}`);
    if (parts.length === 1 && method === 'GET') return { collections: [...collections.keys()].map((name) => ({ name })) };
    const name = parts[1];
    const rest = parts.slice(2).join('/');
    if (rest === 'exists' && method === 'GET') return { exists: collections.has(name) };
    if (rest === '' && method === 'PUT') {
      if (collections.has(name)) throw new HttpError(409, `Wrong input: Collection \`${name}\` already exists!`);
      const dense = Object.fromEntries(Object.entries((body?.vectors ?? {}) as Record<string, { size: number }>).map(([k, v]) => [k, v.size]));
      collections.set(name, { dense, sparse: body?.sparse_vectors ?? {}, points: new Map(), indexes: [] });
      return true;
    }
    if (rest === '' && method === 'DELETE') return collections.delete(name);
    if (rest === '' && method === 'GET') {
      const c = collectionOf(name);
      const vectors = Object.fromEntries(Object.entries(c.dense).map(([k, size]) => [k, { size, distance: 'Cosine' }]));
      return { status: 'green', optimizer_status: 'ok', points_count: c.points.size, segments_count: 1, config: { params: { vectors, sparse_vectors: c.sparse } }, payload_schema: {} };
    }
    const c = collectionOf(name);
    if (rest === 'index' && method === 'PUT') {
      c.indexes.push(body.field_name);
      return { operation_id: 0, status: 'completed' };
    }
    if (rest === 'points' && method === 'PUT') {
      for (const p of body.points as Point[]) {
        for (const [vector, value] of Object.entries(p.vector ?? {})) {
          if (Array.isArray(value)) {
            if (!(vector in c.dense)) throw new HttpError(400, `Wrong input: Not existing vector name error: ${vector}`);
            if (value.length !== c.dense[vector]) throw new HttpError(400, `Wrong input: Vector dimension error: expected dim: ${c.dense[vector]}, got ${value.length}`);
          } else if (!(vector in c.sparse)) throw new HttpError(400, `Wrong input: Not existing vector name error: ${vector}`);
        }
        c.points.set(String(p.id), { id: p.id, vector: p.vector ?? {}, payload: p.payload ?? {} });
      }
      return { operation_id: 0, status: 'completed' };
    }
    if (rest === 'points' && method === 'POST') {
      return (body.ids as Array<string | number>).flatMap((id) => {
        const p = c.points.get(String(id));
        return p ? [{ id: p.id, payload: body.with_payload ? p.payload : undefined }] : [];
      });
    }
    if (rest === 'points/delete' && method === 'POST') {
      for (const [id, p] of c.points) if (body.points ? body.points.map(String).includes(id) : matches(p, body.filter)) c.points.delete(id);
      return { operation_id: 0, status: 'completed' };
    }
    if (rest === 'points/count' && method === 'POST') return { count: [...c.points.values()].filter((p) => matches(p, body.filter)).length };
    if (rest === 'points/scroll' && method === 'POST') {
      const all = [...c.points.values()].filter((p) => matches(p, body.filter)).sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
      const start = body.offset === undefined || body.offset === null ? 0 : all.findIndex((p) => String(p.id) === String(body.offset));
      const page = all.slice(start, start + (body.limit ?? 10));
      const next = all[start + page.length];
      return { points: page.map((p) => ({ id: p.id, payload: pick(p.payload, body.with_payload) })), next_page_offset: next ? next.id : null };
    }
    if (rest === 'points/query' && method === 'POST') {
      const hits = query(c, body).slice(0, body.limit ?? 10);
      return { points: hits.map(({ point, score }) => ({ id: point.id, version: 0, score, payload: pick(point.payload, body.with_payload) })) };
    }
    throw new HttpError(404, `unexpected ${method} ${path}`);
  }

  function query(c: Collection, q: any): Array<{ point: Point; score: number }> {
    if (q.prefetch) {
      const lists = (q.prefetch as any[]).map((p) => query(c, p).slice(0, p.limit ?? 10));
      const weights: number[] = q.query?.rrf?.weights ?? lists.map(() => 1);
      const k: number = q.query?.rrf?.k ?? 2;
      const fused = new Map<string, { point: Point; score: number }>();
      lists.forEach((list, i) => list.forEach(({ point }, position) => {
        // Qdrant's weighted RRF: 1 / (rank / weight + k - 1), rank 1-based.
        const add = 1 / ((position + 1) / weights[i] + k - 1);
        const entry = fused.get(String(point.id)) ?? { point, score: 0 };
        entry.score += add;
        fused.set(String(point.id), entry);
      }));
      return [...fused.values()].filter(({ point }) => matches(point, q.filter)).sort((a, b) => b.score - a.score);
    }
    const candidates = [...c.points.values()].filter((p) => matches(p, q.filter) && q.using in p.vector);
    if (Array.isArray(q.query)) {
      const want = c.dense[q.using];
      if (q.query.length !== want) throw new HttpError(400, `Wrong input: Vector dimension error: expected dim: ${want}, got ${q.query.length}`);
      return candidates.map((point) => ({ point, score: cosine(q.query, point.vector[q.using] as number[]) })).sort((a, b) => b.score - a.score);
    }
    const sparse = q.query as Sparse;
    // `idf`: N and df over every point of the collection holding this sparse vector, whatever the filter.
    const holders = [...c.points.values()].filter((p) => q.using in p.vector).map((p) => p.vector[q.using] as Sparse);
    const idf = (term: number) => {
      if (c.sparse[q.using]?.modifier !== 'idf') return 1;
      const df = holders.filter((v) => v.indices.includes(term)).length;
      return Math.log(1 + (holders.length - df + 0.5) / (df + 0.5));
    };
    return candidates
      .map((point) => {
        const doc = point.vector[q.using] as Sparse;
        let score = 0;
        let overlap = false;
        sparse.indices.forEach((term, i) => {
          const at = doc.indices.indexOf(term);
          if (at >= 0) (overlap = true), (score += idf(term) * sparse.values[i] * doc.values[at]);
        });
        return overlap ? { point, score } : null;
      })
      .filter((h): h is { point: Point; score: number } => h !== null)
      .sort((a, b) => b.score - a.score);
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const path = (req.url ?? '').split('?')[0];
    const method = req.method ?? '';
    const recorded = { method, path, body };
    requests.push(recorded);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    try {
      await standin.before?.(recorded);
      const failure = failures.findIndex((f) => f.key === `${method} ${path}`);
      if (failure >= 0) {
        const [f] = failures.splice(failure, 1);
        throw new HttpError(f.status, f.error);
      }
      send(200, { result: handle(method, path, body), status: 'ok', time: 0.0001 });
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      send(status, { status: { error: (err as Error).message }, time: 0.0001 });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const standin: QdrantStandin = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    collections,
    failOnce: (method, path, status, error) => void failures.push({ key: `${method} ${path}`, status, error }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return standin;
}

function matches(point: Point, filter?: Filter): boolean {
  return (filter?.must ?? []).every((c) => {
    const value = point.payload[c.key];
    if (c.match && 'value' in c.match) return value === c.match.value;
    if (c.match?.any) return c.match.any.includes(value);
    if (c.range) return typeof value === 'number' && (c.range.gte === undefined || value >= c.range.gte) && (c.range.lt === undefined || value < c.range.lt);
    return true;
  });
}

function pick(payload: Record<string, unknown>, withPayload: unknown): Record<string, unknown> | undefined {
  if (withPayload === true) return payload;
  if (Array.isArray(withPayload)) return Object.fromEntries(withPayload.filter((k) => k in payload).map((k) => [k, payload[k]]));
  return undefined;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) (dot += a[i] * b[i]), (na += a[i] * a[i]), (nb += b[i] * b[i]);
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
