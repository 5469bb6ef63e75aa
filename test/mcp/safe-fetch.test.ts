// SSRF-safe fetch against a real local HTTP server; internal addresses are refused before connecting.
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedReason, safeFetch, SafeFetchError } from '../../services/net';

let server: Server;
let base: string;
let port: number;
const LOCAL = ['127.0.0.1/32'];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/hello') return res.writeHead(200, { 'content-type': 'text/plain' }).end('hello world');
    if (path === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(100_000));
    if (path === '/gzip') return res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync('zipped text'));
    if (path === '/to-hello') return res.writeHead(302, { location: '/hello' }).end();
    if (path === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/to-evil-name') return res.writeHead(301, { location: `http://evil.test:${port}/hello` }).end();
    if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (path === '/hang') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const refusal = (p: Promise<unknown>) => p.then(() => new Error('fetched'), (e) => e as SafeFetchError);

describe('address policy', () => {
  it('classifies internal and public addresses', () => {
    expect(blockedReason('8.8.8.8')).toBeNull();
    expect(blockedReason('2606:4700::1111')).toBeNull();
    expect(blockedReason('127.0.0.1')).toBe('loopback');
    expect(blockedReason('10.1.2.3')).toBe('private');
    expect(blockedReason('172.31.255.1')).toBe('private');
    expect(blockedReason('192.168.1.1')).toBe('private');
    expect(blockedReason('169.254.169.254')).toBe('cloud metadata');
    expect(blockedReason('169.254.1.1')).toBe('link-local');
    expect(blockedReason('::1')).toBe('loopback');
    expect(blockedReason('fe80::1')).toBe('link-local');
    expect(blockedReason('fd00:ec2::254')).toBe('cloud metadata');
    expect(blockedReason('::ffff:127.0.0.1')).toBe('loopback');
    expect(blockedReason('::ffff:a9fe:a9fe')).toBe('cloud metadata');
    expect(blockedReason('0.0.0.0')).toBe('unspecified');
  });
});

describe('safeFetch', () => {
  it('refuses loopback by literal address and by name after DNS resolution', async () => {
    expect(await refusal(safeFetch(`${base}/hello`))).toMatchObject({ code: 'blocked_address', message: expect.stringContaining('loopback') });
    expect(await refusal(safeFetch(`http://localhost:${port}/hello`))).toMatchObject({ code: 'blocked_address' });
  });

  it('refuses metadata services, encoded loopback forms and non-http schemes', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://metadata.google.internal/', `http://[::ffff:127.0.0.1]:${port}/hello`, `http://0x7f000001:${port}/hello`, `http://2130706433:${port}/hello`, 'http://[::1]/']) {
      expect(await refusal(safeFetch(url)), url).toMatchObject({ code: 'blocked_address' });
    }
    expect(await refusal(safeFetch('file:///etc/passwd'))).toMatchObject({ code: 'bad_url' });
    expect(await refusal(safeFetch(`http://user:pw@example.com/`))).toMatchObject({ code: 'bad_url' });
  });

  it('fetches an explicitly allowed address range', async () => {
    const r = await safeFetch(`${base}/hello`, { allowCidrs: LOCAL });
    expect(r).toMatchObject({ status: 200, contentType: 'text/plain', truncated: false });
    expect(r.body.toString()).toBe('hello world');
  });

  it('checks every redirect hop', async () => {
    const ok = await safeFetch(`${base}/to-hello`, { allowCidrs: LOCAL });
    expect(ok.body.toString()).toBe('hello world');
    expect(ok.redirects).toEqual([`${base}/to-hello`]);
    expect(await refusal(safeFetch(`${base}/to-metadata`, { allowCidrs: LOCAL }))).toMatchObject({ code: 'blocked_address', message: expect.stringContaining('169.254.169.254') });
    expect(await refusal(safeFetch(`${base}/loop`, { allowCidrs: LOCAL, maxRedirects: 3 }))).toMatchObject({ code: 'too_many_redirects' });
  });

  it('checks the addresses a name resolves to at connect time, including after a redirect', async () => {
    const lookup = (host: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(null, host === 'evil.test' ? [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    expect(await refusal(safeFetch(`http://evil.test:${port}/hello`, { lookup }))).toMatchObject({ code: 'blocked_address', message: expect.stringContaining('10.0.0.7') });
    expect(await refusal(safeFetch(`${base}/to-evil-name`, { allowCidrs: LOCAL, lookup }))).toMatchObject({ code: 'blocked_address' });
    // The injected resolver is the one used to connect: a name mapped to the allowed range works.
    const r = await safeFetch(`http://good.test:${port}/hello`, { allowCidrs: LOCAL, lookup });
    expect(r.body.toString()).toBe('hello world');
  });

  it('enforces the host allowlist on the first URL and on redirects', async () => {
    expect(await refusal(safeFetch(`${base}/hello`, { allowCidrs: LOCAL, allowHosts: ['*.example.com'] }))).toMatchObject({ code: 'host_not_allowed' });
    expect(await refusal(safeFetch(`${base}/to-evil-name`, { allowCidrs: LOCAL, allowHosts: ['127.0.0.1'], lookup: (_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }]) }))).toMatchObject({ code: 'host_not_allowed' });
  });

  it('limits size (truncating or failing) and time, and decodes gzip', async () => {
    const cut = await safeFetch(`${base}/big`, { allowCidrs: LOCAL, maxBytes: 1000 });
    expect(cut.body.length).toBe(1000);
    expect(cut.truncated).toBe(true);
    expect(await refusal(safeFetch(`${base}/big`, { allowCidrs: LOCAL, maxBytes: 1000, onOversize: 'error' }))).toMatchObject({ code: 'too_large' });
    expect(await refusal(safeFetch(`${base}/hang`, { allowCidrs: LOCAL, timeoutMs: 200 }))).toMatchObject({ code: 'timeout', retryable: true });
    expect((await safeFetch(`${base}/gzip`, { allowCidrs: LOCAL })).body.toString()).toBe('zipped text');
  });
});

describe('createGuardedFetch', () => {
  it('refuses internal addresses at connect time, redirects included, and allows explicit ranges', async () => {
    const { createGuardedFetch } = await import('../../services/net');
    const strict = createGuardedFetch();
    expect(await refusal(strict(`${base}/hello`))).toMatchObject({ code: 'blocked_address' });
    expect(await refusal(strict(`http://localhost:${port}/hello`))).toMatchObject({ code: 'blocked_address' });
    const local = createGuardedFetch({ allowCidrs: LOCAL });
    expect(await (await local(`${base}/to-hello`)).text()).toBe('hello world');
    expect(await refusal(local(`${base}/to-metadata`))).toMatchObject({ code: 'blocked_address' });
  });
});
