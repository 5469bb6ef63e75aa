// The `callTool` activity's share of bench/mcp.ts: a workflow on a real Temporal dev server calls
// `echo` on the stdio test server through the activity, back to back. A call's time is the gap
// between the starts of consecutive calls in the worker process: the activity itself plus
// Temporal's work to hand its result to the workflow and run the next one.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { devServerArgs } from '../../services/temporal';
import type { McpServerSpec } from '../../services/mcp';
import { createMcpPool } from '../../services/mcp';
import { mcpActivityBenchWorkflow } from './mcp-workflow';

type Mode = 'local' | 'remote';
export type ActivityTimes = Record<Mode, number[]> & { noop: number[] };

export async function activityTimes(spec: McpServerSpec, calls: number): Promise<ActivityTimes | { skipped: string }> {
  const temporal = resolve(__dirname, '../../.tools/bin/temporal');
  if (!existsSync(temporal)) return { skipped: 'Temporal CLI not installed (npm run setup)' };
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const { Worker, Runtime, DefaultLogger } = await import('@temporalio/worker');
  const { toolActivities } = await import('../../activities/tools');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporal }, extraArgs: ['--log-level', 'error', ...devServerArgs()] } });
  const pool = createMcpPool();
  const tools = toolActivities({ mcp: pool, resolveServer: async (_t, name) => (name === spec.name ? spec : undefined) });

  const measure = async (taskQueue: string, mode: Mode, callTool: typeof tools.callTool) => {
    let starts: number[] = [];
    const timed: typeof tools.callTool = (input) => {
      starts.push(performance.now());
      return callTool(input);
    };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('./mcp-workflow'), activities: { callTool: timed } });
    return worker.runUntil(async () => {
      const run = (n: number) =>
        env.client.workflow.execute(mcpActivityBenchWorkflow, { taskQueue, workflowId: `${taskQueue}-${mode}-${n}-${Date.now()}`, args: [{ calls: n, server: spec.name, mode }] });
      await run(10); // warm: worker caches, pool connection, server start
      starts = [];
      await run(calls + 1);
      return starts.slice(1).map((s, i) => s - starts[i]);
    });
  };
  try {
    const local = await measure('bench-local', 'local', tools.callTool);
    const remote = await measure('bench-remote', 'remote', tools.callTool);
    // The product's path with an activity that does nothing: Temporal's own share of the figure.
    const noop = await measure('bench-noop', 'local', async () => ({ content: 'ping', isError: false }));
    return { local, remote, noop };
  } finally {
    await pool.close();
    await env.teardown();
  }
}
