// A real MCP server for tests and benchmarks.
//   npx tsx test/support/mcp-test-server.ts --stdio
//   npx tsx test/support/mcp-test-server.ts --http --port N     (prints its URL)
// Tools: echo, add (read-only); record_side_effect (destructive, honours the idempotency key using
// the SIDE_EFFECT_LOG file itself as the record, so it holds across restarts); slow (honours
// cancellation); progress (reports progress when asked); fail (tool error); pid and cancelled_count
// (for assertions).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { runMcpServer } from '../../mcp-servers/shared/serve';
import { idempotencyKeyOf } from '../../mcp-servers/shared/idempotency';

let cancelledCount = 0;
let sideEffectQueue: Promise<unknown> = Promise.resolve();

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

function recordSideEffect(key: string | undefined, value: string, crashAfterWrite: boolean): CallToolResult {
  const file = process.env.SIDE_EFFECT_LOG;
  if (!file) return { content: [{ type: 'text', text: 'SIDE_EFFECT_LOG is not set' }], isError: true };
  if (key && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const seen = JSON.parse(line) as { key: string; value: string };
      if (seen.key === key) return { ...text(`recorded ${seen.value}`), structuredContent: { key, value: seen.value } };
    }
  }
  appendFileSync(file, `${JSON.stringify({ key: key ?? null, value })}\n`);
  // Simulates a server dying after its side effect but before it could answer.
  if (crashAfterWrite) process.exit(1);
  return { ...text(`recorded ${value}`), structuredContent: { key, value } };
}

/** `#seed ` then words up to `bytes` characters (ASCII, so characters are bytes). */
export function bigText(bytes: number, seed: number): string {
  const head = `#${seed} `;
  const word = `w${seed.toString(36)} `;
  return (head + word.repeat(Math.ceil(bytes / word.length))).slice(0, bytes);
}

export function createTestServer(): McpServer {
  const server = new McpServer({ name: 'keel-test', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns its text.', inputSchema: { text: z.string() }, annotations: { readOnlyHint: true } },
    async ({ text: t }) => text(t),
  );
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers.',
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
      annotations: { readOnlyHint: true, idempotentHint: true },
    },
    async ({ a, b }) => ({ ...text(String(a + b)), structuredContent: { sum: a + b } }),
  );
  server.registerTool(
    'record_side_effect',
    {
      description: 'Appends {key, value} to SIDE_EFFECT_LOG once per idempotency key.',
      inputSchema: { value: z.string(), crash_after_write: z.boolean().optional(), hold_ms: z.number().int().min(0).optional() },
      annotations: { destructiveHint: true, idempotentHint: false },
    },
    async ({ value, crash_after_write, hold_ms }, extra) => {
      const run = sideEffectQueue.then(() => recordSideEffect(idempotencyKeyOf(extra), value, crash_after_write === true));
      sideEffectQueue = run.catch(() => undefined);
      const result = await run;
      // Keeps the call in flight after its side effect (crash tests kill the caller here).
      if (hold_ms) await new Promise((r) => setTimeout(r, hold_ms));
      return result;
    },
  );
  server.registerTool(
    'slow',
    { description: 'Sleeps ms milliseconds; stops early when cancelled.', inputSchema: { ms: z.number().int().min(0) }, annotations: { readOnlyHint: true } },
    async ({ ms }, extra) =>
      new Promise<CallToolResult>((resolve) => {
        const timer = setTimeout(() => resolve(text(`slept ${ms}`)), ms);
        extra.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          cancelledCount++;
          resolve(text('cancelled'));
        });
      }),
  );
  server.registerTool(
    'progress',
    { description: 'Works in `steps` steps, reporting each as progress when the caller asked for it.', inputSchema: { steps: z.number().int().min(1).max(20) }, annotations: { readOnlyHint: true } },
    async ({ steps }, extra) => {
      const token = extra._meta?.progressToken;
      for (let i = 1; i <= steps; i++) {
        await new Promise((r) => setTimeout(r, 5));
        if (token !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: steps, message: `step ${i}` } });
      }
      return text(`done ${steps}`);
    },
  );
  server.registerTool(
    'fail',
    { description: 'Always returns a tool error.', inputSchema: { message: z.string().optional() }, annotations: { readOnlyHint: true } },
    async ({ message }) => ({ content: [{ type: 'text', text: message ?? 'failed on purpose' }], isError: true }),
  );
  server.registerTool(
    'big',
    {
      description: 'Returns `bytes` characters of words, starting `#seed `: a large result, distinct per seed.',
      inputSchema: { bytes: z.number().int().min(1).max(20_000_000), seed: z.number().int().min(0) },
      annotations: { readOnlyHint: true },
    },
    async ({ bytes, seed }) => text(bigText(bytes, seed)),
  );
  server.registerTool('pid', { description: 'The server process id.', annotations: { readOnlyHint: true } }, async () => text(String(process.pid)));
  server.registerTool(
    'cancelled_count',
    { description: 'How many slow calls were cancelled in this process.', annotations: { readOnlyHint: true } },
    async () => text(String(cancelledCount)),
  );
  server.registerTool(
    'env',
    { description: 'Whether an env var is set in the server (never its value).', inputSchema: { name: z.string() }, annotations: { readOnlyHint: true } },
    async ({ name }) => text(process.env[name] ? `set:${process.env[name]!.length}` : 'unset'),
  );
  server.registerTool(
    'register_tool',
    { description: 'Adds a tool named `name` that returns "dynamic"; the server announces the changed tool list.', inputSchema: { name: z.string().regex(/^[a-z_]+$/) }, annotations: { readOnlyHint: false, destructiveHint: false } },
    async ({ name }) => {
      server.registerTool(name, { description: 'Added at run time.', annotations: { readOnlyHint: true } }, async () => text('dynamic'));
      return text(`registered ${name}`);
    },
  );
  server.registerTool(
    'header',
    { description: 'Whether an HTTP request header reached the server (its length, never its value).', inputSchema: { name: z.string() }, annotations: { readOnlyHint: true } },
    async ({ name }, extra) => {
      const value = extra.requestInfo?.headers[name.toLowerCase()];
      return text(typeof value === 'string' ? `set:${value.length}` : 'unset');
    },
  );
  return server;
}

if (require.main === module) {
  // Lets a test prove a (secret) env var reached the server: without it the server will not start.
  const required = process.env.KEEL_TEST_REQUIRE_ENV;
  if (required && !process.env[required]) {
    process.stderr.write(`mcp-test-server: ${required} is not set\n`);
    process.exit(3);
  }
  runMcpServer(createTestServer).catch((err) => {
    process.stderr.write(`mcp-test-server: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
