// The `knowledge` MCP server: served by the API (tenant from the API key) and standalone over
// stdio and Streamable HTTP, against a real embedded vector store and SQL store.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../services/store';
import { buildApi } from '../../services/api';
import { EmbeddedVectorStore, type ChunkPoint } from '../../services/vector';
import { createRetriever } from '../../services/retrieval';
import { createMcpPool, type McpPool, type McpServerSpecInput } from '../../services/mcp';
import { knowledgeMcpRoutes } from '../../mcp-servers/knowledge/fastify';
import { startHttpServer, type HttpServerProcess } from './helpers';

const SERVER = resolve(__dirname, '../../mcp-servers/knowledge/server.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'keel-knowledge-'));
let store: Store;
let vectors: EmbeddedVectorStore;
let api: FastifyInstance;
let pool: McpPool;
let standaloneHttp: HttpServerProcess;
const keys = { a: '', b: '' };

const point = (documentId: string, title: string, chunkIndex: number, text: string): ChunkPoint => ({ documentId, chunkIndex, contentHash: `h-${documentId}`, text, title, sourceUri: `kb://${documentId}`, headingPath: [] });
const apiSpec = (name: string, url: string, envKey: string): McpServerSpecInput => ({ transport: 'http', name, url, headers: {}, bearerTokenRef: { fromEnv: envKey } });
let mineApi: McpServerSpecInput;
let theirsApi: McpServerSpecInput;
let apiUrl: string;

beforeAll(async () => {
  store = await openStore('sqlite:keel.sqlite', dataDir);
  const a = await store.tenants.create('acme');
  const b = await store.tenants.create('globex');
  keys.a = (await store.tenants.createApiKey(a.id)).key;
  keys.b = (await store.tenants.createApiKey(b.id)).key;
  process.env.KEEL_TEST_KNOWLEDGE_A = keys.a;
  process.env.KEEL_TEST_KNOWLEDGE_B = keys.b;

  vectors = new EmbeddedVectorStore(join(dataDir, 'vector'));
  await vectors.ensureCollection({ name: 'handbook' });
  await vectors.upsert(a.id, 'handbook', [
    point('leave-policy', 'Leave policy', 0, 'Employees accrue annual leave at two days per month of service.'),
    point('leave-policy', 'Leave policy', 1, 'Parental leave is sixteen weeks at full pay for every parent.'),
    point('leave-policy', 'Leave policy', 2, 'Unused annual leave carries over up to ten days into the next year.'),
    point('expenses', 'Travel expenses', 0, 'Book economy class for flights under six hours.'),
    point('expenses', 'Travel expenses', 1, 'Submit receipts within thirty days of travel.'),
  ]);
  await vectors.upsert(b.id, 'handbook', [point('launch-plan', 'Launch plan', 0, 'The secret launch of the parental leave app is in March.')]);

  api = await buildApi({ store, services: {}, plugins: [{ plugin: knowledgeMcpRoutes, options: { store: vectors, retriever: createRetriever({ store: vectors }) } }] });
  const url = (apiUrl = await api.listen({ port: 0, host: '127.0.0.1' }));
  pool = createMcpPool();
  mineApi = apiSpec('kb-a', `${url}/mcp/knowledge`, 'KEEL_TEST_KNOWLEDGE_A');
  theirsApi = apiSpec('kb-b', `${url}/mcp/knowledge`, 'KEEL_TEST_KNOWLEDGE_B');

  writeFileSync(join(dataDir, 'keel.yaml'), `dataDir: ${JSON.stringify(dataDir)}\n`);
  standaloneHttp = await startHttpServer({ KEEL_CONFIG: join(dataDir, 'keel.yaml') }, SERVER);
});

afterAll(async () => {
  await pool?.close();
  await standaloneHttp?.stop();
  await api?.close();
  await vectors?.close();
  await store?.close();
});

let n = 0;
const call = (spec: McpServerSpecInput, tool: string, args: Record<string, unknown>) => pool.callTool(spec, tool, args, { idempotencyKey: `k${n++}` });

describe('knowledge MCP server served by the API', () => {
  it("lists only collections holding the caller's documents", async () => {
    expect((await call(mineApi, 'list_collections', {})).structuredContent).toEqual({ collections: [{ name: 'handbook', chunks: 5 }] });
    expect((await call(theirsApi, 'list_collections', {})).structuredContent).toEqual({ collections: [{ name: 'handbook', chunks: 1 }] });
  });

  it('searches with citations, inside the caller tenant only', async () => {
    const r = await call(mineApi, 'search', { collection: 'handbook', query: 'how many weeks of parental leave', limit: 3 });
    expect(r.isError).toBe(false);
    expect(r.content).toMatch(/^\[1\] Leave policy/);
    expect(r.content).toContain('sixteen weeks');
    const results = (r.structuredContent as { results: Array<{ document_id: string }> }).results;
    expect(results.every((x) => x.document_id !== 'launch-plan')).toBe(true);
    const theirs = await call(theirsApi, 'search', { collection: 'handbook', query: 'parental leave weeks' });
    expect((theirs.structuredContent as { results: Array<{ document_id: string }> }).results.map((x) => x.document_id)).toEqual(['launch-plan']);
  });

  it('reads a whole document in order after a search, or the parts matching a query', async () => {
    await call(mineApi, 'search', { collection: 'handbook', query: 'annual leave' });
    const whole = await call(mineApi, 'fetch', { collection: 'handbook', document_id: 'leave-policy' });
    expect(whole.structuredContent).toMatchObject({ title: 'Leave policy', chunks: 3, returned: 3, chunk_indexes: [0, 1, 2] });
    expect(whole.content.indexOf('two days per month')).toBeLessThan(whole.content.indexOf('carries over'));
    const part = await call(mineApi, 'fetch', { collection: 'handbook', document_id: 'expenses', query: 'receipts', max_chunks: 1 });
    expect(part.structuredContent).toMatchObject({ returned: 1, chunk_indexes: [1] });
  });

  it("answers another tenant's document id and unknown collections with tool errors", async () => {
    expect(await call(mineApi, 'fetch', { collection: 'handbook', document_id: 'launch-plan', query: 'launch' })).toMatchObject({ isError: true, content: expect.stringContaining('No document') });
    expect((await call(mineApi, 'search', { collection: 'nope', query: 'x' })).isError).toBe(true);
  });
});

describe('standalone knowledge MCP server', () => {
  it('over stdio: the tenant is the one of KEEL_API_KEY', async () => {
    const spec: McpServerSpecInput = {
      transport: 'stdio',
      name: 'kb-stdio',
      command: process.execPath,
      args: ['--import', 'tsx', SERVER, '--stdio'],
      env: { KEEL_CONFIG: join(dataDir, 'keel.yaml'), KEEL_API_KEY: { fromEnv: 'KEEL_TEST_KNOWLEDGE_B' } },
      cwd: resolve(__dirname, '../..'),
    };
    const r = await call(spec, 'search', { collection: 'handbook', query: 'parental leave' });
    expect((r.structuredContent as { results: Array<{ document_id: string }> }).results.map((x) => x.document_id)).toEqual(['launch-plan']);
  });

  it('over Streamable HTTP: the tenant is the one of the bearer key, and a bad key is refused', async () => {
    const spec: McpServerSpecInput = { transport: 'http', name: 'kb-http', url: standaloneHttp.url, headers: {}, bearerTokenRef: { fromEnv: 'KEEL_TEST_KNOWLEDGE_A' } };
    const r = await call(spec, 'search', { collection: 'handbook', query: 'economy flights' });
    expect(r.content).toContain('[1] Travel expenses');
    process.env.KEEL_TEST_KNOWLEDGE_BAD = 'keel_not_a_key';
    const err = await pool.listTools({ ...spec, name: 'kb-bad', bearerTokenRef: { fromEnv: 'KEEL_TEST_KNOWLEDGE_BAD' } }).catch((e) => e);
    expect(err).toMatchObject({ name: 'McpCallError', retryable: false });
  });

  it('refuses a key without the read scope, served standalone or by the API', async () => {
    const tenant = await store.tenants.byName('acme');
    process.env.KEEL_TEST_KNOWLEDGE_GATEWAY = (await store.tenants.createApiKey(tenant!.id, 'gateway only', ['gateway'])).key;
    process.env.KEEL_TEST_KNOWLEDGE_READ = (await store.tenants.createApiKey(tenant!.id, 'read only', ['read'])).key;
    const standalone: McpServerSpecInput = { transport: 'http', name: 'kb-gateway', url: standaloneHttp.url, headers: {}, bearerTokenRef: { fromEnv: 'KEEL_TEST_KNOWLEDGE_GATEWAY' } };
    expect(await pool.listTools(standalone).catch((e) => e)).toMatchObject({ name: 'McpCallError', retryable: false });
    expect(await pool.listTools(apiSpec('kb-api-gateway', `${apiUrl}/mcp/knowledge`, 'KEEL_TEST_KNOWLEDGE_GATEWAY')).catch((e) => e)).toMatchObject({ name: 'McpCallError', retryable: false });
    const readOnly = await call({ ...standalone, name: 'kb-read', bearerTokenRef: { fromEnv: 'KEEL_TEST_KNOWLEDGE_READ' } }, 'search', { collection: 'handbook', query: 'economy flights' });
    expect(readOnly.content).toContain('[1] Travel expenses');
  });
});
