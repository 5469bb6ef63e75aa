// Replays end to end: real Temporal dev server, MCP test server process, two vLLM stand-ins (the
// agent's model and a second model answering differently), traces in the local store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { readTrace, traceIdForWorkflow } from '../../services/tracing';
import { apiHelpers, otherModel, OTHER_MODEL, timeless } from './support';

let model: VllmStandin;
let other: VllmStandin;
let p: TestPlatform;
let api: ReturnType<typeof apiHelpers>;
const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-replay-')), 'side-effects.log');
const sideEffectLog = () => (existsSync(sideEffects) ? readFileSync(sideEffects, 'utf8') : '');
const originals: Record<string, any> = {};

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  other = await startVllmStandin({ model: OTHER_MODEL, respond: otherModel });
  const cost = { costPer1kInput: 0.5, costPer1kOutput: 1.5 };
  p = await startPlatform({
    modelUrl: model.url,
    config: {
      // Runs continue as new every two steps: replays carry their spec across.
      agents: { stepsPerHistory: 2 },
      mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) },
      router: {
        deployments: [
          { id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: model.url, scrapeMetrics: false, ...cost },
          { id: 'other', provider: 'openai', model: OTHER_MODEL, endpoint: other.url, scrapeMetrics: false, ...cost },
        ],
        models: { [TEST_MODEL]: { deployments: ['standin'] }, [OTHER_MODEL]: { deployments: ['other'] } },
      },
    },
  });
  api = apiHelpers(p);
  const res = await api.post('/v1/agents', {
    name: 'helper', instructions: 'You are a test agent.', model: TEST_MODEL,
    tools: [{ server: 'tools', tools: ['add', 'echo', 'record_side_effect'] }],
  });
  expect(res.statusCode, res.body).toBeLessThan(300);

  const runs: Array<[string, string, ((id: string) => Promise<void>)?]> = [
    ['two-turns', 'two-turns'],
    ['parallel', 'parallel'],
    ['five-steps', 'steps 5'],
    ['approved', 'side-effect', api.approvePending],
    ['rejected', 'side-effect', async (id) => {
      const waiting = await api.waitForStatus(id, ['awaiting_approval']);
      await api.post(`/v1/runs/${id}/approvals`, { toolCallId: waiting.pendingApprovals[0].toolCallId, decision: 'reject', reason: 'not today' });
    }],
  ];
  for (const [name, input, act] of runs) {
    const id = await api.startRun('helper', input);
    await act?.(id);
    originals[name] = await api.waitForStatus(id, ['completed', 'failed']);
    expect(originals[name].status, name).toBe('completed');
  }
  expect(sideEffectLog().split('\n').filter(Boolean)).toHaveLength(1);
});

afterAll(async () => {
  await p?.close();
  await model?.close();
  await other?.close();
});

describe('exact replay', () => {
  it.each(['two-turns', 'parallel', 'five-steps', 'approved', 'rejected'])('re-runs %s from its trace: same output and steps, no live model call', async (name) => {
    const original = originals[name];
    const modelRequests = model.requests.length;
    const log = sideEffectLog();

    const started = await api.startReplay({ runId: original.id, mode: 'exact' });
    expect(started.replayOf).toBe(original.id);
    expect(started.replay).toMatchObject({ of: original.id, mode: 'exact', from: 'local', traceId: traceIdForWorkflow(original.workflowId) });
    const replay = await api.waitForStatus(started.id, ['completed', 'failed', 'budget_exceeded']);

    expect(replay.status).toBe('completed');
    expect(replay.outcome.output).toBe(original.outcome.output);
    expect(timeless(replay.steps)).toEqual(timeless(original.steps));
    expect(replay.usage).toEqual(original.usage);
    expect(model.requests.length).toBe(modelRequests);
    expect(sideEffectLog()).toBe(log);

    const res = await api.get(`/v1/replays/${started.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const { diff, original: shown } = res.json();
    expect(shown.id).toBe(original.id);
    expect(diff.identical).toBe(true);
    expect(diff.counts).toEqual({ same: original.steps.length, changed: 0, new: 0, missing: 0 });
    expect(diff.usage.replay).toEqual(diff.usage.original);
    expect(diff.usage.original.costUsd).toBeGreaterThan(0);
  });

  it('records the replay as its own trace linked to the original, and audits it', async () => {
    const original = originals['two-turns'];
    const started = await api.startReplay({ traceId: traceIdForWorkflow(original.workflowId), mode: 'exact', from: 'local' });
    await api.waitForStatus(started.id, ['completed']);
    await p.runtime.recorder.flush();
    const trace = await readTrace(traceIdForWorkflow(started.id), { from: 'local', store: p.runtime.recorder.localStore });
    expect(trace?.trace).toMatchObject({ runId: started.id, replayOf: traceIdForWorkflow(original.workflowId), metadata: { replay: { of: original.id, mode: 'exact' } } });
    expect(trace?.observations.filter((o) => o.type === 'generation')).toHaveLength(3);

    const audit = (await api.get('/v1/audit?action=replay.started')).json().entries;
    expect(audit.find((e: any) => e.target.id === started.id)).toMatchObject({ details: { of: original.id, mode: 'exact' } });
    // Results served from the trace executed nothing: no tool.executed entry for the replay.
    const executed = (await api.get(`/v1/audit?action=tool.executed&limit=200`)).json().entries;
    expect(executed.filter((e: any) => e.details.runId === started.id)).toEqual([]);
  });
});

describe('model replay', () => {
  it('answers with another model, serves matched tool calls from the trace and never runs an unmatched destructive one', async () => {
    const original = originals.approved;
    const before = { model: model.requests.length, other: other.requests.length, log: sideEffectLog() };

    const started = await api.startReplay({ runId: original.id, mode: 'model', model: OTHER_MODEL });
    const replay = await api.waitForStatus(started.id, ['completed', 'failed', 'awaiting_approval']);

    expect(replay.status).toBe('completed');
    expect(other.requests.length - before.other).toBe(3);
    expect(model.requests.length).toBe(before.model);
    // Neither the matched call (served from the trace) nor the unmatched one touched the tool.
    expect(sideEffectLog()).toBe(before.log);
    const [served, refused] = replay.steps.filter((s: any) => s.kind === 'tool');
    expect(served).toMatchObject({ tool: 'record_side_effect', arguments: { value: 'charged', hold_ms: 0 }, isError: false, resultPreview: 'recorded charged' });
    expect(refused).toMatchObject({ tool: 'record_side_effect', arguments: { value: 'refunded' }, isError: true });
    expect(refused.resultPreview).toMatch(/Not executed: .*destructive/);
    expect(replay.outcome.output).toMatch(/^other: recorded charged \| (Error: )?Not executed: .*destructive/);

    const { diff } = (await api.get(`/v1/replays/${started.id}`)).json();
    expect(diff.identical).toBe(false);
    expect(diff.counts).toEqual({ same: 2, changed: 1, new: 2, missing: 0 });
    expect(diff.steps.slice(0, 2).map((s: any) => s.status)).toEqual(['same', 'same']);
    expect(diff.output).toMatchObject({ same: false, original: { output: 'result: recorded charged' } });
    expect(diff.usage.replay.modelCalls).toBe(3);
    expect(diff.usage.original.modelCalls).toBe(2);
    expect(diff.usage.replay.costUsd).toBeGreaterThan(0);
  });

  it('runs an unmatched read-only tool live', async () => {
    const original = originals['two-turns'];
    const started = await api.startReplay({ runId: original.id, mode: 'model', model: OTHER_MODEL });
    const replay = await api.waitForStatus(started.id, ['completed', 'failed']);
    expect(replay.outcome.output).toBe('other: 5,11');
    const { diff } = (await api.get(`/v1/replays/${started.id}`)).json();
    // The second turn calls add instead of echo: the model step changed, echo is missing, add is new.
    expect(diff.steps.map((s: any) => s.status)).toEqual(['same', 'same', 'changed', 'missing', 'new', 'changed']);
    expect(diff.steps[2].changes).toEqual(['toolCalls']);
    expect(diff.steps[3].original).toMatchObject({ name: 'tools/echo' });
    expect(diff.steps[4].replay).toMatchObject({ name: 'tools/add', arguments: { a: 10, b: 1 }, result: '11', isError: false });
  });
});

describe('live replay', () => {
  it('re-runs the same input with every call live', async () => {
    const original = originals['two-turns'];
    const modelRequests = model.requests.length;
    const started = await api.startReplay({ runId: original.id, mode: 'live' });
    const replay = await api.waitForStatus(started.id, ['completed', 'failed']);
    expect(replay.outcome.output).toBe('done: sum is 5');
    expect(model.requests.length - modelRequests).toBe(3);
    const { diff } = (await api.get(`/v1/replays/${started.id}`)).json();
    expect(diff.identical).toBe(true);
  });
});

describe('replay overrides', () => {
  it('replays against another version of the agent', async () => {
    const v2 = await api.post('/v1/agents', {
      name: 'helper', instructions: 'You are a test agent, version two.', model: TEST_MODEL,
      tools: [{ server: 'tools', tools: ['add', 'echo', 'record_side_effect'] }],
    });
    expect(v2.json().version ?? v2.json().agent?.version, v2.body).toBe(2);
    const original = originals['two-turns'];
    const started = await api.startReplay({ runId: original.id, mode: 'live', agentVersion: 2 });
    expect(started.replay).toMatchObject({ mode: 'live', agentVersion: 2 });
    const replay = await api.waitForStatus(started.id, ['completed', 'failed']);
    expect(replay.agentVersion).toBe(2);
    expect(model.requests.at(-1)!.messages[0].content).toBe('You are a test agent, version two.');
    expect((await api.post('/v1/replays', { runId: original.id, mode: 'live', agentVersion: 9 })).statusCode).toBe(404);
  });

  it('answers 409 when the trace source is not configured', async () => {
    const res = await api.post('/v1/replays', { runId: originals['two-turns'].id, mode: 'exact', from: 'langfuse' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('source_unavailable');
  });
});

describe('replay requests', () => {
  it("answers 404 for another tenant's run, trace or replay", async () => {
    const original = originals['two-turns'];
    const theirs = p.otherTenant.key;
    expect((await api.post('/v1/replays', { runId: original.id, mode: 'exact' }, theirs)).statusCode).toBe(404);
    expect((await api.post('/v1/replays', { traceId: traceIdForWorkflow(original.workflowId) }, theirs)).statusCode).toBe(404);
    const mine = await api.startReplay({ runId: original.id, mode: 'exact' });
    expect((await api.get(`/v1/replays/${mine.id}`, theirs)).statusCode).toBe(404);
    await api.waitForStatus(mine.id, ['completed']);
  });

  it('answers 400 for bad requests and 404 for a run that is not a replay', async () => {
    const original = originals['two-turns'];
    const cases: Array<[unknown, string]> = [
      [{ mode: 'exact' }, 'runId'],
      [{ runId: original.id, traceId: traceIdForWorkflow(original.workflowId) }, 'runId'],
      [{ runId: original.id, mode: 'exact', model: OTHER_MODEL }, 'mode'],
      [{ runId: original.id, mode: 'fast' }, 'mode'],
      [{ traceId: 'not-a-trace' }, 'traceId'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/v1/replays', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(JSON.stringify(res.json().error), JSON.stringify(body)).toContain(field);
    }
    const unknownModel = await api.post('/v1/replays', { runId: original.id, mode: 'model', model: 'no-such-model' });
    expect(unknownModel.statusCode).toBe(400);
    expect((await api.get(`/v1/replays/${original.id}`)).statusCode).toBe(404);
    expect((await api.post('/v1/replays', { runId: 'run_missing' })).statusCode).toBe(404);
  });
});
