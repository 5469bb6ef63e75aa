// Secret references in tool server specs are resolved inside the activity only: a run whose MCP
// server needs a secret completes, and the secret's value appears nowhere in the workflow history
// nor in anything the platform wrote under its data directory (SQL store, local traces).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { decryptHistory } from '../support/temporal';

const SECRET = `s3cr3t-${Math.random().toString(36).slice(2)}-token`;
let model: VllmStandin;
let p: TestPlatform;

beforeAll(async () => {
  process.env.KEEL_TEST_TOOL_SECRET = SECRET;
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  const server = testMcpServer({ KEEL_TEST_REQUIRE_ENV: 'API_TOKEN' });
  p = await startPlatform({
    modelUrl: model.url,
    config: { mcpServers: { tools: { ...server, env: { ...server.env, API_TOKEN: { fromEnv: 'KEEL_TEST_TOOL_SECRET' } } } } },
  });
  const def = { name: 'helper', instructions: 'Help.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['add', 'echo'] }] };
  expect((await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: def })).statusCode).toBe(201);
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

/** The history as text with every payload's base64 `data` decoded (payloads are JSON-encoded). */
function decodedHistory(history: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'data' && typeof x === 'string') parts.push(Buffer.from(x, 'base64').toString('utf8'));
        // A payload decrypted by the test key ring holds Buffers: { type: 'Buffer', data: [bytes] } in JSON.
        else if (k === 'data' && Array.isArray(x) && (v as { type?: unknown }).type === 'Buffer') parts.push(Buffer.from(x as number[]).toString('utf8'));
        else walk(x);
      }
    }
  };
  const plain = JSON.parse(JSON.stringify(history));
  walk(plain);
  return `${JSON.stringify(plain)}\n${parts.join('\n')}`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it('keeps a tool server secret out of workflow history, the store and traces', async () => {
  const started = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'helper', input: 'two-turns' } });
  expect(started.statusCode).toBe(202);
  const { id, workflowId } = started.json();
  const run = await eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    return ['completed', 'failed'].includes(r.status) && r;
  });
  // The server only starts with API_TOKEN set: completing proves the secret was resolved.
  expect(run.status).toBe('completed');
  expect(run.outcome.output).toBe('done: sum is 5');

  const history = await decryptHistory(await p.env.client.workflow.getHandle(workflowId).fetchHistory());
  const historyText = decodedHistory(history);
  // The decoded payloads do hold the tool calls (the model's answers name them; run events and
  // tool arguments leave through local activities, whose inputs history does not keep)…
  expect(historyText).toContain('"name":"tools__add"');
  expect(historyText).not.toContain(SECRET); // …but never the secret
  for (const file of filesUnder(p.dataDir)) {
    expect(readFileSync(file).includes(Buffer.from(SECRET)), file).toBe(false);
  }
});
