// Which tools an agent may call: grants name servers and tools by exact name or glob.
// Pure and deterministic, so workflows and activities can both enforce it.
import { z } from 'zod';
import { isDestructive, type ToolDescriptor } from './types';

/** Grants are short; the cap keeps a glob match cheap whatever a tenant writes. */
export const MAX_GRANT_LENGTH = 256;

/**
 * A grant: `{ server: 'http', tools: ['fetch*'] }` (tools defaults to every tool), or the short
 * string form `"server"`, `"server/tool"`, `"server/*"`. `*` matches any run of characters,
 * `?` one character; everything else is literal.
 */
export const ToolGrant = z.union([
  z.string().min(1).max(MAX_GRANT_LENGTH),
  z.object({ server: z.string().min(1).max(MAX_GRANT_LENGTH), tools: z.array(z.string().min(1).max(MAX_GRANT_LENGTH)).default(['*']) }),
]);
export type ToolGrant = z.input<typeof ToolGrant>;

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
