// The shipped `http` MCP server as a real subprocess over stdio and Streamable HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpPool, type McpPool, type McpServerSpecInput } from '../../services/mcp';
import { startHttpServer, stdioSpec, type HttpServerProcess } from './helpers';

const SERVER = resolve(__dirname, '../../mcp-servers/http/server.ts');
const ARTICLE = `<!doctype html><html><head><title>Tide tables</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Tide tables</h1><p>High tide at the harbour is at 06:12 and 18:40 today, with a range of 4.1 metres.</p>
<h2>Safety</h2><p>Never cross the causeway less than two hours before high water; the sands flood faster than walking pace.</p></article>
<footer>Copyright harbour office</footer></body></html>`;

let pages: Server;
let pageBase: string;
let pageRequests = 0;

beforeAll(async () => {
  pages = createServer((req, res) => {
    pageRequests++;
    if (req.url === '/tides') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
    if (req.url === '/data') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"level":4.1}');
    if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam' }).end();
    res.writeHead(404).end('missing');
  });
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  pageBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});
afterAll(async () => {
  pages.closeAllConnections();
  await new Promise((r) => pages.close(r));
});

for (const transport of ['stdio', 'http'] as const) {
  describe(`http MCP server over ${transport}`, () => {
    let pool: McpPool;
    let local: McpServerSpecInput; // may reach the loopback page server (explicit test allowance)
    let strict: McpServerSpecInput; // production defaults
    const procs: HttpServerProcess[] = [];

    beforeAll(async () => {
      pool = createMcpPool();
      if (transport === 'stdio') {
        local = stdioSpec('http-local', { KEEL_HTTP_ALLOW_CIDRS: '127.0.0.1/32', KEEL_HTTP_MAX_CHARS: '5000' }, SERVER);
        strict = stdioSpec('http-strict', {}, SERVER);
      } else {
        const a = await startHttpServer({ KEEL_HTTP_ALLOW_CIDRS: '127.0.0.1/32', KEEL_HTTP_MAX_CHARS: '5000' }, SERVER);
        const b = await startHttpServer({}, SERVER);
        procs.push(a, b);
        local = { transport: 'http', name: 'http-local', url: a.url, headers: {} };
        strict = { transport: 'http', name: 'http-strict', url: b.url, headers: {} };
      }
    });
    afterAll(async () => {
      await pool.close();
      await Promise.all(procs.map((p) => p.stop()));
    });

    it('describes fetch_url as read-only and open-world', async () => {
      const [tool] = await pool.listTools(strict);
      expect(tool).toMatchObject({ name: 'fetch_url', annotations: { readOnlyHint: true, openWorldHint: true } });
    });

    it('returns the main content of a page as text, without navigation or footer', async () => {
      const r = await pool.callTool(local, 'fetch_url', { url: `${pageBase}/tides` }, { idempotencyKey: `${transport}-t1` });
      expect(r.isError).toBe(false);
      expect(r.content).toContain('High tide at the harbour is at 06:12');
      expect(r.content).toMatch(/^#+ Safety$/m);
      expect(r.content).not.toContain('Copyright harbour office');
      expect(r.structuredContent).toMatchObject({ status: 200, title: 'Tide tables', truncated: false });
      const json = await pool.callTool(local, 'fetch_url', { url: `${pageBase}/data` }, { idempotencyKey: `${transport}-t2` });
      expect(json.content).toContain('"level": 4.1');
    });

    it('answers a repeated idempotency key without fetching again', async () => {
      const before = pageRequests;
      const a = await pool.callTool(local, 'fetch_url', { url: `${pageBase}/tides` }, { idempotencyKey: `${transport}-same` });
      const b = await pool.callTool(local, 'fetch_url', { url: `${pageBase}/tides` }, { idempotencyKey: `${transport}-same` });
      expect(b).toEqual(a);
      expect(pageRequests - before).toBe(1);
    });

    it('refuses loopback, private and metadata targets as tool errors', async () => {
      for (const url of [`${pageBase}/tides`, `http://localhost:${pageBase.split(':')[2]}/tides`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/']) {
        const r = await pool.callTool(strict, 'fetch_url', { url }, { idempotencyKey: `${transport}-${url}` });
        expect(r, url).toMatchObject({ isError: true, content: expect.stringContaining('blocked_address') });
      }
      const redirected = await pool.callTool(local, 'fetch_url', { url: `${pageBase}/to-metadata` }, { idempotencyKey: `${transport}-redir` });
      expect(redirected).toMatchObject({ isError: true, content: expect.stringContaining('cloud metadata') });
    });

    it('validates the model-supplied arguments against the input schema', async () => {
      const r = await pool.callTool(strict, 'fetch_url', { url: 42 }, { idempotencyKey: `${transport}-bad` });
      expect(r).toMatchObject({ isError: true, content: expect.stringContaining('arguments/url must be string') });
    });
  });
}
