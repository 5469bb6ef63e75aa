// MCP call latency: a trivial tool (`echo`) on the test server over a pooled stdio connection,
// over a pooled Streamable HTTP connection, and through the `callTool` activity on a real
// Temporal dev server (workflow → activity → pool → stdio server).
// Last stdout line: {"stdio_call_p50_ms":…,"http_call_p50_ms":…,"activity_call_p50_ms":…}
import { devServerArgs } from '../services/temporal';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { createMcpPool, type McpPool, type McpServerSpecInput, type McpServerSpec } from '../services/mcp';

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

async function activityTimes(): Promise<{ mcp: number[]; noop: number[] } | { skipped: string }> {
  const temporal = resolve(root, '.tools/bin/temporal');
  if (!existsSync(temporal)) return { skipped: 'Temporal CLI not installed (npm run setup)' };
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const { Worker, Runtime, DefaultLogger } = await import('@temporalio/worker');
  const { toolActivities } = await import('../activities/tools');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporal }, extraArgs: ['--log-level', 'error', ...devServerArgs()] } });
  const pool = createMcpPool();
  const measure = async (taskQueue: string, activities: object) => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('./mcp-workflow'), activities });
    return worker.runUntil(async () => {
      const run = (calls: number) =>
        env.client.workflow.execute('mcpActivityBenchWorkflow', { taskQueue, workflowId: `${taskQueue}-${Date.now()}-${calls}`, args: [{ calls, server: 'bench' }] });
      await run(10); // warm: worker caches, pool connection, server start
      return (await run(ACTIVITY_CALLS)) as number[];
    });
  };
  try {
    const mcp = await measure('bench-mcp', toolActivities({ mcp: pool, resolveServer: async (_t, name) => (name === 'bench' ? stdioSpec : undefined) }));
    // The same workflow with an activity that does nothing: Temporal's own share of the figure.
    const noop = await measure('bench-noop', { callTool: async () => ({ content: 'ping', isError: false }) });
    return { mcp, noop };
  } finally {
    await pool.close();
    await env.teardown();
  }
}

async function main() {
  const pool = createMcpPool();
  const http = await startHttpTestServer();
  try {
    const stdio = await timeCalls(pool, stdioSpec, CALLS);
    const httpTimes = await timeCalls(pool, { transport: 'http', name: 'bench-http', url: http.url, headers: {} }, CALLS);
    await pool.close();
    const activity = await activityTimes();
    const measured = 'mcp' in activity ? activity : undefined;
    const summary = {
      stdio_call_p50_ms: round(percentile(stdio, 50)),
      http_call_p50_ms: round(percentile(httpTimes, 50)),
      activity_call_p50_ms: measured ? percentile(measured.mcp, 50) : null,
    };
    const detail = {
      calls: CALLS,
      stdio_call_p95_ms: round(percentile(stdio, 95)),
      http_call_p95_ms: round(percentile(httpTimes, 95)),
      activity_calls: measured?.mcp.length ?? 0,
      activity_call_p95_ms: measured ? percentile(measured.mcp, 95) : null,
      noop_activity_p50_ms: measured ? percentile(measured.noop, 50) : null,
      activity_note: measured ? 'Temporal workflow clock (ms): activity scheduled to the next workflow task; noop = same workflow, empty activity' : (activity as { skipped: string }).skipped,
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
