// The three example workflows (examples/workflows/) end to end, registered as written for a tenant:
// a real Temporal dev server, the example helpdesk MCP server as a process (keel.yaml's), a
// `handbook` collection ingested into the embedded vector store, and the vLLM stand-in as the
// `default` model answering the examples' prompts. Asserts on what the stand-ins received and on
// the runs' outputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startVllmStandin, type OpenAIChatBody, type StandinReply, type VllmStandin } from '../support/vllm-standin';
import { eventually, startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';
import { DirectorySource, runIngestion } from '../../services/ingest';
import { scheduleIdOf } from '../../services/workflows';

const root = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'keel-examples-'));
const ticketsFile = join(work, 'helpdesk', 'tickets.jsonl');

let model: VllmStandin;
let p: TestPlatform;

const text = (m: OpenAIChatBody['messages'][number] | undefined) => String(m?.content ?? '');
const userOf = (body: OpenAIChatBody) => text(body.messages.find((m) => m.role === 'user'));
const systemOf = (body: OpenAIChatBody) => text(body.messages.find((m) => m.role === 'system'));

let reviewsInFlight = 0;
let maxReviewsInFlight = 0;

/** The `default` model: one answer per example prompt, told apart by the prompt's opening words. */
async function respond(body: OpenAIChatBody): Promise<StandinReply> {
  const user = userOf(body);
  if (systemOf(body).includes('You triage support messages')) {
    // The message itself, not the handbook passages after it.
    const urgent = /down|smok|injur/i.test(/Message from [^\n]*:\n([^\n]*)/.exec(user)?.[1] ?? '');
    return { content: JSON.stringify({ area: 'turbines', urgency: urgent ? 'high' : 'low', summary: urgent ? 'Turbine 7 is down and smoking' : 'A question about the manual' }) };
  }
  if (user.startsWith("Answer the customer's message")) {
    return { content: user.includes('a ticket was opened') ? 'We opened a ticket; see the Yaw section.' : 'See the Yaw section.' };
  }
  if (user.startsWith('Review this section of')) {
    reviewsInFlight++;
    maxReviewsInFlight = Math.max(maxReviewsInFlight, reviewsInFlight);
    // Long enough for the map to have several sections in flight at once.
    await new Promise((r) => setTimeout(r, 150));
    reviewsInFlight--;
    const heading = /\(([^)]*)\)/.exec(user)?.[1] ?? '?';
    return { content: JSON.stringify({ heading, issues: user.includes('TODO') ? [`${heading}: unfinished instructions`] : [] }) };
  }
  if (user.startsWith('Write a review report')) return { content: 'REVIEW REPORT: one section has unfinished instructions.' };
  if (user.startsWith('Write a short morning digest')) return { content: 'DIGEST: the lubrication interval changed.' };
  return { content: `unexpected prompt: ${user.slice(0, 80)}` };
}

const requestsStarting = (prefix: string) => model.requests.filter((r) => userOf(r).startsWith(prefix));

async function registerExample(file: string) {
  const res = await p.api.inject({
    method: 'POST', url: '/v1/workflows', headers: { ...p.auth(), 'content-type': 'application/yaml' },
    payload: readFileSync(join(root, 'examples/workflows', file), 'utf8'),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const getRun = async (id: string) => (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
const runUntil = (id: string, statuses: string[]) => eventually(async () => {
  const run = await getRun(id);
  return statuses.includes(run.status) ? run : undefined;
});
const ENDED = ['completed', 'failed', 'cancelled', 'budget_exceeded'];
async function start(name: string, inputs: Record<string, unknown>) {
  const res = await p.api.inject({ method: 'POST', url: `/v1/workflows/${name}/runs`, headers: p.auth(), payload: { inputs } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond });
  p = await startPlatform({
    modelUrl: model.url,
    workflows: true,
    config: {
      router: {
        deployments: [{ id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: model.url, scrapeMetrics: false }],
        models: { [TEST_MODEL]: { deployments: ['standin'] }, default: { deployments: ['standin'] } },
      },
      // keel.yaml's example helpdesk, its tickets in this test's directory.
      mcpServers: {
        helpdesk: {
          transport: 'stdio', command: process.execPath, cwd: root,
          args: ['--import', 'tsx', join(root, 'examples/tool-servers/helpdesk.ts'), '--stdio', '--tickets', ticketsFile],
        },
      },
    },
  });

  const docs = join(work, 'handbook');
  mkdirSync(docs);
  writeFileSync(join(docs, 'yaw.md'), '# Yaw\n\nWhen a turbine is down, apply the yaw brake before any maintenance. Safety first: never climb a turbine that is smoking.');
  writeFileSync(join(docs, 'maintenance.md'), [
    '# Maintenance manual',
    '## Lubrication', 'Grease the main bearing every 500 hours. Safety: lock the rotor first; the risk of crushing is high.',
    '## Blades', 'Inspect the blades for cracks after storms. Safety: use the rope access procedure.',
    '## Gearbox', 'TODO describe the gearbox oil change. Safety risks: hot oil.',
    '## Tower', 'Climb the tower only with a fall arrester. Safety: check the ladder for risks.',
    '## Electrics', 'Isolate the converter before opening cabinets. Safety: arc flash risks.',
  ].join('\n\n'));
  writeFileSync(join(docs, 'history.md'), '# History\n\nThe first turbine of the fleet was built in 1998; maintenance procedures and safety changes since are in the manual.');
  // Unchanged for a week: the digest leaves it out.
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  utimesSync(join(docs, 'history.md'), weekAgo, weekAgo);
  await runIngestion(new DirectorySource(docs, ['**/*'], []), { store: p.runtime.vectors }, { tenantId: p.tenant.id, collection: 'handbook' });
  // Started once here, without the registration's 20 s limit (a loaded machine starts tsx slowly).
  const helpdesk = await p.runtime.resolveServer(p.tenant.id, 'helpdesk');
  expect((await p.runtime.mcp.listTools(helpdesk!)).map((t) => t.name)).toContain('create_ticket');
}, 120_000);

afterAll(async () => {
  await p?.close();
  await model?.close();
});

describe('the example workflows', () => {
  it('support-ticket-triage: retrieve → classify → high urgency → the destructive create_ticket waits for approval → approved → answer', async () => {
    await registerExample('support-ticket-triage.yaml');
    const id = await start('support-ticket-triage', { message: 'Turbine 7 is down and the nacelle is smoking', customer: 'Northwind Energy' });
    const waiting = await runUntil(id, ['awaiting_approval', ...ENDED]);
    expect(waiting.status, JSON.stringify(waiting.outcome)).toBe('awaiting_approval');
    expect(waiting.pendingApprovals).toHaveLength(1);
    expect(waiting.pendingApprovals[0]).toMatchObject({ toolCallId: 'open_ticket', message: 'Open a high-priority ticket: Turbine 7 is down and smoking' });
    expect(existsSync(ticketsFile)).toBe(false);

    const classify = model.requests.find((r) => systemOf(r).includes('You triage support messages'))!;
    expect(userOf(classify)).toContain('Message from Northwind Energy:');
    expect(userOf(classify)).toContain('Yaw: ');

    const decided = await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(), payload: { toolCallId: 'open_ticket', decision: 'approve' } });
    expect(decided.statusCode, decided.body).toBeLessThan(300);
    const run = await runUntil(id, ENDED);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    const tickets = readFileSync(ticketsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ id: 'HD-1', title: '[turbines] Turbine 7 is down and smoking', body: 'Turbine 7 is down and the nacelle is smoking', priority: 'high' });
    expect(run.outcome.outputs).toMatchObject({
      urgency: 'high', area: 'turbines', answer: 'We opened a ticket; see the Yaw section.',
      ticket: { id: 'HD-1', priority: 'high', title: '[turbines] Turbine 7 is down and smoking' },
    });
    const answer = requestsStarting("Answer the customer's message").at(-1)!;
    expect(userOf(answer)).toContain('HD-1');
    expect(run.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual([
      'search:succeeded', 'classify:succeeded', 'route:succeeded', 'open_ticket:succeeded', 'answer:succeeded',
    ]);
  });

  it('support-ticket-triage: a message that is not urgent opens no ticket', async () => {
    const run = await runUntil(await start('support-ticket-triage', { message: 'Where is the manual for the yaw brake?' }), ENDED);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.outputs).toMatchObject({ urgency: 'low', ticket: null, answer: 'See the Yaw section.' });
    expect(readFileSync(ticketsFile, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('support-ticket-triage: a rejected ticket opens nothing and the run still answers', async () => {
    const id = await start('support-ticket-triage', { message: 'Turbine 9 is down' });
    expect((await runUntil(id, ['awaiting_approval', ...ENDED])).status).toBe('awaiting_approval');
    const decided = await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(), payload: { toolCallId: 'open_ticket', decision: 'reject', reason: 'duplicate' } });
    expect(decided.statusCode, decided.body).toBeLessThan(300);
    const run = await runUntil(id, ENDED);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.outputs).toMatchObject({ urgency: 'high', ticket: null, answer: 'See the Yaw section.' });
    const open = run.steps.find((s: { id: string }) => s.id === 'open_ticket');
    expect(open).toMatchObject({ status: 'succeeded', continued: true, error: { code: 'approval_rejected' } });
    expect(readFileSync(ticketsFile, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('document-review: each section reviewed by the model, at most four at a time, then one aggregated report', async () => {
    await registerExample('document-review.yaml');
    const before = requestsStarting('Review this section of').length;
    const run = await runUntil(await start('document-review', { documentId: 'maintenance.md' }), ENDED);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    const reviews = requestsStarting('Review this section of').slice(before);
    const headings = reviews.map((r) => /\(([^)]*)\)/.exec(userOf(r))?.[1]).sort();
    expect(headings).toEqual(['Maintenance manual > Blades', 'Maintenance manual > Electrics', 'Maintenance manual > Gearbox', 'Maintenance manual > Lubrication', 'Maintenance manual > Tower']);
    expect(reviews.every((r) => userOf(r).includes('Review this section of "Maintenance manual"'))).toBe(true);
    expect(maxReviewsInFlight).toBeLessThanOrEqual(4);
    expect(run.outcome.outputs).toEqual({ report: 'REVIEW REPORT: one section has unfinished instructions.', sections: 5, sectionsWithIssues: 1 });
    const report = requestsStarting('Write a review report').at(-1)!;
    expect(userOf(report)).toContain('Maintenance manual > Gearbox: unfinished instructions');
    expect(run.steps.filter((s: { id: string }) => s.id.startsWith('review[')).length).toBe(5);
  });

  it('daily-digest: registering it creates its Temporal Schedule; triggered, the run summarises what changed in the last day', async () => {
    await registerExample('daily-digest.yaml');
    const handle = p.env.client.schedule.getHandle(scheduleIdOf(p.tenant.id, 'daily-digest', 0));
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Europe/Berlin');
    expect(described.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 2 * 3600 * 1000 });
    const view = (await p.api.inject({ method: 'GET', url: '/v1/workflows/daily-digest/schedules', headers: p.auth() })).json();
    expect(view.schedules).toHaveLength(1);
    expect(view.schedules[0]).toMatchObject({ cron: '0 7 * * 1-5', timezone: 'Europe/Berlin', paused: false, inputs: { topic: 'procedures, safety and maintenance changes', hours: 24 } });

    await handle.trigger();
    const runId = await eventually(async () => (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId);
    const run = await runUntil(runId, ENDED);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run).toMatchObject({ agentName: 'daily-digest', versionReason: 'scheduled' });
    expect(run.outcome.outputs.digest).toBe('DIGEST: the lubrication interval changed.');
    const prompt = userOf(requestsStarting('Write a short morning digest').at(-1)!);
    expect(prompt).toContain('Maintenance manual (Maintenance manual > Lubrication)');
    expect(prompt).not.toContain('History');
    expect(run.outcome.outputs.changed).toBe(prompt.split('\n').filter((l) => l.startsWith('- ')).length);
  });
});
