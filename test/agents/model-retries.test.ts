// Retries do not multiply: one model call in a run makes at most router attempts × activity
// attempts provider calls, and only kinds that can pass with time reach the activity's retry,
// which rides out an outage for the outage window (short here) while the run is
// `waiting_for_model`. Real Temporal dev server, the real callModel activity and router, the vLLM
// stand-in failing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';

const ROUTER_ATTEMPTS = 3;
const OUTAGE_WINDOW_S = 5;
const TERMINAL = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

let model: VllmStandin;
let p: TestPlatform;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({
    modelUrl: model.url,
    // A breaker that never opens, so every attempt reaches the stand-in and the counts are exact.
    config: {
      router: { retry: { maxAttempts: ROUTER_ATTEMPTS, baseBackoffMs: 1, maxBackoffMs: 5 }, breaker: { consecutiveFailures: 1000, minCalls: 1000 } },
      agents: { modelOutageWindowSeconds: OUTAGE_WINDOW_S, modelRetryMaxIntervalSeconds: 1 },
    },
  });
  const res = await p.api.inject({
    method: 'POST', url: '/v1/agents', headers: p.auth(),
    payload: { name: 'plain', instructions: 'Answer.', model: TEST_MODEL, tools: [] },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

/** Runs the agent against a stand-in answering every call with `status`: provider calls and callModel's attempts. */
async function runFailingWith(status: number) {
  await model.setFaults({ serverError: { status } });
  const before = model.requests.length;
  const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'plain', input: 'hello' } });
  expect(start.statusCode, start.body).toBe(202);
  const id = start.json().id as string;
  const statuses = new Set<string>();
  const run = await eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    statuses.add(r.status);
    return TERMINAL.includes(r.status) ? r : undefined;
  }, 100);
  await model.setFaults({});
  const history = await p.env.client.workflow.getHandle(id).fetchHistory();
  const events = history.events!;
  const callModel = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'callModel').map((e) => String(e.eventId)));
  const attempts = events.flatMap((e) => {
    const started = e.activityTaskStartedEventAttributes;
    return started && callModel.has(String(started.scheduledEventId)) ? [started.attempt] : [];
  });
  return { run, statuses, providerCalls: model.requests.length - before, activityAttempts: attempts };
}

it('rides out an unavailable model for the outage window, waiting_for_model, then fails no_model_reachable with the reasons', async () => {
  const t0 = Date.now();
  const { run, statuses, providerCalls, activityAttempts } = await runFailingWith(503);
  expect(Date.now() - t0).toBeGreaterThanOrEqual((OUTAGE_WINDOW_S - 1) * 1000);
  expect(statuses).toContain('waiting_for_model');
  expect(run.status).toBe('failed');
  expect(run.outcome.error.code).toBe('no_model_reachable');
  expect(run.outcome.error.reasons).toEqual([{ deployment: 'standin', reason: expect.stringContaining('unavailable') }]);
  expect(run.statusReason).toBeNull();
  // Backoff of 1 s (the test's cap) over a 5 s window: several attempts, each the router's 3 calls.
  expect(activityAttempts).toHaveLength(1);
  const attempts = Number(activityAttempts[0]);
  expect(attempts).toBeGreaterThanOrEqual(3);
  expect(providerCalls).toBe(ROUTER_ATTEMPTS * attempts);
}, 60_000);

it('shows a run waiting_for_model with each deployment\'s reason while the model is down, and completes once it is back', async () => {
  await model.setFaults({ refuse: true });
  const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'plain', input: 'hello' } });
  expect(start.statusCode, start.body).toBe(202);
  const id = start.json().id as string;
  const get = async () => (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
  const waiting = await eventually(async () => {
    const r = await get();
    return r.status === 'waiting_for_model' ? r : undefined;
  }, 50);
  expect(waiting.statusReason.reasons).toEqual([{ deployment: 'standin', reason: expect.stringContaining('connection') }]);
  await model.setFaults({});
  const done = await eventually(async () => {
    const r = await get();
    return TERMINAL.includes(r.status) ? r : undefined;
  }, 100);
  expect(done.status).toBe('completed');
  expect(done.statusReason).toBeNull();
}, 60_000);

it('leaves a model error to the router: its attempts, no activity retry', async () => {
  const { run, providerCalls, activityAttempts } = await runFailingWith(500);
  expect(run.status).toBe('failed');
  expect(JSON.stringify(run)).toContain('Model_model_error');
  expect(activityAttempts).toEqual([1]);
  expect(providerCalls).toBe(ROUTER_ATTEMPTS);
}, 60_000);

it('fails a rejected request (400) after exactly one provider call, without Temporal retries', async () => {
  const { run, providerCalls, activityAttempts } = await runFailingWith(400);
  expect(run.status).toBe('failed');
  expect(JSON.stringify(run)).toContain('Model_validation');
  expect(activityAttempts).toEqual([1]);
  expect(providerCalls).toBe(1);
}, 60_000);
