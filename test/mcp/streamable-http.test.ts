// Streamable HTTP on the wire: the shipped serving code answers a plain call as JSON and streams a
// call that produces messages before its result (progress); the pool's connection fetch speaks both.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpConnection } from '../../services/mcp/connection';
import { createConnectionFetch } from '../../services/mcp/http-fetch';
import { startHttpServer, type HttpServerProcess } from './helpers';

const ACCEPT = 'application/json, text/event-stream';

describe('Streamable HTTP serving (test server as a subprocess)', () => {
  let server: HttpServerProcess;
  let headers: Record<string, string>;
  const post = (body: unknown, session = headers) => fetch(server.url, { method: 'POST', headers: session, body: JSON.stringify(body) });

  /** Initializes a session by hand; returns the headers its requests carry. */
  async function openSession(): Promise<Record<string, string>> {
    const base = { 'content-type': 'application/json', accept: ACCEPT };
    const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }, base);
    expect([init.status, init.headers.get('content-type')]).toEqual([200, 'application/json']);
    const session = { ...base, 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status).toBe(202);
    return session;
  }

  beforeAll(async () => {
    server = await startHttpServer();
    headers = await openSession();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a call whose result is its only message as plain JSON, with the session id', async () => {
    const res = await post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('mcp-session-id')).toBe(headers['mcp-session-id']);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'hi' }] } });
  });

  it('streams progress notifications as server-sent events ahead of the result', async () => {
    const res = await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'progress', arguments: { steps: 3 }, _meta: { progressToken: 'p-1' } } });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => JSON.parse(e.split('\n').find((l) => l.startsWith('data: '))!.slice(6)));
    expect(events.map((e) => e.method ?? 'result')).toEqual(['notifications/progress', 'notifications/progress', 'notifications/progress', 'result']);
    expect(events[2].params).toMatchObject({ progressToken: 'p-1', progress: 3, total: 3 });
    expect(events[3]).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'done 3' }] } });
  });

  it('answers the POST of a cancelled request without a result instead of holding it open', async () => {
    // The cancellation rides in the same POST so it reaches the server after the call has started.
    const res = await post([
      { jsonrpc: '2.0', id: 'c1', method: 'tools/call', params: { name: 'slow', arguments: { ms: 20_000 } } },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'c1', reason: 'test' } },
    ]);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'text/event-stream', '']);
  });

  it('answers a batch with an array of results', async () => {
    const res = await post([
      { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'echo', arguments: { text: 'one' } } },
      { jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'add', arguments: { a: 1, b: 2 } } },
    ]);
    const results = (await res.json()) as { id: string }[];
    expect(results.map((r) => r.id).sort()).toEqual(['a', 'b']);
  });

  it('refuses what the spec refuses: content types, unknown protocol versions, a second GET stream', async () => {
    const call = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect((await fetch(server.url, { method: 'POST', headers: { ...headers, accept: 'application/json' }, body: call })).status).toBe(406);
    expect((await fetch(server.url, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: call })).status).toBe(415);
    expect((await fetch(server.url, { method: 'POST', headers: { ...headers, 'mcp-protocol-version': '1999-01-01' }, body: call })).status).toBe(400);
    expect((await post({ jsonrpc: '2.0', id: 4, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })).status).toBe(400);
    const aborter = new AbortController();
    const stream = await fetch(server.url, { headers: { ...headers, accept: 'text/event-stream' }, signal: aborter.signal });
    expect([stream.status, stream.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    expect((await fetch(server.url, { headers: { ...headers, accept: 'text/event-stream' } })).status).toBe(409);
    aborter.abort();
  });

  it('sends server notifications that belong to no request on the GET stream', async () => {
    const session = await openSession();
    const stream = await fetch(server.url, { headers: { ...session, accept: 'text/event-stream' } });
    const reader = stream.body!.getReader();
    await post({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'register_tool', arguments: { name: 'late_stream' } } }, session);
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"method":"notifications/tools/list_changed"');
    await reader.cancel();
  });

  it('ends a session on DELETE', async () => {
    const session = await openSession();
    expect((await fetch(server.url, { method: 'DELETE', headers: session })).status).toBe(200);
    expect((await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, session)).status).toBe(404);
  });

  it('delivers progress to a pooled connection through its fetch, one notification per step', async () => {
    const conn = await McpConnection.open({ transport: 'http', url: new URL(server.url), headers: {}, egress: 'any', secrets: [] }, { connectTimeoutMs: 10_000, clientVersion: 't' });
    try {
      const seen: number[] = [];
      const result = await conn.client.callTool({ name: 'progress', arguments: { steps: 4 } }, undefined, { onprogress: (p) => void seen.push(p.progress) });
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(result.content).toEqual([{ type: 'text', text: 'done 4' }]);
      expect((await conn.client.callTool({ name: 'echo', arguments: { text: 'plain' } })).content).toEqual([{ type: 'text', text: 'plain' }]);
    } finally {
      await conn.close();
    }
  });
});

describe('the connection fetch', () => {
  let http: Server;
  let base: string;
  const seen: { method?: string; contentType?: string; body: string }[] = [];

  beforeAll(async () => {
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, contentType: req.headers['content-type'], body });
        if (req.url === '/moved') return res.writeHead(307, { location: '/json' }).end();
        if (req.url === '/json') return res.writeHead(200, { 'content-type': 'application/json', 'x-a': 'b' }).end('{"ok":true}');
        if (req.url === '/empty') return res.writeHead(204).end();
        // An event stream whose second event comes only after the first was read.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        setTimeout(() => res.end('data: two\n\n'), 50);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });

  it('returns redirects unfollowed in manual mode and follows them otherwise', async () => {
    const { fetch: f, close } = createConnectionFetch();
    try {
      const manual = await f(`${base}/moved`, { method: 'POST', body: 'x', redirect: 'manual' });
      expect(manual.status).toBe(307);
      expect(manual.headers.get('location')).toBe('/json');
      const followed = await f(`${base}/moved`);
      expect(followed.status).toBe(200);
      expect(await followed.json()).toEqual({ ok: true });
    } finally {
      await close();
    }
  });

  it('sends string and form bodies with their headers and reads headers, JSON and empty bodies', async () => {
    const { fetch: f, close } = createConnectionFetch();
    try {
      const res = await f(new URL(`${base}/json`), { method: 'POST', headers: new Headers({ 'Content-Type': 'application/json' }), body: '{"a":1}', redirect: 'manual' });
      expect(res.headers.get('x-a')).toBe('b');
      expect(await res.json()).toEqual({ ok: true });
      await f(`${base}/json`, { method: 'POST', body: new URLSearchParams({ grant_type: 'x' }), redirect: 'manual' });
      expect(seen.slice(-2)).toEqual([
        { method: 'POST', contentType: 'application/json', body: '{"a":1}' },
        { method: 'POST', contentType: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'grant_type=x' },
      ]);
      const empty = await f(`${base}/empty`, { method: 'DELETE', redirect: 'manual' });
      expect([empty.status, empty.body]).toEqual([204, null]);
    } finally {
      await close();
    }
  });

  it('reads a whole body once, through any of the body methods or as a stream', async () => {
    const { fetch: f, close } = createConnectionFetch();
    const get = () => f(`${base}/json`, { redirect: 'manual' });
    try {
      const once = await get();
      const copy = once.clone();
      expect(await once.json()).toEqual({ ok: true });
      expect(once.bodyUsed).toBe(true);
      await expect(once.text()).rejects.toThrow(TypeError);
      expect(await copy.text()).toBe('{"ok":true}');
      expect(await new Response((await get()).body).json()).toEqual({ ok: true });
      expect(new TextDecoder().decode(await (await get()).arrayBuffer())).toBe('{"ok":true}');
      const streamed = await get();
      await streamed.body!.getReader().read();
      await expect(streamed.json()).rejects.toThrow(TypeError);
    } finally {
      await close();
    }
  });

  it('streams an event stream as it arrives and stops it on abort', async () => {
    const { fetch: f, close } = createConnectionFetch();
    try {
      const res = await f(`${base}/sse`, { redirect: 'manual' });
      const reader = res.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: one\n\n');
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: two\n\n');
      const aborter = new AbortController();
      const cut = (await f(`${base}/sse`, { redirect: 'manual', signal: aborter.signal })).body!.getReader();
      expect(new TextDecoder().decode((await cut.read()).value)).toBe('data: one\n\n');
      aborter.abort();
      await expect(cut.read()).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
