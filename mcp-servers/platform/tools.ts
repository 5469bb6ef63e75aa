// MCP server `platform`: Keel itself as tools — list agents, start a run, get a run.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { TERMINAL_STATUSES, type RunStatus } from '../../services/agents';
import { IdempotentResults, idempotencyKeyOf } from '../shared/idempotency';
import { PlatformToolError, type PlatformBackend, type RunView } from './backend';

const json = (value: unknown): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
  structuredContent: value as Record<string, unknown>,
});
const toolError = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

async function guarded(fn: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PlatformToolError) return toolError(err.message);
    throw err;
  }
}

/** Runs are short summaries for the model: status, answer, usage; steps as a count. */
function summary(run: RunView) {
  const outcome = (run.outcome ?? {}) as { output?: string; error?: { message: string }; limit?: string };
  return {
    run_id: run.id,
    agent: run.agentName,
    version: run.agentVersion,
    status: run.status,
    output: outcome.output ?? null,
    error: outcome.error?.message ?? null,
    limit: outcome.limit ?? null,
    steps: run.steps.length,
    pending_approvals: run.pendingApprovals?.length ?? 0,
    usage: run.usage,
    created_at: run.createdAt,
    ended_at: run.endedAt,
  };
}

async function waitForEnd(backend: PlatformBackend, run: RunView, waitSeconds: number, signal: AbortSignal): Promise<RunView> {
  const deadline = Date.now() + waitSeconds * 1000;
  let current = run;
  while (!TERMINAL_STATUSES.has(current.status as RunStatus) && current.status !== 'awaiting_approval' && Date.now() < deadline && !signal.aborted) {
    await new Promise((r) => setTimeout(r, 250));
    current = await backend.getRun(run.id);
  }
  return current;
}

/** `backendFor` gives the tenant's backend for this session (from its auth, never from arguments). */
export function createPlatformMcpServer(backend: PlatformBackend, results = new IdempotentResults()): McpServer {
  const server = new McpServer({ name: 'keel-platform', version: '1.0.0' });

  server.registerTool(
    'list_agents',
    { title: 'List agents', description: 'The agents registered for your tenant, with their latest version and description.', annotations: { readOnlyHint: true } },
    async () => guarded(async () => json({ agents: await backend.listAgents() })),
  );

  server.registerTool(
    'start_run',
    {
      title: 'Start an agent run',
      description:
        'Starts a durable run of a registered agent with a text input. Returns the run id and status; with wait_seconds, waits up to that long for the answer.',
      inputSchema: {
        agent: z.string().min(1).max(63),
        input: z.string().min(1).max(100_000),
        version: z.number().int().positive().optional().describe('pin a version; default latest'),
        wait_seconds: z.number().int().min(0).max(300).optional().describe('wait for the run to finish (or need approval)'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ agent, input, version, wait_seconds }, extra) =>
      // The same idempotency key starts one run: a retried call gets the first run back.
      results.run(idempotencyKeyOf(extra), () =>
        guarded(async () => {
          const started = await backend.startRun({ agent, input, version });
          const run = wait_seconds ? await waitForEnd(backend, started, wait_seconds, extra.signal) : started;
          return json(summary(run));
        }),
      ),
  );

  server.registerTool(
    'get_run',
    {
      title: 'Get a run',
      description: 'Status, answer, usage and step count of a run started by your tenant.',
      inputSchema: { run_id: z.string().min(1).max(100) },
      annotations: { readOnlyHint: true },
    },
    async ({ run_id }) => guarded(async () => json(summary(await backend.getRun(run_id)))),
  );

  return server;
}
