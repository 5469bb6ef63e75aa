// `keel replay` as a user runs it (subprocess) against a live API: by run id and by trace id.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { keelCli } from '../support/keel-cli';
import { traceIdForWorkflow } from '../../services/tracing';
import { apiHelpers, otherModel, OTHER_MODEL } from './support';

let model: VllmStandin;
let other: VllmStandin;
let p: TestPlatform;
let url: string;
let original: { id: string; workflowId: string };

const keel = keelCli(() => ({ url, key: p.tenant.key }));

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  other = await startVllmStandin({ model: OTHER_MODEL, respond: otherModel });
  p = await startPlatform({
    modelUrl: model.url,
    config: {
      mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: join(mkdtempSync(join(tmpdir(), 'keel-cli-replay-')), 'fx.log') }) },
      router: {
        deployments: [
          { id: 'standin', provider: 'openai', model: TEST_MODEL, endpoint: model.url, scrapeMetrics: false },
          { id: 'other', provider: 'openai', model: OTHER_MODEL, endpoint: other.url, scrapeMetrics: false },
        ],
        models: { [TEST_MODEL]: { deployments: ['standin'] }, [OTHER_MODEL]: { deployments: ['other'] } },
      },
    },
  });
  url = await p.api.listen({ port: 0, host: '127.0.0.1' });
  const api = apiHelpers(p);
  await api.post('/v1/agents', { name: 'helper', instructions: 'Add.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['add', 'echo'] }] });
  const id = await api.startRun('helper', 'two-turns');
  original = await api.waitForStatus(id, ['completed']);
  await p.runtime.recorder.flush();
});

afterAll(async () => {
  await p?.close();
  await model?.close();
  await other?.close();
});

it('replays a run exactly by trace id and prints an all-same diff', async () => {
  const requests = model.requests.length;
  const out = await keel(['replay', traceIdForWorkflow(original.workflowId)]);
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toMatch(new RegExp(`replay run_\\w+ of ${original.id} \\(exact\\)`));
  expect(out.stdout).toContain('steps: 5 same, 0 changed, 0 new, 0 missing');
  expect(out.stdout).toContain('output: same');
  expect(model.requests.length).toBe(requests);
});

it('replays by run id against another model and shows what changed', async () => {
  const out = await keel(['replay', original.id, '--mode', 'model', '--model', OTHER_MODEL]);
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toContain('steps: 2 same, 2 changed, 1 new, 1 missing');
  expect(out.stdout).toMatch(/\+ new\s+tools\/add \{"a":10,"b":1\} → "11"/);
  expect(out.stdout).toContain('output: different');
  expect(out.stdout).toContain('replay   (completed): other: 5,11');
  expect(out.stdout).toMatch(/tokens: \d+ → \d+/);
});

it('says clearly what is wrong', async () => {
  const badMode = await keel(['replay', original.id, '--mode', 'fast']);
  expect(badMode.code).toBe(1);
  expect(badMode.stderr).toContain('--mode must be one of exact, model, live');
  const missing = await keel(['replay', 'run_nope']);
  expect(missing.stderr).toContain('404 not_found');
  const exactWithModel = await keel(['replay', original.id, '--model', OTHER_MODEL]);
  expect(exactWithModel.stderr).toContain('400 invalid_request');
});
