// Crashes, restarts, idle close and secret handling, with real server processes.
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpPool, McpCallError, type McpPool } from '../../services/mcp';
import { startHttpServer, stdioSpec, tempFile } from './helpers';
import { freePort } from '../support/ports';

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

let pool: McpPool;
afterEach(async () => pool?.close());

describe('stdio server crashes', () => {
  it('restarts a server that died mid-call and retries once with the same key: the side effect happens once', async () => {
    const log = tempFile('crash.jsonl');
    const spec = stdioSpec('crashy', { SIDE_EFFECT_LOG: log });
    pool = createMcpPool();
    const pidBefore = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p0' })).content);

    const r = await pool.callTool(spec, 'record_side_effect', { value: 'charge-card', crash_after_write: true }, { idempotencyKey: 'wf-9:3:0' });

    expect(r).toEqual({ content: 'recorded charge-card', isError: false, structuredContent: { key: 'wf-9:3:0', value: 'charge-card' } });
    expect(lines(log)).toEqual([{ key: 'wf-9:3:0', value: 'charge-card' }]);
    const pidAfter = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p1' })).content);
    expect(pidAfter).not.toBe(pidBefore);
    expect(isRunning(pidBefore)).toBe(false);
  });

  it('restarts a server killed between calls', async () => {
    const spec = stdioSpec('killed');
    pool = createMcpPool();
    const pid = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p0' })).content);
    process.kill(pid, 'SIGKILL');
    await until(() => !isRunning(pid), 'server exit');
    const r = await pool.callTool(spec, 'echo', { text: 'back' }, { idempotencyKey: 'e1' });
    expect(r.content).toBe('back');
  });

  it('fails with a retryable connection error when the server cannot start, naming no secret', async () => {
    process.env.KEEL_TEST_SECRET_X = 'sup3r-s3cret-value';
    pool = createMcpPool();
    const spec = { transport: 'stdio' as const, name: 'broken', command: process.execPath, args: ['-e', 'console.error("token=" + process.env.TOKEN); process.exit(3)'], env: { TOKEN: { fromEnv: 'KEEL_TEST_SECRET_X' } } };
    const err = await pool.callTool(spec, 'echo', {}, { idempotencyKey: 'k' }).catch((e) => e);
    expect(err).toBeInstanceOf(McpCallError);
    expect(err).toMatchObject({ kind: 'connection', retryable: true });
    expect(err.message).toContain('token=[redacted]');
    expect(err.message).not.toContain('sup3r-s3cret-value');
  });
});

describe('tool list cache', () => {
  it('reuses a listing within its TTL and lists again (restarting the server) after it', async () => {
    pool = createMcpPool({ listToolsTtlMs: 60_000 });
    const spec = stdioSpec('cached');
    const pid = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p0' })).content);
    process.kill(pid, 'SIGKILL');
    await until(() => !isRunning(pid), 'server exit');
    // Cached: answered without a live server.
    expect((await pool.listTools(spec)).map((t) => t.name)).toContain('echo');
    const fresh = createMcpPool({ listToolsTtlMs: 0 });
    try {
      const other = stdioSpec('uncached');
      const first = Number((await fresh.callTool(other, 'pid', {}, { idempotencyKey: 'p0' })).content);
      process.kill(first, 'SIGKILL');
      await until(() => !isRunning(first), 'server exit');
      expect((await fresh.listTools(other)).map((t) => t.name)).toContain('echo');
      const second = Number((await fresh.callTool(other, 'pid', {}, { idempotencyKey: 'p1' })).content);
      expect(second).not.toBe(first);
    } finally {
      await fresh.close();
    }
  });
});

describe('idle close', () => {
  it('stops an idle stdio server and starts it again on the next call', async () => {
    pool = createMcpPool({ idleTimeoutMs: 100 });
    const spec = stdioSpec('idle');
    const pid = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p0' })).content);
    await until(() => !isRunning(pid), 'idle server stopped');
    const again = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p1' })).content);
    expect(again).not.toBe(pid);
  });

  it('forgets an idle spec (tenant specs must not pile up): the next call connects as a first', async () => {
    const registry = new Registry();
    pool = createMcpPool({ idleTimeoutMs: 100, metricsRegistry: registry });
    const spec = stdioSpec('forgotten');
    const pid = Number((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'f0' })).content);
    await until(() => !isRunning(pid), 'idle server stopped');
    await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'f1' });
    const connects = (await registry.getMetricsAsJSON()).find((m) => m.name === 'keel_mcp_connects_total')?.values ?? [];
    expect(connects.map((v) => [v.labels.reason, v.value])).toEqual([['first', 2]]);
  });
});

describe('secret references', () => {
  it('resolves env references into the stdio server env and bearer token header', async () => {
    process.env.KEEL_TEST_TOKEN = 'abcdef123456';
    pool = createMcpPool();
    const stdio = stdioSpec('secret-env', { API_TOKEN: { fromEnv: 'KEEL_TEST_TOKEN' } });
    expect((await pool.callTool(stdio, 'env', { name: 'API_TOKEN' }, { idempotencyKey: 'k' })).content).toBe('set:12');

    const http = await startHttpServer();
    try {
      const spec = { transport: 'http' as const, name: 'secret-http', url: http.url, headers: { 'X-Api-Key': { secret: 'partner' } }, bearerTokenRef: { fromEnv: 'KEEL_TEST_TOKEN' } };
      const named = createMcpPool({ resolveSecret: (name) => (name === 'partner' ? 'partner-key' : undefined) });
      try {
        expect((await named.callTool(spec, 'header', { name: 'authorization' }, { idempotencyKey: 'k' })).content).toBe(`set:${'Bearer abcdef123456'.length}`);
        expect((await named.callTool(spec, 'header', { name: 'x-api-key' }, { idempotencyKey: 'k' })).content).toBe('set:11');
      } finally {
        await named.close();
      }
    } finally {
      await http.stop();
    }
  });

  it('refuses a spec whose secret is missing, as a non-retryable config error that names the reference only', async () => {
    pool = createMcpPool();
    const spec = stdioSpec('missing', { API_TOKEN: { fromEnv: 'KEEL_TEST_UNSET_VAR' } });
    const err = await pool.listTools(spec).catch((e) => e);
    expect(err).toMatchObject({ name: 'McpCallError', kind: 'config', retryable: false });
    expect(err.message).toContain('env KEEL_TEST_UNSET_VAR');
  });
});

describe('Streamable HTTP server restarts', () => {
  it('reconnects with a new session after the server restarted, retrying the call once', async () => {
    const port = await freePort();
    const log = tempFile('http-restart.jsonl');
    let server = await startHttpServer({ SIDE_EFFECT_LOG: log, PORT: String(port) });
    pool = createMcpPool();
    const spec = { transport: 'http' as const, name: 'restarting', url: server.url, headers: {} };
    try {
      const pid1 = (await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p0' })).content;
      await server.stop();
      const down = await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p1' }).catch((e) => e);
      expect(down).toMatchObject({ kind: 'connection', retryable: true });
      server = await startHttpServer({ SIDE_EFFECT_LOG: log, PORT: String(port) });
      const r = await pool.callTool(spec, 'record_side_effect', { value: 'v' }, { idempotencyKey: 'after-restart' });
      expect(r.isError).toBe(false);
      expect((await pool.callTool(spec, 'pid', {}, { idempotencyKey: 'p2' })).content).not.toBe(pid1);
      expect(lines(log)).toEqual([{ key: 'after-restart', value: 'v' }]);
    } finally {
      await server.stop();
    }
  });
});
