// The example helpdesk server keel.yaml lists for the triage workflow, spawned over stdio as
// keel.yaml spawns it: create_ticket is destructive, appends one JSON line per ticket, and a call
// repeated with the same idempotency key (a retried activity) opens no second ticket.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, expect, it } from 'vitest';
import { createMcpPool, isDestructive } from '../../services/mcp';

const root = resolve(__dirname, '../..');
const tickets = join(mkdtempSync(join(tmpdir(), 'keel-helpdesk-')), 'tickets.jsonl');
const pool = createMcpPool();
const configured = (parse(readFileSync(join(root, 'keel.yaml'), 'utf8')) as { mcpServers: Record<string, { args: string[] }> }).mcpServers.helpdesk;
const args = configured.args.map((a, i, all) => (all[i - 1] === '--tickets' ? tickets : a));
const spec = { name: 'helpdesk', transport: 'stdio' as const, command: process.execPath, args, cwd: root };

afterAll(() => pool.close());

it('opens one ticket per idempotency key and lists them', async () => {
  const tools = await pool.listTools(spec);
  expect(tools.map((t) => [t.name, isDestructive(t)])).toEqual([['create_ticket', true], ['list_tickets', false]]);
  const first = await pool.callTool(spec, 'create_ticket', { title: 'Yaw brake fault', priority: 'high' }, { idempotencyKey: 'run-1/open_ticket' });
  const retried = await pool.callTool(spec, 'create_ticket', { title: 'Yaw brake fault', priority: 'high' }, { idempotencyKey: 'run-1/open_ticket' });
  const second = await pool.callTool(spec, 'create_ticket', { title: 'Other' }, { idempotencyKey: 'run-2/open_ticket' });
  expect([first.content, retried.content, second.content]).toEqual(['ticket HD-1 (high): Yaw brake fault', 'ticket HD-1 (high): Yaw brake fault', 'ticket HD-2 (medium): Other']);
  expect(readFileSync(tickets, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['HD-1', 'HD-2']);
  const listed = await pool.callTool(spec, 'list_tickets', {}, { idempotencyKey: 'list' });
  expect(JSON.parse(listed.content as string).map((t: { id: string }) => t.id)).toEqual(['HD-2', 'HD-1']);
}, 120_000);
