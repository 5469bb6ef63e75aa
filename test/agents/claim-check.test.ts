// Small histories for long runs: large contents travel by blob reference, model calls carry only
// the new messages, a run can start from an earlier conversation, and context policies keep a
// conversation inside the model's window.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AgentRunWorkflow } from '../../workflows';
import type { AgentRunInput, RunOutcome } from '../../services/agents/types';
import { startVllmStandin, type OpenAIChatBody, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { largestByKind, measureHistory, type MeasuredPayload } from '../support/history-payloads';
import { saveHistory } from '../support/histories';

const KB64 = 64 * 1024;
const HUGE_WINDOW = 50_000_000;

let model: VllmStandin;
let p: TestPlatform;

beforeAll(async () => {
  model = await startVllmStandin({
    model: TEST_MODEL,
    maxModelLen: HUGE_WINDOW,
    respond: (body) =>
      String(body.messages[0]?.content ?? '').startsWith('Summarise the conversation') ? { content: 'SUMMARY-OK' } : scriptedModel(body),
  });
  p = await startPlatform({
    modelUrl: model.url,
    config: {
      mcpServers: { tools: testMcpServer() },
      router: {
        deployments: [{ id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: model.url, scrapeMetrics: false, contextWindow: HUGE_WINDOW }],
        models: { [TEST_MODEL]: { deployments: ['standin'] } },
      },
    },
  });
  const grant = [{ server: 'tools', tools: ['big'] }];
  const limits = { maxSteps: 1000, maxTotalTokens: 2_000_000_000 };
  for (const def of [
    { name: 'grower', instructions: 'Grow.', model: TEST_MODEL, tools: grant, limits, context: { maxTokens: 10_000_000 } },
    { name: 'trimmer', instructions: 'Trim.', model: TEST_MODEL, tools: grant, limits, context: { policy: 'truncate', maxTokens: 2000 } },
    { name: 'summariser', instructions: 'Sum up.', model: TEST_MODEL, tools: grant, limits, context: { policy: 'summarise', maxTokens: 1500 } },
    { name: 'plain', instructions: 'Answer.', model: TEST_MODEL },
  ]) {
    const res = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: def });
    expect(res.statusCode, res.body).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const start = async (agent: string, input: string) => {
  const res = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent, input } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
};
const finished = (id: string) =>
  eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    return ['completed', 'failed', 'budget_exceeded', 'cancelled'].includes(r.status) ? r : undefined;
  }, 200);
const requestsOf = (firstUser: string) => model.requests.filter((b) => b.messages.find((m) => m.role === 'user')?.content === firstUser);
const toolContents = (body: OpenAIChatBody) => body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
/** Every payload in every run of the chain, of every kind (inputs, results, markers, updates, continue-as-new), at most 64 KB. */
function expectEveryPayloadSmall(payloads: MeasuredPayload[]) {
  expect(payloads.length).toBeGreaterThan(0);
  const over = payloads.filter((x) => x.bytes > KB64).map((x) => `${x.kind}#${x.eventId}: ${x.bytes}`);
  expect(over, JSON.stringify(largestByKind(payloads))).toEqual([]);
}

it('completes a run whose tool returns 5 MB: the model gets all of it, history no payload over 64 KB', async () => {
  const input = 'grow 1 5000000';
  const id = await start('grower', input);
  const run = await finished(id);
  expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
  expect(run.outcome.output).toBe('grew 1: last result 5000000 characters');
  expect(run.outcome.conversationRef).toMatch(/^blob:sha256:[0-9a-f]{64}$/);

  const [, second] = requestsOf(input);
  expect(toolContents(second)).toHaveLength(1);
  expect(toolContents(second)[0]).toHaveLength(5_000_000);
  expect(toolContents(second)[0].startsWith('#0 w0 w0')).toBe(true);

  const { payloads } = await measureHistory(p.env.client, id);
  expectEveryPayloadSmall(payloads);
  // The result's preview shows in the run's steps; the whole of it never entered history.
  const toolStep = run.steps.find((s: { kind: string }) => s.kind === 'tool');
  expect(toolStep.resultPreview).toHaveLength(2000);
  await saveHistory(p.config.temporal.address!, id, 'claim-checked-big-result');
}, 120_000);

it('keeps model-call payloads under 64 KB over 300 model calls; history grows with steps', async () => {
  const input = 'grow 299 1000';
  const id = await start('grower', input);
  const run = await finished(id);
  expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
  expect(run.usage.modelCalls).toBe(300);
  const last = requestsOf(input).at(-1)!;
  expect(toolContents(last)).toHaveLength(299);
  expect(toolContents(last).every((c) => c.length === 1000)).toBe(true);

  const { payloads, runs } = await measureHistory(p.env.client, id);
  expect(runs).toBeGreaterThan(1); // continued as new
  const byKind = largestByKind(payloads);
  expectEveryPayloadSmall(payloads);
  // Linear in steps: the model calls' payloads in the last runs of the chain are no larger than in the first.
  const callModelBytes = payloads.filter((x) => x.kind.includes('callModel'));
  const firstFifty = callModelBytes.slice(0, 100).reduce((n, x) => n + x.bytes, 0);
  const lastFifty = callModelBytes.slice(-100).reduce((n, x) => n + x.bytes, 0);
  expect(lastFifty).toBeLessThan(firstFifty * 1.5);
  // Every run of the chain was measured: its start (the first input, then what continue-as-new
  // carried), model and tool calls, the progress markers and the result.
  for (const kind of ['WorkflowExecutionStarted', 'WorkflowExecutionContinuedAsNew', 'ActivityTaskScheduled:callModel', 'ActivityTaskCompleted:callModel', 'MarkerRecorded', 'WorkflowExecutionCompleted'])
    expect(byKind[kind], kind).toBeGreaterThan(0);
  console.log(`300-call run: largest payload by kind ${JSON.stringify(byKind)}`);
}, 300_000);

it('starts a run from an earlier conversation: the model sees the earlier turn first', async () => {
  const first = await finished(await start('plain', 'direct first turn'));
  expect(first.status).toBe('completed');
  const history = first.outcome.conversationRef as string;
  expect(history).toMatch(/^blob:sha256:/);

  const runId = `run_history_${Date.now()}`;
  const agent = await p.runtime.store.agents.version<AgentRunInput['agent']['definition']>(p.tenant.id, 'plain');
  await p.runtime.store.runs.create({
    id: runId, tenantId: p.tenant.id, kind: 'agent', agentName: 'plain', agentVersion: agent!.version,
    workflowId: runId, input: 'second turn', status: 'running',
  });
  const outcome: RunOutcome = await p.env.client.workflow.execute(AgentRunWorkflow, {
    workflowId: runId,
    taskQueue: p.config.temporal.taskQueues.agents,
    args: [{
      runId, tenantId: p.tenant.id, agent: { name: 'plain', version: agent!.version, definition: agent!.definition },
      input: 'second turn', priority: 'interactive', history,
      limits: { maxSteps: 5, maxTotalTokens: 100_000, deadlineSeconds: 60, stepsPerHistory: 40 },
    }],
  });
  expect(outcome.status).toBe('completed');
  const sent = model.requests.at(-1)!.messages.map((m) => [m.role, m.content]);
  expect(sent).toEqual([
    ['system', 'Answer.'],
    ['user', 'direct first turn'],
    ['assistant', 'hello'],
    ['user', 'second turn'],
  ]);
  expect(outcome.conversationRef).not.toBe(history);
}, 60_000);

it('truncates the oldest tool results when the conversation outgrows the agent\'s window, recorded in the step and as an event', async () => {
  const input = 'grow 6 2000';
  const run = await finished(await start('trimmer', input));
  expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
  const last = requestsOf(input).at(-1)!;
  const results = toolContents(last);
  expect(results).toHaveLength(6);
  expect(results[0]).toBe('[tool result removed to fit the context window: 2000 characters]');
  expect(results.at(-1)).toMatch(/^#5 /);
  const truncated = await eventsOf(run.id, 'context.truncated');
  expect(truncated.length).toBeGreaterThan(0);
  expect(truncated[0].data.beforeTokens).toBeGreaterThan(truncated[0].data.afterTokens);
  expect(truncated[0].data.afterTokens).toBeLessThanOrEqual(2000);
  const step = run.steps.find((s: { index: number }) => s.index === truncated[0].data.step);
  expect(step.context).toMatchObject({ policy: 'truncate', beforeTokens: truncated[0].data.beforeTokens, afterTokens: truncated[0].data.afterTokens });
}, 60_000);

it('summarises the oldest messages through one model call when the policy is summarise', async () => {
  const input = 'grow 6 2000';
  const before = model.requests.length;
  const run = await finished(await start('summariser', input));
  expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
  const mine = model.requests.slice(before);
  const summaryCalls = mine.filter((b) => String(b.messages[0]?.content).startsWith('Summarise the conversation'));
  expect(summaryCalls.length).toBeGreaterThan(0);
  expect(String(summaryCalls[0].messages[1].content)).toContain('tool: #0 w0 w0');
  const last = mine.filter((b) => b.messages.some((m) => m.role === 'user' && String(m.content).startsWith('Summary of the earlier conversation:\nSUMMARY-OK'))).at(-1);
  expect(last).toBeDefined();
  const summarised = await eventsOf(run.id, 'context.summarised');
  expect(summarised.length).toBe(summaryCalls.length);
  expect(summarised[0].data.beforeTokens).toBeGreaterThan(summarised[0].data.afterTokens);
}, 60_000);

async function eventsOf(runId: string, type: string): Promise<Array<{ type: string; data: Record<string, number> }>> {
  const text = await p.api.inject({ method: 'GET', url: `/v1/runs/${runId}/events`, headers: p.auth() }).then((r) => r.body);
  return [...text.matchAll(/^event: (\S+)\ndata: (.*)$/gm)]
    .filter((m) => m[1] === type)
    .map((m) => ({ type: m[1], data: JSON.parse(m[2]) as Record<string, number> }));
}
