// Decides, for each tool call the model asked for, which tool it is, whether the agent may use it
// and whether it needs approval. Pure.
import type { ToolCall } from '../../services/router/types';
import type { ToolDescriptor } from '../../services/mcp/types';
import type { ToolGrant } from '../../services/agents/types';
import { findTool, grantFor, needsApproval } from '../../services/agents/policy';

export interface PlannedCall {
  call: ToolCall;
  tool?: ToolDescriptor;
  /** Set when the call must not run; becomes the error result the model sees. */
  refusal?: string;
  needsApproval: boolean;
}

export function planToolCalls(tools: ToolDescriptor[], grants: ToolGrant[], calls: ToolCall[]): PlannedCall[] {
  return calls.map((call) => {
    const tool = findTool(tools, call.name);
    if (!tool) return { call, refusal: `Unknown tool "${call.name}": it is not among the tools this agent may use.`, needsApproval: false };
    const grant = grantFor(grants, tool.server, tool.name);
    if (!grant) return { call, tool, refusal: `Tool "${call.name}" is not allowed for this agent.`, needsApproval: false };
    return { call, tool, needsApproval: needsApproval(grant, tool) };
  });
}
