// The `platform` MCP server: served by the API at /mcp (tenant from the API key) and standalone
// over stdio against the HTTP API, driving real agent runs on a real Temporal dev server.
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { agentRegistry, runService } from '../../services/agents';
import { buildApi } from '../../services/api';
import { createMcpPool, McpCallError, type McpPool, type McpServerSpecInput } from '../../services/mcp';
import { platformMcpRoutes } from '../../mcp-servers/platform/fastify';

let model: VllmStandin;
let p: TestPlatform;
let api: FastifyInstance;
let apiUrl: string;
let pool: McpPool;
type HttpSpec = Extract<McpServerSpecInput, { transport: 'http' }>;
let mine: HttpSpec;
let theirs: HttpSpec;

const agent = { name: 'adder', description: 'Adds numbers with tools.', instructions: 'Add.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['add', 'echo'] }] };
const parse = (r: { content: string }) => JSON.parse(r.content);

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, config: { mcpServers: { tools: testMcpServer() } } });
  const registry = agentRegistry(p.runtime.store);
  const runs = runService({ store: p.runtime.store, temporal: p.env.client, config: p.config });
  api = await buildApi({ store: p.runtime.store, services: { registry, runs }, plugins: [{ plugin: platformMcpRoutes, options: { registry, runs } }] });
  apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
  await api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: agent });
  process.env.KEEL_TEST_PLATFORM_KEY = p.tenant.key;
  process.env.KEEL_TEST_OTHER_KEY = p.otherTenant.key;
  mine = { transport: 'http', name: 'keel', url: `${apiUrl}/mcp`, headers: {}, bearerTokenRef: { fromEnv: 'KEEL_TEST_PLATFORM_KEY' } };
  theirs = { transport: 'http', name: 'keel-other', url: `${apiUrl}/mcp`, headers: {}, bearerTokenRef: { fromEnv: 'KEEL_TEST_OTHER_KEY' } };
  pool = createMcpPool();
});

afterAll(async () => {
  await pool?.close();
  await api?.close();
  await p?.close();
  await model?.close();
});

describe('platform MCP server at /mcp on the API', () => {
  it('lists its tools with annotations', async () => {
    const tools = await pool.listTools(mine);
    expect(tools.map((t) => t.name).sort()).toEqual(['get_run', 'list_agents', 'start_run']);
    expect(tools.find((t) => t.name === 'get_run')!.annotations.readOnlyHint).toBe(true);
  });

  it("lists the caller's agents, starts a run, waits for its answer and reads it back", async () => {
    expect(parse(await pool.callTool(mine, 'list_agents', {}, { idempotencyKey: 'l1' })).agents).toEqual([{ name: 'adder', latestVersion: 1, description: 'Adds numbers with tools.' }]);
    const started = await pool.callTool(mine, 'start_run', { agent: 'adder', input: 'two-turns', wait_seconds: 60 }, { idempotencyKey: 'start-1' });
    expect(started.isError).toBe(false);
    const run = parse(started);
    expect(run).toMatchObject({ agent: 'adder', status: 'completed', output: 'done: sum is 5' });
    const got = parse(await pool.callTool(mine, 'get_run', { run_id: run.run_id }, { idempotencyKey: 'g1' }));
    expect(got).toMatchObject({ run_id: run.run_id, status: 'completed', output: 'done: sum is 5' });
    // A retried call with the same idempotency key returns the first run instead of starting another.
    const retried = parse(await pool.callTool(mine, 'start_run', { agent: 'adder', input: 'two-turns', wait_seconds: 60 }, { idempotencyKey: 'start-1' }));
    expect(retried.run_id).toBe(run.run_id);
  });

  it('scopes everything to the API key tenant', async () => {
    const started = parse(await pool.callTool(mine, 'start_run', { agent: 'adder', input: 'direct' }, { idempotencyKey: 'start-2' }));
    expect(parse(await pool.callTool(theirs, 'list_agents', {}, { idempotencyKey: 'l2' })).agents).toEqual([]);
    const peek = await pool.callTool(theirs, 'get_run', { run_id: started.run_id }, { idempotencyKey: 'g2' });
    expect(peek).toMatchObject({ isError: true, content: expect.stringContaining('not found') });
    const foreign = await pool.callTool(theirs, 'start_run', { agent: 'adder', input: 'direct' }, { idempotencyKey: 'start-2' });
    expect(foreign).toMatchObject({ isError: true, content: expect.stringContaining('not found') });
  });

  it('refuses a missing or wrong API key', async () => {
    process.env.KEEL_TEST_WRONG_KEY = 'keel_wrong';
    const err = await pool.listTools({ ...mine, name: 'keel-wrong', bearerTokenRef: { fromEnv: 'KEEL_TEST_WRONG_KEY' } }).catch((e) => e);
    expect(err).toBeInstanceOf(McpCallError);
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('keel_wrong');
  });
});

describe('standalone platform MCP server over stdio', () => {
  it('serves the same tools through the HTTP API with the key from its env', async () => {
    const spec: McpServerSpecInput = {
      transport: 'stdio',
      name: 'keel-stdio',
      command: process.execPath,
      args: ['--import', 'tsx', resolve(__dirname, '../../mcp-servers/platform/server.ts'), '--stdio'],
      env: { KEEL_URL: apiUrl, KEEL_API_KEY: { fromEnv: 'KEEL_TEST_PLATFORM_KEY' } },
      cwd: resolve(__dirname, '../..'),
    };
    expect(parse(await pool.callTool(spec, 'list_agents', {}, { idempotencyKey: 's1' })).agents.map((a: { name: string }) => a.name)).toEqual(['adder']);
    const run = parse(await pool.callTool(spec, 'start_run', { agent: 'adder', input: 'direct', wait_seconds: 60 }, { idempotencyKey: 's2' }));
    expect(run).toMatchObject({ status: 'completed', output: 'hello' });
    expect(await pool.callTool(spec, 'get_run', { run_id: 'run_missing' }, { idempotencyKey: 's3' })).toMatchObject({ isError: true });
  });
});
