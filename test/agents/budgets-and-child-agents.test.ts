// Budgets that ask (onLimit: ask, maxCostUsd) and agents calling agents, end to end: real Temporal
// dev server, real MCP server process, scripted vLLM stand-in, HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { decryptHistory } from '../support/temporal';

let model: VllmStandin;
let p: TestPlatform;
const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-fx-')), 'side-effects.log');

const agent = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `The ${name} agent.`,
  instructions: 'You are a test agent.',
  model: TEST_MODEL,
  tools: [{ server: 'tools', tools: ['add', 'echo', 'slow', 'record_side_effect'] }],
  ...extra,
});

const registerRaw = (def: Record<string, unknown>) => p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: def });
async function register(def: Record<string, unknown>) {
  const res = await registerRaw(def);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

async function startRun(agentName: string, input: string) {
  const res = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: agentName, input } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

const getRun = async (id: string) => (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
const waitForStatus = (id: string, statuses: string[]) =>
  eventually(async () => {
    const run = await getRun(id);
    return statuses.includes(run.status) ? run : undefined;
  });
const decide = (id: string, payload: Record<string, unknown>) =>
  p.api.inject({ method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(), payload });
const auditOf = async (action: string) =>
  (await p.api.inject({ method: 'GET', url: `/v1/audit?action=${action}`, headers: p.auth() })).json().entries as Array<{ target: { id: string }; details: Record<string, any> }>;
const ENDED = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({
    modelUrl: model.url,
    config: {
      mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) },
      router: {
        // Priced, so runs spend: a dollar per thousand tokens.
        deployments: [{ id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: model.url, scrapeMetrics: false, costPer1kInput: 1, costPer1kOutput: 1 }],
        models: { [TEST_MODEL]: { deployments: ['standin'] } },
      },
    },
  });
  await register(agent('helper'));
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

describe('budgets that ask', () => {
  it('pauses at the step limit with a budget request, and completes once a person extends it', async () => {
    await register(agent('asker', { limits: { maxSteps: 2, onLimit: 'ask' } }));
    const id = await startRun('asker', 'two-turns');
    const waiting = await waitForStatus(id, ['awaiting_approval', ...ENDED]);
    expect(waiting.status).toBe('awaiting_approval');
    expect(waiting.pendingApprovals).toEqual([expect.objectContaining({ kind: 'budget', limit: 'max_steps', used: 2, current: 2 })]);

    // Extending a different limit than the one reached, or a request that is not pending, is refused.
    expect((await decide(id, { kind: 'budget', decision: 'extend', extend: { tokens: 100 } })).statusCode).toBe(409);
    expect((await decide(id, { kind: 'budget', requestId: 'budget-999', decision: 'extend', extend: { steps: 1 } })).statusCode).toBe(409);
    expect((await decide(id, { kind: 'budget', decision: 'extend', extend: { steps: 1_000_000 } })).statusCode).toBe(400);
    expect((await decide(id, { kind: 'budget', decision: 'extend' })).statusCode).toBe(400);

    const res = await decide(id, { kind: 'budget', requestId: waiting.pendingApprovals[0].requestId, decision: 'extend', extend: { steps: 1 } });
    expect(res.statusCode, res.body).toBe(200);
    const run = await waitForStatus(id, ENDED);
    expect(run.status).toBe('completed');
    expect(run.outcome.output).toBe('done: sum is 5');
    expect(run.usage.modelCalls).toBe(3);
    const events = await p.runtime.store.runs.events(id, 0);
    expect(events.filter((e) => e.type === 'approval.needed').map((e) => e.data.kind)).toEqual(['budget']);
    expect(events.find((e) => e.type === 'approval.decided')?.data).toMatchObject({ kind: 'budget', decision: 'extend', extend: { steps: 1 } });
    expect((await auditOf('budget.extended')).some((a) => a.target.id === id && a.details.extend?.steps === 1)).toBe(true);
    // Once decided, the request is gone: deciding again is a conflict (the run has ended).
    expect((await decide(id, { kind: 'budget', decision: 'end' })).statusCode).toBe(409);
  });

  it('ends with budget_exceeded when a person ends the run', async () => {
    const id = await startRun('asker', 'loop');
    const waiting = await waitForStatus(id, ['awaiting_approval', ...ENDED]);
    expect(waiting.pendingApprovals[0]).toMatchObject({ kind: 'budget', limit: 'max_steps' });
    expect((await decide(id, { kind: 'budget', decision: 'end', reason: 'enough' })).statusCode).toBe(200);
    const run = await waitForStatus(id, ENDED);
    expect(run.status).toBe('budget_exceeded');
    expect(run.outcome.limit).toBe('max_steps');
  });

  it('asks at the deadline while a tool call runs; ending it cancels the call', async () => {
    await register(agent('hasty', { limits: { deadlineSeconds: 1, onLimit: 'ask' } }));
    const id = await startRun('hasty', 'slow');
    const waiting = await waitForStatus(id, ['awaiting_approval', ...ENDED]);
    expect(waiting.pendingApprovals).toEqual([expect.objectContaining({ kind: 'budget', limit: 'deadline' })]);
    expect((await decide(id, { kind: 'budget', decision: 'end' })).statusCode).toBe(200);
    const run = await waitForStatus(id, ENDED);
    expect(run.status).toBe('budget_exceeded');
    expect(run.outcome.limit).toBe('deadline');
  });

  it('stops a run at maxCostUsd', async () => {
    await register(agent('thrifty', { limits: { maxCostUsd: 0.001 } }));
    const id = await startRun('thrifty', 'loop');
    const run = await waitForStatus(id, ENDED);
    expect(run.status).toBe('budget_exceeded');
    expect(run.outcome.limit).toBe('max_cost_usd');
    expect(run.usage.costUsd).toBeGreaterThanOrEqual(0.001);
    expect(run.usage.modelCalls).toBeLessThan(20);
  });
});

describe('agents calling agents', () => {
  beforeAll(async () => {
    await register(agent('boss', { agents: ['helper'], limits: { maxSteps: 6 } }));
  });

  const childrenOf = (id: string) => p.runtime.store.runs.children(p.tenant.id, id);

  it('calls a child agent as a tool and gets its answer; the child run is linked, traced under the parent and counted', async () => {
    const id = await startRun('boss', 'delegate helper two-turns');
    const run = await waitForStatus(id, ENDED);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.output).toBe('parent got: done: sum is 5');
    const [child] = await childrenOf(id);
    expect(child).toMatchObject({ id: `${id}-s1c0`, agentName: 'helper', agentVersion: 1, parentRunId: id, status: 'completed', input: 'two-turns' });
    expect(child.parent).toMatchObject({ runId: id, step: 1, callIndex: 0 });
    // The parent's usage holds the child's three model calls besides its own two.
    expect(run.usage.modelCalls).toBe(5);
    const toolStep = run.steps.find((s: { kind: string }) => s.kind === 'tool');
    expect(toolStep).toMatchObject({ server: 'agents', tool: 'helper', isError: false });

    const childTrace: any = await eventually(async () => {
      const res = await p.api.inject({ method: 'GET', url: `/v1/traces/${(await getRun(child.id)).trace.traceId}`, headers: p.auth() });
      return res.statusCode === 200 && res.json().trace.metadata?.parent ? res.json() : undefined;
    });
    expect(childTrace.trace.metadata.parent).toMatchObject({ runId: id, traceId: run.trace.traceId });
    const parentTrace: any = await eventually(async () => {
      const res = await p.api.inject({ method: 'GET', url: `/v1/traces/${run.trace.traceId}`, headers: p.auth() });
      const body = res.json();
      return body.observations?.some((o: { id: string; type: string; endTime?: string }) => o.type === 'agent' && o.endTime && o.id === childTrace.trace.metadata.parent.observationId) ? body : undefined;
    });
    expect(parentTrace.observations.find((o: { id: string }) => o.id === childTrace.trace.metadata.parent.observationId).metadata.childRunId).toBe(child.id);
  });

  it("carves the child's budget from what the parent has left", async () => {
    await register(agent('lean-boss', { agents: ['helper'], limits: { maxSteps: 3 } }));
    const id = await startRun('lean-boss', 'delegate helper loop');
    const run = await waitForStatus(id, ENDED);
    const [child] = await childrenOf(id);
    // One parent model call spent: the child (20 steps of its own by default) gets the 2 left.
    expect(child.status).toBe('budget_exceeded');
    expect((child.outcome as { limit: string }).limit).toBe('max_steps');
    expect((child.usage as { modelCalls: number }).modelCalls).toBe(2);
    const history = await decryptHistory(await p.env.client.workflow.getHandle(child.id).fetchHistory());
    const childInput = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(JSON.parse(Buffer.from(childInput.data!).toString()).limits).toMatchObject({ maxSteps: 2 });
    // The child's steps count against the parent: 1 + 2 = 3 reaches its limit.
    expect(run.status).toBe('budget_exceeded');
    expect(run.outcome.limit).toBe('max_steps');
    expect(run.steps.find((s: { kind: string }) => s.kind === 'tool')).toMatchObject({ isError: true });
  });

  it('cancelling the parent cancels the child', async () => {
    const id = await startRun('boss', 'delegate helper slow');
    const child = await eventually(async () => (await childrenOf(id))[0]);
    // The child's run record is written just before its workflow starts: until then describe() finds nothing.
    const childStatus = () => p.env.client.workflow.getHandle(child.id).describe().then((d) => d.status.name, () => 'NOT_STARTED');
    await eventually(async () => (await childStatus()) === 'RUNNING');
    expect((await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: p.auth() })).statusCode).toBe(202);
    expect((await waitForStatus(id, ENDED)).status).toBe('cancelled');
    await eventually(async () => (await childStatus()) === 'CANCELLED');
    expect((await waitForStatus(child.id, ENDED)).status).toBe('cancelled');
  });

  it("surfaces a child's tool approval on the parent; approving it through the parent completes both", async () => {
    const id = await startRun('boss', 'delegate helper side-effect');
    const waiting = await eventually(async () => {
      const run = await getRun(id);
      return run.pendingApprovals.length > 0 ? run : undefined;
    });
    const [child] = await childrenOf(id);
    expect(waiting.pendingApprovals).toEqual([expect.objectContaining({ tool: 'record_side_effect', runId: child.id })]);
    const res = await decide(id, { toolCallId: waiting.pendingApprovals[0].toolCallId, decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    const run = await waitForStatus(id, ENDED);
    expect(run.outcome.output).toBe('parent got: result: recorded charged');
    expect((await getRun(child.id)).status).toBe('completed');
    expect(readFileSync(sideEffects, 'utf8')).toContain(child.id);
    expect((await auditOf('tool.approved')).some((a) => a.target.id.startsWith(`${child.id}/`) && a.details.viaRunId === id)).toBe(true);
  });

  it('refuses to register unknown, self and cyclic agent references, naming the path', async () => {
    const unknown = await registerRaw(agent('lonely', { agents: ['nobody'] }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('unknown agent nobody');
    expect(unknown.json().error.details).toMatchObject({ path: 'agents[0]' });

    expect((await registerRaw(agent('narcissus', { agents: ['narcissus'] }))).statusCode).toBe(400);
    expect((await registerRaw(agent('pinned', { agents: ['helper@9'] }))).statusCode).toBe(400);

    await register(agent('alpha'));
    await register(agent('beta', { agents: ['alpha'] }));
    const cyclic = await registerRaw(agent('alpha', { agents: ['beta'] }));
    expect(cyclic.statusCode).toBe(400);
    expect(cyclic.json().error.message).toContain('alpha → beta → alpha');
    expect(cyclic.json().error.details).toMatchObject({ path: 'agents[0][0]' });
  });
});
