// MCP call latency: a trivial tool (`echo`) on the test server over a pooled stdio connection,
// over a pooled Streamable HTTP connection, and through the `callTool` activity on a real
// Temporal dev server (workflow → activity → pool → stdio server; see ./support/mcp-activity).
// Last stdout line: {"stdio_call_p50_ms":…,"http_call_p50_ms":…,"activity_call_p50_ms":…}
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { createMcpPool, type McpPool, type McpServerSpecInput, type McpServerSpec } from '../services/mcp';
import { activityTimes } from './support/mcp-activity';

const root = resolve(__dirname, '..');
const TEST_SERVER = resolve(root, 'test/support/mcp-test-server.ts');
const CALLS = Number(process.env.BENCH_MCP_CALLS ?? 300);
const ACTIVITY_CALLS = Number(process.env.BENCH_MCP_ACTIVITY_CALLS ?? 100);

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number) => Math.round(x * 1000) / 1000;

async function timeCalls(pool: McpPool, spec: McpServerSpecInput, n: number): Promise<number[]> {
  for (let i = 0; i < 30; i++) await pool.callTool(spec, 'echo', { text: 'warm' }, { idempotencyKey: `warm-${i}` });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await pool.callTool(spec, 'echo', { text: 'ping' }, { idempotencyKey: `k-${i}` });
    times.push(performance.now() - t);
  }
  return times;
}

async function startHttpTestServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', TEST_SERVER, '--http', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', (l) => ok(l.trim()));
    child.once('exit', (c) => fail(new Error(`test server exited ${c}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const stdioSpec: McpServerSpec = { transport: 'stdio', name: 'bench', command: process.execPath, args: ['--import', 'tsx', TEST_SERVER, '--stdio'], env: {}, cwd: root };

async function main() {
  const pool = createMcpPool();
  const http = await startHttpTestServer();
  try {
    const stdio = await timeCalls(pool, stdioSpec, CALLS);
    const httpTimes = await timeCalls(pool, { transport: 'http', name: 'bench-http', url: http.url, headers: {} }, CALLS);
    await pool.close();
    const activity = await activityTimes(stdioSpec, ACTIVITY_CALLS);
    const measured = 'local' in activity ? activity : undefined;
    const summary = {
      stdio_call_p50_ms: round(percentile(stdio, 50)),
      http_call_p50_ms: round(percentile(httpTimes, 50)),
      activity_call_p50_ms: measured ? round(percentile(measured.local, 50)) : null,
    };
    const detail = {
      calls: CALLS,
      stdio_call_p95_ms: round(percentile(stdio, 95)),
      http_call_p95_ms: round(percentile(httpTimes, 95)),
      activity_calls: measured?.local.length ?? 0,
      activity_call_p95_ms: measured ? round(percentile(measured.local, 95)) : null,
      noop_activity_p50_ms: measured ? round(percentile(measured.noop, 50)) : null,
      remote_activity_call_p50_ms: measured ? round(percentile(measured.remote, 50)) : null,
      activity_note: measured
        ? 'worker clock (ms) between consecutive call starts; callTool as AgentRunWorkflow runs it (local activity); noop = same path, empty activity; remote = as a scheduled activity'
        : (activity as { skipped: string }).skipped,
    };
    process.stdout.write(`${JSON.stringify(detail)}\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    http.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench mcp failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
