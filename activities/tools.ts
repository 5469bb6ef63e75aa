// listAgentTools / callTool: MCP through the worker's pooled clients. The allowlist is enforced
// here, whatever the model asked for; tool errors are results, transport failures are retried.
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { McpCallError, filterAllowedTools, type McpPool, type McpServerSpec, type ToolCallResult, type ToolDescriptor } from '../services/mcp';
import { ToolGrantSchema } from '../services/agents/definition';
import { grantFor } from '../services/agents/policy';
import { ReplayToolCallSchema } from '../services/replay/types';
import { withHeartbeat } from './heartbeat';
import { replayTraceCache, replayedToolResult, type ReplayTraces, type ReplayedToolResult } from './replay';

/** Finds the MCP server a tenant may use under a name (platform config, then the tenant's registry). */
export type ToolServerResolver = (tenantId: string, name: string) => Promise<McpServerSpec | undefined>;

export const ListAgentToolsInput = z.object({ tenantId: z.string(), grants: z.array(ToolGrantSchema) });
export const CallToolInput = z.object({
  tenantId: z.string(),
  runId: z.string(),
  grants: z.array(ToolGrantSchema),
  server: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  idempotencyKey: z.string().min(1),
  /** Set on replay runs: recorded results are served by mode (see ./replay). */
  replay: ReplayToolCallSchema.optional(),
});

const noReplays = replayTraceCache(undefined);

export function toolActivities(deps: { mcp: McpPool; resolveServer: ToolServerResolver; replayTraces?: ReplayTraces }) {
  const replayTraces = deps.replayTraces ?? noReplays;
  async function serverFor(tenantId: string, name: string) {
    const spec = await deps.resolveServer(tenantId, name);
    if (!spec) throw ApplicationFailure.nonRetryable(`no MCP server named "${name}" is registered`, 'ToolServerUnknown');
    return spec;
  }

  return {
    async listAgentTools(raw: z.input<typeof ListAgentToolsInput>): Promise<ToolDescriptor[]> {
      const input = ListAgentToolsInput.parse(raw);
      const servers = [...new Set(input.grants.map((g) => g.server))];
      const lists = await Promise.all(
        servers.map(async (name) => {
          const spec = await serverFor(input.tenantId, name);
          const tools = await deps.mcp.listTools(spec).catch(rethrowClassified);
          // The registry name is what grants refer to, whatever the server calls itself.
          return tools.map((t) => ({ ...t, server: name }));
        }),
      );
      return filterAllowedTools(input.grants.map((g) => ({ server: g.server, tools: g.tools })), lists.flat());
    },

    async callTool(raw: z.input<typeof CallToolInput>): Promise<ToolCallResult | ReplayedToolResult> {
      const input = CallToolInput.parse(raw);
      if (!grantFor(input.grants, input.server, input.tool)) {
        return { content: `Tool "${input.server}/${input.tool}" is not allowed for this agent.`, isError: true };
      }
      if (input.replay) {
        const replay = input.replay;
        const served = await replayedToolResult({ traces: replayTraces, mcp: deps.mcp, serverFor }, { ...input, replay }).catch(rethrowClassified);
        if (served) return served;
      }
      const spec = await serverFor(input.tenantId, input.server);
      return withHeartbeat((signal) =>
        deps.mcp.callTool(spec, input.tool, input.arguments, { idempotencyKey: input.idempotencyKey, signal }).catch(rethrowClassified),
      );
    },
  };
}

function rethrowClassified(err: unknown): never {
  if (err instanceof McpCallError) {
    throw ApplicationFailure.create({ type: `Mcp_${err.kind}`, message: err.message, nonRetryable: !err.retryable });
  }
  throw err;
}
