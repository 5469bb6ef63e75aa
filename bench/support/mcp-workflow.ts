// Workflow for bench/support/mcp-activity.ts: calls the `callTool` activity `calls` times in a row, as
// AgentRunWorkflow runs tool calls (local activities), or as scheduled activities for comparison.
import { localToolActivities, remoteToolActivities } from '../../workflows/agent/tool-activities';

export async function mcpActivityBenchWorkflow(input: { calls: number; server: string; mode: 'local' | 'remote' }): Promise<void> {
  const { callTool } = input.mode === 'local' ? localToolActivities : remoteToolActivities;
  for (let i = 0; i < input.calls; i++) {
    await callTool({
      tenantId: 'bench',
      runId: 'bench',
      grants: [{ server: input.server, tools: ['echo'], approval: {} }],
      server: input.server,
      tool: 'echo',
      arguments: { text: 'ping' },
      idempotencyKey: `bench:${i}`,
    });
  }
}
