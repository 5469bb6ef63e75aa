// Conformance with the official MCP TypeScript SDK client (Client + StreamableHTTPClientTransport):
// the shipped servers standalone over Streamable HTTP and the API's /mcp and /mcp/knowledge —
// initialize with the SDK's version negotiation, tools/list, tools/call, ping, the session ended
// with DELETE (transport.terminateSession), a client asking an older supported protocol version,
// and DELETE with `content-type: application/json` and no body (as the MCP Python SDK sends it).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';
import { startHttpServer, type HttpServerProcess } from './helpers';

const servers = resolve(__dirname, '../../mcp-servers');
const OLDER_VERSION = SUPPORTED_PROTOCOL_VERSIONS.find((v) => v !== LATEST_PROTOCOL_VERSION && v < LATEST_PROTOCOL_VERSION)!;

let model: VllmStandin;
let p: TestPlatform;
let apiUrl: string;
const standalone: HttpServerProcess[] = [];

interface Target {
  name: string;
  url: () => string;
  auth: boolean;
  call: { tool: string; args: Record<string, unknown>; expectText: RegExp };
}
const targets: Record<string, { url: string } | undefined> = {};

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL });
  p = await startPlatform({ modelUrl: model.url, worker: 'none' });
  apiUrl = await p.api.listen({ port: 0, host: '127.0.0.1' });
  const keelYaml = join(p.dataDir, 'keel-mcp.yaml');
  writeFileSync(keelYaml, `dataDir: ${JSON.stringify(p.dataDir)}\n`);
  const [http, knowledge, platform] = await Promise.all([
    startHttpServer({ KEEL_HTTP_ALLOW_CIDRS: '127.0.0.1/32' }, join(servers, 'http/server.ts')),
    startHttpServer({ KEEL_CONFIG: keelYaml }, join(servers, 'knowledge/server.ts')),
    startHttpServer({ KEEL_URL: apiUrl, KEEL_API_KEY: p.tenant.key }, join(servers, 'platform/server.ts')),
  ]);
  standalone.push(http, knowledge, platform);
  targets.http = http;
  targets.knowledge = knowledge;
  targets.platform = platform;
}, 120_000);

afterAll(async () => {
  await Promise.all(standalone.map((s) => s.stop()));
  await p?.close();
  await model?.close();
});

const cases: Target[] = [
  { name: 'API /mcp (platform)', url: () => `${apiUrl}/mcp`, auth: true, call: { tool: 'list_agents', args: {}, expectText: /agents/ } },
  { name: 'API /mcp/knowledge', url: () => `${apiUrl}/mcp/knowledge`, auth: true, call: { tool: 'list_collections', args: {}, expectText: /collections/ } },
  { name: 'http server (standalone)', url: () => targets.http!.url, auth: false, call: { tool: 'fetch_url', args: { url: 'http://127.0.0.1:1/none' }, expectText: /./ } },
  { name: 'knowledge server (standalone)', url: () => targets.knowledge!.url, auth: true, call: { tool: 'list_collections', args: {}, expectText: /collections/ } },
  { name: 'platform server (standalone)', url: () => targets.platform!.url, auth: false, call: { tool: 'list_agents', args: {}, expectText: /agents/ } },
];

/** A transport whose initialize asks for `version` instead of the SDK's latest. */
function transportFor(url: string, auth: boolean, version?: string) {
  const headers: Record<string, string> = auth ? { authorization: `Bearer ${p.tenant.key}` } : {};
  const rewrite: typeof fetch = async (input, init) => {
    if (version && typeof init?.body === 'string' && init.body.includes('"method":"initialize"')) {
      const body = JSON.parse(init.body);
      body.params.protocolVersion = version;
      init = { ...init, body: JSON.stringify(body) };
    }
    return fetch(input, init);
  };
  return new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: rewrite });
}

describe.each(cases)('$name with the official MCP SDK client', (target) => {
  it('negotiates the latest protocol version, lists and calls tools, pings, and ends the session with DELETE', async () => {
    const transport = transportFor(target.url(), target.auth);
    const client = new Client({ name: 'conformance', version: '1.0.0' });
    await client.connect(transport);
    expect(transport.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(client.getServerVersion()?.name).toBeTruthy();
    const sessionId = transport.sessionId!;
    expect(sessionId).toBeTruthy();

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain(target.call.tool);
    for (const t of tools) expect(t.inputSchema.type).toBe('object');
    const result = await client.callTool({ name: target.call.tool, arguments: target.call.args });
    expect((result.content as Array<{ type: string; text: string }>)[0].text).toMatch(target.call.expectText);
    expect(await client.ping()).toEqual({});

    await transport.terminateSession();
    expect(transport.sessionId).toBeUndefined();
    await client.close();
    // The ended session is gone: a request naming it is refused.
    const after = await fetch(target.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION, ...(target.auth ? { authorization: `Bearer ${p.tenant.key}` } : {}) },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
    });
    expect(after.status).toBe(404);
  });

  it(`serves a client that asks for an older supported version`, async () => {
    const transport = transportFor(target.url(), target.auth, OLDER_VERSION);
    const client = new Client({ name: 'conformance-old', version: '1.0.0' });
    await client.connect(transport);
    expect(transport.protocolVersion).toBe(OLDER_VERSION);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await transport.terminateSession();
    await client.close();
  });

  it('ends a session on DELETE with content-type application/json and an empty body', async () => {
    const transport = transportFor(target.url(), target.auth);
    const client = new Client({ name: 'conformance-py-style', version: '1.0.0' });
    await client.connect(transport);
    const sessionId = transport.sessionId!;
    const headers = { 'content-type': 'application/json', 'mcp-session-id': sessionId, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION, ...(target.auth ? { authorization: `Bearer ${p.tenant.key}` } : {}) };
    const del = await fetch(target.url(), { method: 'DELETE', headers });
    expect(del.status).toBe(200);
    expect((await fetch(target.url(), { method: 'DELETE', headers })).status).toBe(404);
    await client.close();
  });
});
