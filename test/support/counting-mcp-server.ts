// An MCP server whose tools count side effects into a directory, for chaos runs:
//   count              (a side effect, not destructive)
//   count_destructive  (MCP destructiveHint: runs wait for approval)
// Each call names a `label` (the logical call, e.g. "run 7 / A"). A call executes at most once per
// idempotency key: the key is claimed with an atomic mkdir, so the claim holds across processes and
// restarts; every execution is appended to effects.jsonl. A duplicate side effect is therefore a
// label executed under two keys (the platform sent a new key for the same call) or a key executed
// twice (the claim failed). `npx tsx test/support/counting-mcp-server.ts --http --port N` with
// COUNTING_DIR set serves it standalone.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { runMcpServer } from '../../mcp-servers/shared/serve';
import { idempotencyKeyOf } from '../../mcp-servers/shared/idempotency';

export interface SideEffect {
  key: string | null;
  tool: string;
  label: string;
  at: string;
}

const effectsFile = (dir: string) => join(dir, 'effects.jsonl');

/** Claims `key` once for all processes sharing `dir`; true for the first claimant only. */
function claim(dir: string, key: string): boolean {
  const keys = join(dir, 'keys');
  mkdirSync(keys, { recursive: true });
  try {
    mkdirSync(join(keys, createHash('sha256').update(key).digest('hex')));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export function readSideEffects(dir: string): SideEffect[] {
  const file = effectsFile(dir);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SideEffect);
}

/** Side effects done more than once: labels executed under several keys, plus keys executed twice. */
export function duplicateSideEffects(effects: SideEffect[]): { count: number; labels: string[] } {
  const byLabel = new Map<string, number>();
  const byKey = new Map<string, number>();
  for (const e of effects) {
    byLabel.set(`${e.tool} ${e.label}`, (byLabel.get(`${e.tool} ${e.label}`) ?? 0) + 1);
    if (e.key) byKey.set(e.key, (byKey.get(e.key) ?? 0) + 1);
  }
  const labels = [...byLabel].filter(([, n]) => n > 1).map(([l]) => l);
  const keys = [...byKey].filter(([, n]) => n > 1).length;
  return { count: Math.max(labels.length, keys), labels };
}

export function createCountingServer(dir: string): McpServer {
  mkdirSync(dir, { recursive: true });
  const server = new McpServer({ name: 'keel-counter', version: '1.0.0' });
  const execute = async (tool: string, label: string, holdMs: number | undefined, key: string | undefined): Promise<CallToolResult> => {
    if (!key || claim(dir, key)) {
      appendFileSync(effectsFile(dir), `${JSON.stringify({ key: key ?? null, tool, label, at: new Date().toISOString() } satisfies SideEffect)}\n`);
    }
    // Keeps the call in flight after its side effect, so a worker kill can land mid-call.
    if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
    return { content: [{ type: 'text', text: `counted ${label}` }] };
  };
  const input = { label: z.string().max(200), hold_ms: z.number().int().min(0).max(60_000).optional() };
  server.registerTool(
    'count',
    { description: 'Counts one side effect for `label`, once per idempotency key.', inputSchema: input, annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false } },
    async ({ label, hold_ms }, extra) => execute('count', label, hold_ms, idempotencyKeyOf(extra)),
  );
  server.registerTool(
    'count_destructive',
    { description: 'Counts one destructive side effect for `label`, once per idempotency key.', inputSchema: input, annotations: { destructiveHint: true, idempotentHint: false } },
    async ({ label, hold_ms }, extra) => execute('count_destructive', label, hold_ms, idempotencyKeyOf(extra)),
  );
  return server;
}

if (require.main === module) {
  const dir = process.env.COUNTING_DIR;
  if (!dir) {
    process.stderr.write('counting-mcp-server: COUNTING_DIR is not set\n');
    process.exit(2);
  }
  runMcpServer(() => createCountingServer(dir)).catch((err) => {
    process.stderr.write(`counting-mcp-server: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
