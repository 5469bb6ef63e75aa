// Which tools an agent may call: grants name servers and tools by exact name or glob.
// Pure and deterministic, with no schema library (workflow code evaluates its imports again for every
// run), so workflows and activities can both enforce it. The schemas are in types.ts.
import type { ApprovalPolicy, ToolDescriptor, ToolGrant } from './types';

type Matcher = (name: string) => boolean;

interface NormalGrant {
  server: Matcher;
  tools: Matcher[];
}

/**
 * Glob match without regular expressions: `*` any run, `?` one character. The greedy scan keeps
 * only the last `*` to resume from, so it is O(glob × name) whatever the glob (a regex such as
 * `^.*a.*a.*a$` backtracks polynomially on a long name).
 */
export function globMatches(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (n < name.length) {
    if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === name[n]))) {
      g++;
      n++;
    } else if (g < glob.length && glob[g] === '*') {
      starAt = g++;
      resumeAt = n;
    } else if (starAt >= 0) {
      g = starAt + 1;
      n = ++resumeAt;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

const matcher = (glob: string): Matcher => (name) => globMatches(glob, name);

function normalise(grant: ToolGrant): NormalGrant {
  if (typeof grant === 'string') {
    const slash = grant.indexOf('/');
    const server = slash < 0 ? grant : grant.slice(0, slash);
    const tool = slash < 0 ? '*' : grant.slice(slash + 1) || '*';
    return { server: matcher(server), tools: [matcher(tool)] };
  }
  return { server: matcher(grant.server), tools: (grant.tools ?? ['*']).map(matcher) };
}

/** Compiles grants once; the returned predicate answers "may this agent call server/tool?". */
export function compileAllowlist(grants: readonly ToolGrant[]): (server: string, tool: string) => boolean {
  const compiled = grants.map(normalise);
  return (server, tool) => compiled.some((g) => g.server(server) && g.tools.some((t) => t(tool)));
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
 * MCP's own defaults: a tool is destructive unless it says it is read-only or says
 * `destructiveHint: false`. Used by approval policy.
 */
export function isDestructive(tool: Pick<ToolDescriptor, 'annotations'>): boolean {
  if (tool.annotations.readOnlyHint === true) return false;
  return tool.annotations.destructiveHint !== false;
}

/**
 * Approval policy per tool (ApprovalPolicy): `always` / `never` override the annotations; otherwise a
 * tool needs approval when it is destructive by MCP's defaults. Keys are grant strings
 * (`"server/tool"`, globs allowed); the first matching key wins.
 */
export function needsApproval(tool: Pick<ToolDescriptor, 'server' | 'name' | 'annotations'>, policy: ApprovalPolicy = {}): boolean {
  const rule = Object.entries(policy).find(([pattern]) => isToolAllowed([pattern], tool.server, tool.name))?.[1] ?? 'auto';
  return rule === 'auto' ? isDestructive(tool) : rule === 'always';
}
