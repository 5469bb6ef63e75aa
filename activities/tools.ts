// listAgentTools / callTool: MCP through the worker's pooled clients. The allowlist is enforced
// here, whatever the model asked for; tool errors are results, transport failures are retried.
import { ApplicationFailure } from '@temporalio/activity';
import { McpCallError, filterAllowedTools, type InProcessServers, type McpPool, type McpServerSpec, type ToolDescriptor } from '../services/mcp';
import { grantFor } from '../services/agents/policy';
import { withHeartbeat } from './heartbeat';
import { replayTraceCache, replayedToolResult, type ReplayTraces } from './replay';
import { CallToolInput, ListAgentToolsInput, type AgentActivities } from './types';

/** Finds the MCP server a tenant may use under a name (platform config, then the tenant's registry). */
export type ToolServerResolver = (tenantId: string, name: string) => Promise<McpServerSpec | undefined>;

const noReplays = replayTraceCache(undefined);

export interface ToolActivityDeps {
  mcp: McpPool;
  resolveServer: ToolServerResolver;
  /** Built-in servers run inside the worker per tenant (e.g. `knowledge`); they win over configured names. */
  builtinServers?: InProcessServers;
  replayTraces?: ReplayTraces;
}

export function toolActivities(deps: ToolActivityDeps): Pick<AgentActivities, 'listAgentTools' | 'callTool'> {
  const replayTraces = deps.replayTraces ?? noReplays;
  const builtin = (name: string) => (deps.builtinServers?.has(name) ? deps.builtinServers : undefined);
  async function serverFor(tenantId: string, name: string) {
    const spec = await deps.resolveServer(tenantId, name);
    if (!spec) throw ApplicationFailure.nonRetryable(`no MCP server named "${name}" is registered`, 'ToolServerUnknown');
    return spec;
  }
  async function listTools(tenantId: string, name: string): Promise<ToolDescriptor[]> {
    const inProcess = builtin(name);
    if (inProcess) return inProcess.listTools(name, tenantId);
    return deps.mcp.listTools(await serverFor(tenantId, name)).catch(rethrowClassified);
  }

  return {
    async listAgentTools(raw) {
      const input = ListAgentToolsInput.parse(raw);
      const servers = [...new Set(input.grants.map((g) => g.server))];
      const lists = await Promise.all(
        servers.map(async (name) => {
          const tools = await listTools(input.tenantId, name);
          // The registry name is what grants refer to, whatever the server calls itself.
          return tools.map((t) => ({ ...t, server: name }));
        }),
      );
      return filterAllowedTools(input.grants.map((g) => ({ server: g.server, tools: g.tools })), lists.flat());
    },

    async callTool(raw) {
      const input = CallToolInput.parse(raw);
      if (!grantFor(input.grants, input.server, input.tool)) {
        return { content: `Tool "${input.server}/${input.tool}" is not allowed for this agent.`, isError: true };
      }
      if (input.replay) {
        const replay = input.replay;
        const served = await replayedToolResult({ traces: replayTraces, listTools }, { ...input, replay }).catch(rethrowClassified);
        if (served) return served;
      }
      const opts = { idempotencyKey: input.idempotencyKey };
      const inProcess = builtin(input.server);
      if (inProcess) {
        return withHeartbeat((signal) => inProcess.callTool(input.server, input.tenantId, input.tool, input.arguments, { ...opts, signal }));
      }
      const spec = await serverFor(input.tenantId, input.server);
      return withHeartbeat((signal) => deps.mcp.callTool(spec, input.tool, input.arguments, { ...opts, signal }).catch(rethrowClassified));
    },
  };
}

function rethrowClassified(err: unknown): never {
  if (err instanceof McpCallError) {
    throw ApplicationFailure.create({ type: `Mcp_${err.kind}`, message: err.message, nonRetryable: !err.retryable });
  }
  throw err;
}
