// Pure rules of an agent's tool access: which tools it may use, under what name the model sees
// them, and which calls need a human's approval. Importable by workflows.
import type { ToolDescriptor } from '../mcp/types';
import { isDestructive } from '../mcp/types';
import type { ToolGrant } from './definition';
import type { ToolSpec } from '../router/types';

export function globMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(name);
}

function escapeRegExp(s: string) {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export function grantFor(grants: ToolGrant[], server: string, tool: string): ToolGrant | undefined {
  return grants.find((g) => g.server === server && g.tools.some((p) => globMatches(p, tool)));
}

/** The approval policy wins in order: exact tool name, then the first matching glob, then `auto`. */
export function needsApproval(grant: ToolGrant, tool: ToolDescriptor): boolean {
  const exact = grant.approval[tool.name];
  const policy = exact ?? Object.entries(grant.approval).find(([p]) => globMatches(p, tool.name))?.[1] ?? 'auto';
  if (policy === 'required') return true;
  if (policy === 'never') return false;
  return isDestructive(tool);
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
