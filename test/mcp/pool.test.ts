// The pooled MCP client against the test server as a real subprocess, over both transports.
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpPool, McpCallError, type McpPool, type McpServerSpecInput } from '../../services/mcp';
import { startHttpServer, stdioSpec, tempFile, type HttpServerProcess } from './helpers';

const logLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

for (const transport of ['stdio', 'http'] as const) {
  describe(`MCP pool over ${transport}`, () => {
    const log = tempFile(`side-effects-${transport}.jsonl`);
    let http: HttpServerProcess | undefined;
    let spec: McpServerSpecInput;
    let pool: McpPool;

    beforeAll(async () => {
      if (transport === 'http') {
        http = await startHttpServer({ SIDE_EFFECT_LOG: log });
        spec = { transport: 'http', name: 'test', url: http.url, headers: {} };
      } else {
        spec = stdioSpec('test', { SIDE_EFFECT_LOG: log });
      }
      pool = createMcpPool();
    });
    afterAll(async () => {
      await pool.close();
      await http?.stop();
    });

    it('lists tools with their schemas and annotations', async () => {
      const tools = await pool.listTools(spec);
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect([...byName.keys()]).toEqual(expect.arrayContaining(['echo', 'add', 'record_side_effect', 'slow', 'fail']));
      expect(byName.get('echo')).toMatchObject({ server: 'test', annotations: { readOnlyHint: true }, inputSchema: { type: 'object', required: ['text'] } });
      expect(byName.get('record_side_effect')!.annotations.destructiveHint).toBe(true);
    });

    it('calls tools and returns text and structured content', async () => {
      expect(await pool.callTool(spec, 'echo', { text: 'hello' }, { idempotencyKey: 'e1' })).toEqual({ content: 'hello', isError: false });
      expect(await pool.callTool(spec, 'add', { a: 2, b: 40 }, { idempotencyKey: 'a1' })).toEqual({ content: '42', isError: false, structuredContent: { sum: 42 } });
    });

    it('returns tool errors instead of throwing', async () => {
      expect(await pool.callTool(spec, 'fail', { message: 'nope' }, { idempotencyKey: 'f1' })).toEqual({ content: 'nope', isError: true });
    });

    it('refuses arguments that break the input schema before calling the server', async () => {
      const r = await pool.callTool(spec, 'record_side_effect', { value: 5 }, { idempotencyKey: 'bad-args' });
      expect(r.isError).toBe(true);
      expect(r.content).toContain('arguments/value must be string');
      expect(logLines(log).some((l) => l.key === 'bad-args')).toBe(false);
      const missing = await pool.callTool(spec, 'add', { a: 1 }, { idempotencyKey: 'bad-args-2' });
      expect(missing).toMatchObject({ isError: true, content: expect.stringContaining("must have required property 'b'") });
    });

    it('answers an unknown tool with a tool error', async () => {
      const r = await pool.callTool(spec, 'no_such_tool', {}, { idempotencyKey: 'u1' });
      expect(r).toMatchObject({ isError: true, content: expect.stringContaining('Unknown tool "no_such_tool"') });
    });

    it('sends the idempotency key so a repeated call has its side effect once', async () => {
      const first = await pool.callTool(spec, 'record_side_effect', { value: 'one' }, { idempotencyKey: 'wf-1:step-1:0' });
      const again = await pool.callTool(spec, 'record_side_effect', { value: 'one-retried' }, { idempotencyKey: 'wf-1:step-1:0' });
      await pool.callTool(spec, 'record_side_effect', { value: 'two' }, { idempotencyKey: 'wf-1:step-2:0' });
      expect(again).toEqual(first);
      expect(logLines(log).filter((l) => String(l.key).startsWith('wf-1:'))).toEqual([
        { key: 'wf-1:step-1:0', value: 'one' },
        { key: 'wf-1:step-2:0', value: 'two' },
      ]);
    });

    it('cancels a call through the abort signal and the server sees the cancellation', async () => {
      const count = async () => Number((await pool.callTool(spec, 'cancelled_count', {}, { idempotencyKey: 'c' })).content);
      const before = await count();
      const ac = new AbortController();
      const call = pool.callTool(spec, 'slow', { ms: 60_000 }, { idempotencyKey: 's1', signal: ac.signal });
      const reason = new Error('activity cancelled');
      setTimeout(() => ac.abort(reason), 100);
      const err = await call.catch((e) => e);
      expect(err).toBeInstanceOf(McpCallError);
      expect(err).toMatchObject({ kind: 'cancelled', retryable: false });
      expect(err.cause).toBe(reason);
      await eventually(count, (n) => n === before + 1, 'server-side cancellation');
    });

    it('times out a call as a retryable failure and cancels it on the server', async () => {
      const count = async () => Number((await pool.callTool(spec, 'cancelled_count', {}, { idempotencyKey: 'c' })).content);
      const before = await count();
      const err = await pool.callTool(spec, 'slow', { ms: 60_000 }, { idempotencyKey: 's2', timeoutMs: 150 }).catch((e) => e);
      expect(err).toMatchObject({ name: 'McpCallError', kind: 'timeout', retryable: true });
      await eventually(count, (n) => n === before + 1, 'server-side cancellation after timeout');
    });

    it('lists tools again when the server announces a changed tool list', async () => {
      expect((await pool.listTools(spec)).some((t) => t.name === `late_${transport}`)).toBe(false);
      await pool.callTool(spec, 'register_tool', { name: `late_${transport}` }, { idempotencyKey: 'r1' });
      await eventually(() => pool.listTools(spec), (tools) => tools.some((t) => t.name === `late_${transport}`), 'tool list refresh');
      expect(await pool.callTool(spec, `late_${transport}`, {}, { idempotencyKey: 'r2' })).toEqual({ content: 'dynamic', isError: false });
    });

    it('keeps one connection per server spec', async () => {
      const pids = await Promise.all([1, 2, 3].map((i) => pool.callTool(spec, 'pid', {}, { idempotencyKey: `p${i}` })));
      expect(new Set(pids.map((p) => p.content)).size).toBe(1);
    });
  });
}
