// Crash: SIGKILL the worker process while a tool call is in flight; a new worker finishes the run
// and the tool's side effect happened exactly once (the retried call carries the same idempotency key).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';

let model: VllmStandin;
let p: TestPlatform;
const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-crash-')), 'side-effects.log');
const linesFor = (id: string) =>
  existsSync(sideEffects) ? readFileSync(sideEffects, 'utf8').split('\n').filter((l) => l.includes(id)) : [];

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({
    modelUrl: model.url,
    worker: 'none',
    config: { mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) } },
  });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

it('finishes a run after its worker is killed mid tool call, with the side effect done once', async () => {
  await p.api.inject({
    method: 'POST', url: '/v1/agents', headers: p.auth(),
    payload: {
      name: 'payer', instructions: 'Pay.', model: TEST_MODEL,
      tools: [{ server: 'tools', tools: ['record_side_effect'], approval: { record_side_effect: 'never' } }],
    },
  });
  const first = await p.spawnWorker();
  const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'payer', input: 'side-effect-slow' } });
  const id = start.json().id as string;

  // The side effect is done and the tool is still holding the call open: kill the worker now.
  await eventually(async () => linesFor(id).length > 0);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  expect((await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json().status).toBe('running');

  await p.spawnWorker();
  const run = await eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    return ['completed', 'failed'].includes(r.status) ? r : undefined;
  }, 250);
  expect(run.status).toBe('completed');
  expect(run.outcome.output).toBe('result: recorded charged');
  expect(linesFor(id)).toHaveLength(1);
}, 120_000);
