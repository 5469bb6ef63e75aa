// listAgentTools / callTool: every tool call a run makes, in one place. MCP through the worker's
// pooled clients or its built-in servers; the allowlist is enforced here, whatever the model asked
// for; a replay run is served the original run's results by mode; tool errors are results,
// transport failures are retried. Tracing and audit are the worker's interceptors' (services/tracing).
import { ApplicationFailure, Context } from '@temporalio/activity';
import { setActivityTraceDetail } from '../services/tracing';
import { z } from 'zod';
import {
  McpCallError,
  filterAllowedTools,
  isDestructive,
  type InProcessServers,
  type McpPool,
  type McpServerSpec,
  type ToolDescriptor,
} from '../services/mcp';
import { grantFor } from '../services/agents/types';
import { ReplayTraceIncomplete, matchRecordedToolCall, recordedToolCall } from '../services/replay';
import { withHeartbeat } from './heartbeat';
import { replayTraceCache, rethrowIncomplete, type ReplayTraces } from './replay';
import type { ConversationStore } from './conversation';
import type { Store } from '../services/store';
import type { StreamBus } from '../services/bus/types';
import type { BlobStore } from '../services/blobs';
import { recordProgress } from './runs';
import { CallToolInput, ListAgentToolsInput, type AgentActivities, type CallToolResult } from './types';

/** Finds the MCP server a tenant may use under a name (platform config, then the tenant's registry). */
export type ToolServerResolver = (tenantId: string, name: string) => Promise<McpServerSpec | undefined>;

const noReplays = replayTraceCache(undefined);

export interface ToolActivityDeps {
  mcp: McpPool;
  resolveServer: ToolServerResolver;
  /** Built-in servers run inside the worker per tenant (e.g. `knowledge`); they win over configured names. */
  builtinServers?: InProcessServers;
  replayTraces?: ReplayTraces;
  /** Where results above a call's `inlineBytes` are stored (claim-check). */
  conversations?: ConversationStore;
  /** Where a call's carried progress is recorded (without a store, calls carry none). */
  store?: { runs: Pick<Store['runs'], 'recordProgress'> };
  bus?: StreamBus;
  blobs?: BlobStore;
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

  /** exact: the original call's result; model: a matching original call's result, a refusal for
   * a call a replay must not run, or undefined (run it live); live: undefined. */
  async function replayedResult(input: ReplayingCall): Promise<CallToolResult | undefined> {
    const { replay } = input;
    if (replay.mode === 'live') return undefined;
    const trace = await replayTraces(input.runId, replay);
    const name = `${input.server}/${input.tool}`;
    if (replay.mode === 'exact') {
      const recorded = recordedToolCall(trace, replay.step, replay.callIndex);
      if (!recorded) rethrowIncomplete(new ReplayTraceIncomplete(`the trace has no tool call for step ${replay.step} call ${replay.callIndex}`));
      if (recorded.server !== input.server || recorded.tool !== input.tool) {
        throw ApplicationFailure.nonRetryable(`the replay called ${name} where the original called ${recorded.server}/${recorded.tool}`, 'ReplayDiverged');
      }
      // The original call failed below the tool: the replay fails the same way.
      if (!recorded.result) throw ApplicationFailure.nonRetryable(recorded.error ?? 'the tool call failed', 'ReplayedToolFailure');
      return { ...recorded.result, replayed: true };
    }

    const matched = matchRecordedToolCall(trace, input);
    if (matched?.result) return { ...matched.result, replayed: true };
    const tool = (await listTools(input.tenantId, input.server)).find((t) => t.name === input.tool);
    if (!tool || isDestructive(tool)) {
      return replayRefusal(`Not executed: ${name} is a destructive tool and the original run made no call of it with these arguments; a replay never runs destructive tools.`);
    }
    if (replay.needsApproval) {
      return replayRefusal(`Not executed: the original run made no call of ${name} with these arguments, and this call needs approval, which a replay never asks for.`);
    }
    return undefined;
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
      // The step's start is recorded before the tool acts: a watcher sees it before its effects.
      if (input.progress && deps.store) await recordProgress({ store: deps.store, bus: deps.bus, blobs: deps.blobs }, { runId: input.runId, ...input.progress });
      const result = await executeCall(input);
      return input.inlineBytes ? claimChecked(result, input.inlineBytes) : result;
    },
  };

  /** A result too large for history goes to the blob store; the trace still records the whole of it. */
  async function claimChecked(result: CallToolResult, inlineBytes: number): Promise<CallToolResult> {
    if (!deps.conversations) return result;
    const checked = await deps.conversations.claimCheckText(result.content, inlineBytes);
    if (!checked.contentRef) return result;
    try {
      setActivityTraceDetail(Context.current(), { toolResult: result });
    } catch {
      // called outside an activity: nothing traces it
    }
    // structuredContent repeats the content in another form: the model gets the text.
    const { structuredContent: _dropped, ...rest } = result;
    return { ...rest, content: checked.content, contentRef: checked.contentRef };
  }

  async function executeCall(input: z.output<typeof CallToolInput>): Promise<CallToolResult> {
    if (!grantFor(input.grants, input.server, input.tool)) {
      return { content: `Tool "${input.server}/${input.tool}" is not allowed for this agent.`, isError: true };
    }
    if (input.replay) {
      const served = await replayedResult({ ...input, replay: input.replay }).catch(rethrowClassified);
      if (served) return served;
    }
    const opts = { idempotencyKey: input.idempotencyKey };
    const inProcess = builtin(input.server);
    if (inProcess) {
      return withHeartbeat((signal) => inProcess.callTool(input.server, input.tenantId, input.tool, input.arguments, { ...opts, signal }));
    }
    const spec = await serverFor(input.tenantId, input.server);
    return withHeartbeat((signal) => deps.mcp.callTool(spec, input.tool, input.arguments, { ...opts, signal }).catch(rethrowClassified));
  }
}

type ReplayingCall = z.output<typeof CallToolInput> & { replay: NonNullable<z.output<typeof CallToolInput>['replay']> };

const replayRefusal = (content: string): CallToolResult => ({ content, isError: true, replayed: true });

function rethrowClassified(err: unknown): never {
  if (err instanceof McpCallError) {
    throw ApplicationFailure.create({ type: `Mcp_${err.kind}`, message: err.message, nonRetryable: !err.retryable });
  }
  throw err;
}
