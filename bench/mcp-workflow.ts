// Workflow for bench/mcp.ts: calls the `callTool` activity `calls` times in a row and returns the
// Temporal-observed time of each (workflow clock = start of the workflow task after each completion).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { callTool } = proxyActivities<Pick<Activities, 'callTool'>>({ startToCloseTimeout: '30s' });

export async function mcpActivityBenchWorkflow(input: { calls: number; server: string }): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < input.calls; i++) {
    const started = Date.now();
    await callTool({
      tenantId: 'bench',
      runId: 'bench',
      grants: [{ server: input.server, tools: ['echo'], approval: {} }],
      server: input.server,
      tool: 'echo',
      arguments: { text: 'ping' },
      idempotencyKey: `bench:${i}`,
    });
    times.push(Date.now() - started);
  }
  return times;
}
