// The keel CLI as a user runs it (`npm run -s keel -- …` is `tsx services/cli/main.ts …`) against a live API.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { keelCli } from '../support/keel-cli';

let model: VllmStandin;
let p: TestPlatform;
let url: string;

const keel = keelCli(() => ({ url, key: p.tenant.key }));

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, config: { mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: join(mkdtempSync(join(tmpdir(), 'keel-cli-')), 'fx.log') }) } } });
  url = await p.api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

it('registers an agent from YAML, runs it following its steps, and reads the run back', async () => {
  const file = join(p.dataDir, 'agent.yaml');
  writeFileSync(file, `name: cli-agent\ninstructions: Add.\nmodel: ${TEST_MODEL}\ntools:\n  - server: tools\n    tools: [add, echo, slow, record_side_effect]\n`);
  const reg = await keel(['agents', 'register', file]);
  expect(reg.stdout).toContain('cli-agent version 1 registered');
  expect((await keel(['agents', 'list'])).stdout).toMatch(/cli-agent\s+v1/);

  const run = await keel(['run', 'cli-agent', '--input', 'two-turns']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('tools/add {"a":2,"b":3}');
  expect(run.stdout).toContain('✔ finished');
  expect(run.stdout).toContain('done: sum is 5');

  const id = /run (run_\w+)/.exec(run.stdout)![1];
  const got = JSON.parse((await keel(['runs', 'get', id])).stdout);
  expect(got.status).toBe('completed');
});

it('approves a pending tool call and cancels a run', async () => {
  const started = await keel(['run', 'cli-agent', '--input', 'side-effect', '--no-follow']);
  const id = /run (run_\w+)/.exec(started.stdout)![1];
  for (;;) {
    const r = JSON.parse((await keel(['runs', 'get', id])).stdout);
    if (r.status === 'awaiting_approval') break;
    await new Promise((res) => setTimeout(res, 200));
  }
  expect((await keel(['approve', id])).stdout).toMatch(/^approved /);
  const followed = await keel(['runs', 'follow', id]);
  expect(followed.stdout).toContain('result: recorded charged');

  const slow = await keel(['run', 'cli-agent', '--input', 'slow', '--no-follow']);
  const slowId = /run (run_\w+)/.exec(slow.stdout)![1];
  const cancelled = await keel(['cancel', slowId]);
  expect(cancelled.stdout, cancelled.stderr).toContain('cancel requested');
});

it('says clearly what is wrong', async () => {
  const missing = await keel(['runs', 'get', 'run_nope']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('404 not_found');
  const badKey = await keel(['agents', 'list'], { KEEL_API_KEY: 'keel_wrong' });
  expect(badKey.stderr).toContain('401 unauthorized');
  const down = await keel(['agents', 'list'], { KEEL_URL: 'http://127.0.0.1:9' });
  expect(down.stderr).toContain('cannot reach the Keel API');
});

it('chats: each piped line is a turn whose answer streams out, and the second turn remembers the first', async () => {
  const file = join(p.dataDir, 'chat-agent.yaml');
  writeFileSync(file, `name: chat-agent\ninstructions: Chat.\nmodel: ${TEST_MODEL}\n`);
  expect((await keel(['agents', 'register', file])).code).toBe(0);
  await model.setFaults({ tokenDelayMs: 5 }); // several deltas per answer
  try {
    const chat = await keel(['chat', 'chat-agent'], {}, { stdin: 'remember alpha\n\nremember beta\n' });
    expect(chat.code, chat.stderr).toBe(0);
    const lines = chat.stdout.split('\n');
    const id = /^conversation (conv_\w+) with chat-agent v1/.exec(lines[0])?.[1];
    expect(id, chat.stdout).toBeDefined();
    // Each answer once, whole: the deltas and the step's closing text are not printed twice.
    expect(lines.slice(1, 3)).toEqual(['heard: remember alpha', 'heard: remember alpha | remember beta']);
    expect(lines[3]).toContain(`stays open until idle`);
    expect(lines[3]).toContain(`keel chat chat-agent --conversation ${id}`);
    const conversation = (await (await fetch(`${url}/v1/conversations/${id}`, { headers: p.auth() })).json()) as { turns: number; messages: Array<{ output: string }> };
    expect(conversation.turns).toBe(2);
    expect(conversation.messages.map((m) => m.output)).toEqual(['heard: remember alpha', 'heard: remember alpha | remember beta']);
  } finally {
    await model.setFaults({});
  }
}, 60_000);
