// Pure rules of an agent's tool access: which tools it may use, under what name the model sees
// them, which calls need a human's approval, and how budget decisions apply. Importable by
// workflows: no schema library here (workflow code evaluates its imports again for every run).
import type { ApprovalPolicy, ToolDescriptor } from '../mcp/types';
import { isToolAllowed, needsApproval as policyNeedsApproval } from '../mcp/policy';
import type { ToolGrant } from './definition';
import type { ToolSpec } from '../router/types';
import type { ApprovalDecision, BudgetDecision, BudgetExtension, LimitName } from './run-types';

export function grantFor(grants: ToolGrant[], server: string, tool: string): ToolGrant | undefined {
  return grants.find((g) => isToolAllowed([{ server: g.server, tools: g.tools }], server, tool));
}

/** The grant's approval keys name tools of its server; the first matching key wins, else `auto`. */
export function needsApproval(grant: ToolGrant, tool: ToolDescriptor): boolean {
  const policy: ApprovalPolicy = {};
  for (const [pattern, rule] of Object.entries(grant.approval)) policy[`${grant.server}/${pattern}`] = rule;
  return policyNeedsApproval(tool, policy);
}

/** Model-facing tool names must match ^[a-zA-Z0-9_-]{1,64}$ for every provider. */
export function modelToolName(server: string, tool: string): string {
  const clean = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, '_');
  return `${clean(server)}__${clean(tool)}`.slice(0, 64);
}

export function toolSpecs(tools: ToolDescriptor[]): ToolSpec[] {
  return tools.map((t) => ({
    name: modelToolName(t.server, t.name),
    description: t.description,
    inputSchema: t.inputSchema,
  }));
}

export function findTool(tools: ToolDescriptor[], modelName: string): ToolDescriptor | undefined {
  return tools.find((t) => modelToolName(t.server, t.name) === modelName);
}

/** Which budget amount raises which limit. */
export const EXTENSION_FOR_LIMIT: Record<LimitName, keyof BudgetExtension> = {
  max_steps: 'steps', max_total_tokens: 'tokens', max_cost_usd: 'costUsd', deadline: 'seconds',
};

export const isBudgetDecision = (d: ApprovalDecision): d is BudgetDecision => d.kind === 'budget';
