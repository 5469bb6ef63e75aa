// A small helpdesk MCP server for the support-ticket-triage example workflow: `create_ticket`
// (destructive: a workflow or agent waits for a person's approval before calling it) appends the
// ticket as one JSON line to a file, and `list_tickets` reads them back. keel.yaml lists it as the
// platform server `helpdesk`; replace it with your real helpdesk's MCP server.
//   node --import tsx examples/tool-servers/helpdesk.ts [--tickets FILE] [--stdio | --http --port N]
// The tickets file defaults to .keel/helpdesk/tickets.jsonl (under the default data dir).
// A call repeated with the same idempotency key (a retried activity) opens no second ticket.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { runMcpServer } from '../../mcp-servers/shared/serve';
import { idempotencyKeyOf } from '../../mcp-servers/shared/idempotency';

interface Ticket {
  id: string;
  title: string;
  body: string;
  priority: 'low' | 'medium' | 'high';
  createdAt: string;
  idempotencyKey: string | null;
}

const MAX_LISTED = 50;

function ticketsFile(argv: string[]): string {
  const i = argv.indexOf('--tickets');
  return resolve(i >= 0 && argv[i + 1] ? argv[i + 1] : '.keel/helpdesk/tickets.jsonl');
}

function readTickets(file: string): Ticket[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Ticket);
}

const answer = (ticket: Ticket): CallToolResult => ({
  content: [{ type: 'text', text: `ticket ${ticket.id} (${ticket.priority}): ${ticket.title}` }],
  structuredContent: { id: ticket.id, title: ticket.title, priority: ticket.priority, createdAt: ticket.createdAt },
});

export function createHelpdeskServer(file: string): () => McpServer {
  // One writer at a time: the idempotency check and the append must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => T): Promise<T> => {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  };

  return () => {
    const server = new McpServer({ name: 'keel-example-helpdesk', version: '1.0.0' });
    server.registerTool(
      'create_ticket',
      {
        title: 'Create a helpdesk ticket',
        description: 'Opens a ticket for the operations team. Returns its id.',
        inputSchema: {
          title: z.string().min(1).max(300),
          body: z.string().max(10_000).default(''),
          priority: z.enum(['low', 'medium', 'high']).default('medium'),
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
      },
      async ({ title, body, priority }, extra) =>
        serialized(() => {
          const key = idempotencyKeyOf(extra) ?? null;
          const tickets = readTickets(file);
          const earlier = key ? tickets.find((t) => t.idempotencyKey === key) : undefined;
          if (earlier) return answer(earlier);
          const ticket: Ticket = { id: `HD-${tickets.length + 1}`, title, body, priority, createdAt: new Date().toISOString(), idempotencyKey: key };
          mkdirSync(dirname(file), { recursive: true });
          appendFileSync(file, `${JSON.stringify(ticket)}\n`);
          return answer(ticket);
        }),
    );
    server.registerTool(
      'list_tickets',
      { title: 'List helpdesk tickets', description: `The ${MAX_LISTED} most recent tickets, newest first.`, annotations: { readOnlyHint: true } },
      async (): Promise<CallToolResult> => {
        const recent = readTickets(file).slice(-MAX_LISTED).reverse().map(({ idempotencyKey: _key, ...t }) => t);
        return { content: [{ type: 'text', text: JSON.stringify(recent) }], structuredContent: { tickets: recent } };
      },
    );
    return server;
  };
}

runMcpServer(createHelpdeskServer(ticketsFile(process.argv.slice(2)))).catch((err) => {
  process.stderr.write(`helpdesk MCP server: ${err?.stack ?? err}\n`);
  process.exit(1);
});
