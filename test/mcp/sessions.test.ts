// Session expiry: a Streamable HTTP session whose client left without DELETE is closed once idle,
// never while a response of it is open, and the pool's client starts a new session afterwards.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { McpSessions } from '../../mcp-servers/shared/sessions';
import { NodeStreamableHttpTransport } from '../../mcp-servers/shared/http-transport';
import { serveHttp, type RunningHttpMcp } from '../../mcp-servers/shared/serve';
import { createTestServer } from '../support/mcp-test-server';
import { createMcpPool, type McpPool } from '../../services/mcp';

function session(table: McpSessions<string>, id: string, owner = 'a') {
  const transport = new NodeStreamableHttpTransport();
  transport.sessionId = id;
  let closed = false;
  transport.onclose = () => (closed = true);
  table.add(id, transport, owner);
  return { transport, closed: () => closed };
}

describe('McpSessions', () => {
  it('closes a session idle for idleMs, only for its owner finds it, and forgets it once closed', async () => {
    let now = 0;
    const table = new McpSessions<string>(1_000, () => now);
    const s = session(table, 's1', 'tenant-a');
    expect(table.find('s1', 'tenant-a')).toBe(s.transport);
    expect(table.find('s1', 'tenant-b')).toBeUndefined();
    now = 999;
    await table.closeIdle();
    expect(s.closed()).toBe(false);
    now = 1_000;
    await table.closeIdle();
    expect(s.closed()).toBe(true);
    expect(table.find('s1', 'tenant-a')).toBeUndefined();
    expect(table.size).toBe(0);
    await table.closeAll();
  });

  it('keeps a session while one of its responses is open, and counts idleness from when it closed', async () => {
    let now = 0;
    const table = new McpSessions<string>(1_000, () => now);
    const s = session(table, 's2');
    const stream = new EventEmitter() as unknown as ServerResponse;
    table.track(s.transport, stream);
    now = 10_000;
    await table.closeIdle();
    expect(s.closed()).toBe(false);
    (stream as unknown as EventEmitter).emit('close');
    await table.closeIdle();
    expect(s.closed()).toBe(false);
    now = 11_000;
    await table.closeIdle();
    expect(s.closed()).toBe(true);
    await table.closeAll();
  });

  it("caps each owner's sessions, closing that owner's longest-idle one first", async () => {
    let now = 0;
    const table = new McpSessions<string>(60_000, () => now, 2);
    const a1 = session(table, 'a1', 'tenant-a');
    now = 1;
    const a2 = session(table, 'a2', 'tenant-a');
    table.track(a1.transport, new EventEmitter() as unknown as ServerResponse); // a1 has a response open
    const b1 = session(table, 'b1', 'tenant-b');
    now = 2;
    const a3 = session(table, 'a3', 'tenant-a');
    await new Promise((r) => setImmediate(r));
    expect([a1.closed(), a2.closed(), a3.closed(), b1.closed()]).toEqual([false, true, false, false]);
    expect(table.size).toBe(3);
    expect(table.find('a2', 'tenant-a')).toBeUndefined();
    await table.closeAll();
  });
});

describe('an expired session over HTTP', () => {
  let served: RunningHttpMcp | undefined;
  let pool: McpPool | undefined;
  afterEach(async () => {
    await pool?.close();
    await served?.close();
  });

  it('answers 404 to its id, and the pool opens a new session for the next call', async () => {
    served = await serveHttp(createTestServer, { sessionIdleMs: 50 });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(served.url, {
      method: 'POST', headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
    const id = init.headers.get('mcp-session-id')!;
    expect(id).toBeTruthy();

    pool = createMcpPool();
    const spec = { transport: 'http' as const, name: 'expiring', url: served.url, headers: {} };
    expect((await pool.callTool(spec, 'echo', { text: 'one' }, { idempotencyKey: 'k1' })).content).toBe('one');

    const ping = () => fetch(served!.url, { method: 'POST', headers: { ...headers, 'mcp-session-id': id }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }) });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Each ping is activity: leave the session alone for a few idle periods between them.
    for (let res = await ping(); res.status !== 404; res = await ping()) await sleep(200);
    await sleep(200); // the pool's session, last used after ours, has expired too

    expect((await pool.callTool(spec, 'echo', { text: 'two' }, { idempotencyKey: 'k2' })).content).toBe('two');
  });
});
