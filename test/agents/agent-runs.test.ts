// Agent runs end to end: real Temporal dev server, real MCP server process, vLLM stand-in, HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { expectFreshReplay, saveHistory, withSlowProgressWrites } from '../support/histories';
import type { McpServerSpec } from '../../services/mcp';

let model: VllmStandin;
let p: TestPlatform;
const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-fx-')), 'side-effects.log');

const agent = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  instructions: 'You are a test agent.',
  model: TEST_MODEL,
  tools: [{ server: 'tools', tools: ['add', 'echo', 'slow', 'record_side_effect'] }],
  ...extra,
});

async function register(def: Record<string, unknown>) {
  const res = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: def });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

async function startRun(agentName: string, input: string) {
  const res = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: agentName, input } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

const expectReplays = (id: string) => expectFreshReplay(p.env.client, id);

const getRun = async (id: string) => (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
const waitForStatus = (id: string, statuses: string[]) =>
  eventually(async () => {
    const run = await getRun(id);
    return statuses.includes(run.status) ? run : undefined;
  });

const listedIds = async (status: string) =>
  ((await p.api.inject({ method: 'GET', url: `/v1/runs?status=${status}&limit=200`, headers: p.auth() })).json().runs as Array<{ id: string }>).map((r) => r.id);

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({
    modelUrl: model.url,
    config: { mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) } },
  });
  await register(agent('helper'));
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

describe('AgentRunWorkflow', () => {
  it('completes a run with two tool turns and lists every step', async () => {
    const id = await startRun('helper', 'two-turns');
    const run = await waitForStatus(id, ['completed', 'failed']);
    expect(run.status).toBe('completed');
    expect(run.outcome.output).toBe('done: sum is 5');
    expect(run.steps.map((s: { kind: string; tool?: string }) => s.kind + (s.tool ? `:${s.tool}` : ''))).toEqual([
      'model', 'tool:add', 'model', 'tool:echo', 'model',
    ]);
    expect(run.usage.modelCalls).toBe(3);
    expect(run.usage.toolCalls).toBe(2);
    expect(run.agentVersion).toBe(1);
    // Each model call is one usage row (issue 14): the tenant's usage is the run's.
    const usage = (await p.api.inject({ method: 'GET', url: '/v1/usage?groupBy=agent,workflow', headers: p.auth() })).json();
    const { inputTokens, outputTokens, totalTokens, costUsd } = run.usage;
    expect(usage.rows).toEqual([{ agent: 'helper', workflow: null, inputTokens, outputTokens, totalTokens, costUsd, modelCalls: 3 }]);
    await saveHistory(p.config.temporal.address!, id, 'two-turns');
    await expectReplays(id);
  });

  // Progress writes are local activities. They used to be chained, each issued when the one before
  // ended: a replay, handed a write's result and a tool call's in one activation, grouped the writes
  // differently from the live run (a nondeterminism error when another worker took the run over,
  // found by test/deploy/scale-out.test.ts). A slow store made it certain.
  it('replays a run whose progress writes end after the tool calls they were written beside', async () => {
    // A slow store: each progress write is still running when the turn's tool call returns.
    await withSlowProgressWrites(p.runtime.store.runs, 300, async () => {
      const id = await startRun('helper', 'two-turns');
      const run = await waitForStatus(id, ['completed', 'failed']);
      expect(run.status).toBe('completed');
      await expectReplays(id);
    });
  });

  it('runs the tool calls of one turn concurrently and returns both results', async () => {
    const id = await startRun('helper', 'parallel');
    const run = await waitForStatus(id, ['completed', 'failed']);
    expect(run.outcome.output).toBe('sums: 2,4');
    await saveHistory(p.config.temporal.address!, id, 'parallel');
    await expectReplays(id);
  });

  it('replays a turn whose concurrent tool calls end at different times (a replay hands it both results at once)', async () => {
    const id = await startRun('helper', 'parallel-staggered');
    const run = await waitForStatus(id, ['completed', 'failed']);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.output).toMatch(/^both: .+,4$/);
    await expectReplays(id);
  });

  it('pauses for approval of a destructive tool and continues once approved', async () => {
    const id = await startRun('helper', 'side-effect');
    const waiting = await waitForStatus(id, ['awaiting_approval']);
    expect(waiting.pendingApprovals).toHaveLength(1);
    expect(waiting.pendingApprovals[0].tool).toBe('record_side_effect');
    expect(await listedIds('awaiting_approval')).toContain(id);
    const before = existsSync(sideEffects) ? readFileSync(sideEffects, 'utf8') : '';
    expect(before).not.toContain(id);

    const res = await p.api.inject({
      method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(),
      payload: { toolCallId: waiting.pendingApprovals[0].toolCallId, decision: 'approve' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const run = await waitForStatus(id, ['completed', 'failed']);
    expect(run.outcome.output).toBe('result: recorded charged');
    const lines = readFileSync(sideEffects, 'utf8').split('\n').filter((l) => l.includes(id));
    expect(lines).toHaveLength(1);
    const toolStep = run.steps.find((s: { kind: string }) => s.kind === 'tool');
    expect(toolStep.approval).toMatchObject({ required: true, decision: 'approved' });
    expect(await listedIds('awaiting_approval')).not.toContain(id);
    expect(await listedIds('completed')).toContain(id);
    // The last live status the workflow recorded was `running`, as of the approval decision.
    const decided = (await p.runtime.store.runs.events(id, 0)).find((e) => e.type === 'approval.decided')!;
    const stored = await p.runtime.store.db.selectFrom('runs').select(['status_event_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.status_event_id).toBe(decided.id);
    await saveHistory(p.config.temporal.address!, id, 'approved');
  });

  it('feeds a rejection back to the model as the tool result', async () => {
    const id = await startRun('helper', 'side-effect');
    const waiting = await waitForStatus(id, ['awaiting_approval']);
    const res = await p.api.inject({
      method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(),
      payload: { toolCallId: waiting.pendingApprovals[0].toolCallId, decision: 'reject', reason: 'too expensive' },
    });
    expect(res.statusCode).toBe(200);
    const run = await waitForStatus(id, ['completed', 'failed']);
    expect(run.outcome.output).toMatch(/^result: (Error: )?The tool call was rejected by .*: too expensive\.$/);
    const log = existsSync(sideEffects) ? readFileSync(sideEffects, 'utf8') : '';
    expect(log).not.toContain(id);
    await saveHistory(p.config.temporal.address!, id, 'rejected');
  });

  it('refuses an approval for a tool call that is not pending', async () => {
    const id = await startRun('helper', 'side-effect');
    await waitForStatus(id, ['awaiting_approval']);
    const res = await p.api.inject({
      method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(), payload: { toolCallId: 'nope', decision: 'approve' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('conflict');
    await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: p.auth() });
    await waitForStatus(id, ['cancelled']);
  });

  it('ends with budget_exceeded when the step limit is reached', async () => {
    await register(agent('short', { limits: { maxSteps: 2 } }));
    const id = await startRun('short', 'loop');
    const run = await waitForStatus(id, ['budget_exceeded', 'completed', 'failed']);
    expect(run.status).toBe('budget_exceeded');
    expect(run.outcome.limit).toBe('max_steps');
    expect(run.usage.modelCalls).toBe(2);
    await saveHistory(p.config.temporal.address!, id, 'max-steps');
  });

  it('ends with budget_exceeded when the token budget is spent', async () => {
    await register(agent('frugal', { limits: { maxTotalTokens: 30 } }));
    const id = await startRun('frugal', 'loop');
    const run = await waitForStatus(id, ['budget_exceeded', 'completed', 'failed']);
    expect(run.status).toBe('budget_exceeded');
    expect(run.outcome.limit).toBe('max_total_tokens');
  });

  it('ends with budget_exceeded when the wall-clock deadline passes, cancelling the tool call', async () => {
    await register(agent('hurried', { limits: { deadlineSeconds: 2 } }));
    const id = await startRun('hurried', 'slow');
    const run = await waitForStatus(id, ['budget_exceeded', 'completed', 'failed']);
    expect(run.status).toBe('budget_exceeded');
    expect(run.outcome.limit).toBe('deadline');
  });

  it('cancels a run with a tool call in flight, aborting the call', async () => {
    const toolServer = { ...p.config.mcpServers.tools, name: 'tools' } as McpServerSpec;
    const cancelledCalls = async () => Number((await p.runtime.mcp.callTool(toolServer, 'cancelled_count', {}, { idempotencyKey: `count-${Date.now()}` })).content);
    const before = await cancelledCalls();
    const id = await startRun('helper', 'slow');
    // The live view answers while the tool call (a local activity) holds the workflow task.
    await eventually(async () => {
      const run = await getRun(id);
      return run.live && run.steps.some((s: { kind: string; endedAt?: string }) => s.kind === 'tool' && !s.endedAt);
    });
    const res = await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: p.auth() });
    expect(res.statusCode).toBe(202);
    const run = await waitForStatus(id, ['cancelled', 'completed', 'failed']);
    expect(run.status).toBe('cancelled');
    // The 60-second call was aborted through the activity's signal, not left to finish.
    await eventually(async () => (await cancelledCalls()) > before);
    const again = await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: p.auth() });
    expect(again.statusCode).toBe(409);
  });

  it('opens a run event stream on the stored events, without waiting for a worker to answer the workflow query', async () => {
    const id = await startRun('helper', 'side-effect');
    await waitForStatus(id, ['awaiting_approval']);
    await p.stopInProcessWorker(); // the workflow query now waits for its deadline (3 s): no worker answers it
    const baseUrl = await p.api.listen({ port: 0, host: '127.0.0.1' });
    const aborter = new AbortController();
    try {
      const sent = performance.now();
      const res = await fetch(`${baseUrl}/v1/runs/${id}/events`, { headers: p.auth(), signal: aborter.signal });
      expect(res.status).toBe(200);
      expect(performance.now() - sent).toBeLessThan(1_500);
      const first = await res.body!.getReader().read();
      expect(new TextDecoder().decode(first.value)).toContain(': stream open');
    } finally {
      aborter.abort();
      await p.startInProcessWorker();
    }
    expect((await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: p.auth() })).statusCode).toBe(202);
    expect((await waitForStatus(id, ['cancelled', 'completed', 'failed'])).status).toBe('cancelled');
  });

  it('pins the agent version a run started with', async () => {
    await register(agent('pinned'));
    const v2 = await register(agent('pinned', { description: 'changed' }));
    expect(v2.agent.version).toBe(2);
    const res = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'pinned', version: 1, input: 'direct' } });
    const run = await waitForStatus(res.json().id, ['completed']);
    expect(run.agentVersion).toBe(1);
  });
});
