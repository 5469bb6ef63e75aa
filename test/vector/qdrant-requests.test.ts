// Qdrant is not reachable here: this checks the adapter's REST requests against Qdrant's
// documented shapes (collections with named dense + sparse/idf vectors, is_tenant payload index,
// Query API with prefetch + rrf, tenant filter on every data call) through a recording endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bm25QueryVector, chunkPointId, CollectionSpecSchema, QdrantVectorStore } from '../../services/vector';

interface Recorded {
  method: string;
  path: string;
  body: any;
}

describe('Qdrant adapter request shapes', () => {
  let server: Server;
  let url: string;
  const requests: Recorded[] = [];
  let exists = false;
  const spec = CollectionSpecSchema.parse({ name: 'kb', denseDimension: 3 });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
      const path = (req.url ?? '').split('?')[0];
      requests.push({ method: req.method ?? '', path, body });
      const reply = (result: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result, status: 'ok', time: 0.001 }));
      };
      if (path.endsWith('/exists')) return reply({ exists });
      if (req.method === 'PUT' && path === '/collections/keel_kb') return (exists = true), reply(true);
      if (path.endsWith('/index')) return reply({ operation_id: 1, status: 'completed' });
      if (req.method === 'POST' && path === '/collections/keel_kb/points') return reply([{ id: body.ids[0], payload: { tenant_id: '__keel_spec__', spec } }]);
      if (req.method === 'PUT' && path.endsWith('/points')) return reply({ operation_id: 2, status: 'completed' });
      if (path.endsWith('/points/delete')) return reply({ operation_id: 3, status: 'completed' });
      if (path.endsWith('/points/count')) return reply({ count: 2 });
      if (path.endsWith('/points/scroll')) {
        return reply({ points: [{ id: 'a', payload: { document_id: 'doc', contentHash: 'h', sourceKey: 'upload:/kb' } }, { id: 'b', payload: { document_id: 'doc', contentHash: 'h', sourceKey: 'upload:/kb' } }], next_page_offset: null });
      }
      if (path.endsWith('/points/query')) {
        return reply({ points: [{ id: 'p1', version: 1, score: 1.5, payload: { documentId: 'doc', chunkIndex: 0, contentHash: 'h', text: 't', tenant_id: 'acme' } }] });
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: { error: `unexpected ${req.method} ${path}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const take = (method: string, suffix: string) => {
    const found = requests.filter((r) => r.method === method && r.path.endsWith(suffix));
    requests.length = 0;
    return found;
  };
  const tenantFilter = { key: 'tenant_id', match: { value: 'acme' } };

  it('creates the collection with named dense + idf sparse vectors and an is_tenant index', async () => {
    const store = new QdrantVectorStore({ url });
    await store.ensureCollection({ name: 'kb', denseDimension: 3 });
    expect(requests.find((r) => r.method === 'PUT' && r.path === '/collections/keel_kb')?.body).toEqual({
      vectors: { dense: { size: 3, distance: 'Cosine' } },
      sparse_vectors: { bm25: { modifier: 'idf' } },
    });
    const indexes = requests.filter((r) => r.path.endsWith('/index')).map((r) => r.body);
    expect(indexes).toContainEqual({ field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true } });
    expect(indexes).toContainEqual({ field_name: 'document_id', field_schema: 'keyword' });
    requests.length = 0;
  });

  it('upserts points with deterministic ids, both named vectors and the tenant in the payload', async () => {
    const store = new QdrantVectorStore({ url });
    await store.upsert('acme', 'kb', [{ documentId: 'doc', chunkIndex: 0, contentHash: 'h', text: 'yaw brake pads', dense: [1, 0, 0] }]);
    const [upsert] = take('PUT', '/points');
    const point = upsert.body.points[0];
    expect(point.id).toBe(chunkPointId('acme', 'kb', 'doc', 0));
    expect(point.vector.dense).toEqual([1, 0, 0]);
    expect(point.vector.bm25.indices).toHaveLength(3);
    expect(point.vector.bm25.values.every((v: number) => v > 0)).toBe(true);
    expect(point.payload).toMatchObject({ tenant_id: 'acme', document_id: 'doc', chunk_index: 0, documentId: 'doc', text: 'yaw brake pads' });
  });

  it('searches through the Query API with the tenant filter, using prefetch + weighted rrf for hybrid', async () => {
    const store = new QdrantVectorStore({ url });
    const lexical = await store.search('acme', 'kb', { mode: 'lexical', text: 'brake pads', limit: 5 });
    expect(lexical[0]).toMatchObject({ id: 'p1', score: 1.5, payload: { documentId: 'doc' } });
    const [lexicalQuery] = take('POST', '/points/query');
    expect(lexicalQuery.body).toEqual({ query: bm25QueryVector('brake pads'), using: 'bm25', filter: { must: [tenantFilter] }, limit: 5, with_payload: true, with_vector: false });

    await store.search('acme', 'kb', { mode: 'hybrid', text: 'brake pads', dense: [0, 1, 0], limit: 4, fusion: { k: 60, lexicalWeight: 2, denseWeight: 1, prefetchLimit: 50 } });
    const [hybrid] = take('POST', '/points/query');
    expect(hybrid.body).toEqual({
      filter: { must: [tenantFilter] },
      limit: 4,
      with_payload: true,
      with_vector: false,
      prefetch: [
        { query: bm25QueryVector('brake pads'), using: 'bm25', filter: { must: [tenantFilter] }, limit: 50 },
        { query: [0, 1, 0], using: 'dense', filter: { must: [tenantFilter] }, limit: 50 },
      ],
      query: { rrf: { k: 60, weights: [2, 1] } },
    });
  });

  it('deletes, replaces and lists documents only inside the tenant', async () => {
    const store = new QdrantVectorStore({ url });
    expect(await store.deleteDocument('acme', 'kb', 'doc')).toBe(2);
    const [deletion] = take('POST', '/points/delete');
    expect(deletion.body).toEqual({ filter: { must: [tenantFilter, { key: 'document_id', match: { value: 'doc' } }] } });

    await store.replaceDocument('acme', 'kb', 'doc', [{ documentId: 'doc', chunkIndex: 0, contentHash: 'h2', text: 'new' }]);
    const [shrink] = requests.filter((r) => r.path.endsWith('/points/delete'));
    expect(shrink.body.filter.must).toEqual([tenantFilter, { key: 'document_id', match: { value: 'doc' } }, { key: 'chunk_index', range: { gte: 1 } }]);
    requests.length = 0;

    expect(await store.listDocuments('acme', 'kb')).toEqual([{ documentId: 'doc', contentHash: 'h', chunks: 2, sourceKey: 'upload:/kb' }]);
    const [scroll] = take('POST', '/points/scroll');
    expect(scroll.body).toMatchObject({ filter: { must: [tenantFilter] }, with_payload: ['document_id', 'contentHash', 'sourceKey'], with_vector: false });
    await expect(store.search('__keel_spec__', 'kb', { text: 'x' })).rejects.toThrow(/tenantId/);
  });
});
