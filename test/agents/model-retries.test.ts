// Retries do not multiply: one model call in a run makes at most router attempts × activity
// attempts provider calls, and only kinds that can pass with time reach the activity's retry.
// Real Temporal dev server, the real callModel activity and router, the vLLM stand-in failing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MODEL_CALL_RETRY } from '../../services/router';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';

const ROUTER_ATTEMPTS = 3;

let model: VllmStandin;
let p: TestPlatform;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({
    modelUrl: model.url,
    // A breaker that never opens, so every attempt reaches the stand-in and the counts are exact.
    config: { router: { retry: { maxAttempts: ROUTER_ATTEMPTS, baseBackoffMs: 1, maxBackoffMs: 5 }, breaker: { consecutiveFailures: 1000, minCalls: 1000 } } },
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
  const run = await eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    return r.status === 'running' || r.status === 'queued' ? undefined : r;
  }, 100);
  await model.setFaults({});
  const history = await p.env.client.workflow.getHandle(id).fetchHistory();
  const events = history.events!;
  const callModel = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'callModel').map((e) => String(e.eventId)));
  const attempts = events.flatMap((e) => {
    const started = e.activityTaskStartedEventAttributes;
    return started && callModel.has(String(started.scheduledEventId)) ? [started.attempt] : [];
  });
  return { run, providerCalls: model.requests.length - before, activityAttempts: attempts };
}

it('retries an unavailable model over time, at most router attempts × activity attempts', async () => {
  const { run, providerCalls, activityAttempts } = await runFailingWith(503);
  expect(run.status).toBe('failed');
  expect(JSON.stringify(run)).toContain('Model_unavailable');
  expect(activityAttempts).toEqual([MODEL_CALL_RETRY.maximumAttempts]);
  expect(providerCalls).toBe(ROUTER_ATTEMPTS * MODEL_CALL_RETRY.maximumAttempts);
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
