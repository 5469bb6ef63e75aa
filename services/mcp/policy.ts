// Which tools an agent may call: grants name servers and tools by exact name or glob.
// Pure and deterministic, so workflows and activities can both enforce it.
import { z } from 'zod';
import { isDestructive, type ToolDescriptor } from './types';

/**
 * A grant: `{ server: 'http', tools: ['fetch*'] }` (tools defaults to every tool), or the short
 * string form `"server"`, `"server/tool"`, `"server/*"`. `*` matches any run of characters,
 * `?` one character; everything else is literal.
 */
export const ToolGrant = z.union([
  z.string().min(1),
  z.object({ server: z.string().min(1), tools: z.array(z.string().min(1)).default(['*']) }),
]);
export type ToolGrant = z.input<typeof ToolGrant>;

interface NormalGrant {
  server: RegExp;
  tools: RegExp[];
}

export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function normalise(grant: ToolGrant): NormalGrant {
  if (typeof grant === 'string') {
    const slash = grant.indexOf('/');
    const server = slash < 0 ? grant : grant.slice(0, slash);
    const tool = slash < 0 ? '*' : grant.slice(slash + 1) || '*';
    return { server: globToRegExp(server), tools: [globToRegExp(tool)] };
  }
  return { server: globToRegExp(grant.server), tools: (grant.tools ?? ['*']).map(globToRegExp) };
}

/** Compiles grants once; the returned predicate answers "may this agent call server/tool?". */
export function compileAllowlist(grants: readonly ToolGrant[]): (server: string, tool: string) => boolean {
  const compiled = grants.map(normalise);
  return (server, tool) => compiled.some((g) => g.server.test(server) && g.tools.some((t) => t.test(tool)));
}

export function isToolAllowed(grants: readonly ToolGrant[], server: string, tool: string): boolean {
  return compileAllowlist(grants)(server, tool);
}

/** Keeps only the tools the grants allow (what the model gets to see). */
export function filterAllowedTools<T extends Pick<ToolDescriptor, 'server' | 'name'>>(grants: readonly ToolGrant[], tools: readonly T[]): T[] {
  const allowed = compileAllowlist(grants);
  return tools.filter((t) => allowed(t.server, t.name));
}

/**
 * Approval policy per tool: `always` / `never` override the annotations; otherwise a tool needs
 * approval when it is destructive by MCP's defaults (not `readOnlyHint`, not `destructiveHint: false`).
 * Keys are grant strings (`"server/tool"`, globs allowed); the first matching key wins.
 */
export const ApprovalPolicy = z.record(z.string(), z.enum(['always', 'never', 'auto']));
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

export function needsApproval(tool: Pick<ToolDescriptor, 'server' | 'name' | 'annotations'>, policy: ApprovalPolicy = {}): boolean {
  const rule = Object.entries(policy).find(([pattern]) => isToolAllowed([pattern], tool.server, tool.name))?.[1] ?? 'auto';
  return rule === 'auto' ? isDestructive(tool) : rule === 'always';
}
