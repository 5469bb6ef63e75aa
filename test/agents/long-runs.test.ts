// Continue-as-new for long runs, output schemas, and tool refusals fed back to the model.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { saveHistory } from '../support/histories';

let model: VllmStandin;
let p: TestPlatform;
let baseUrl: string;

beforeAll(async () => {
  model = await startVllmStandin({
    model: TEST_MODEL,
    respond: (body) => {
      const first = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
      if (first === 'json') {
        const rejected = body.messages.some((m) => m.role === 'user' && String(m.content).startsWith('Your answer was rejected'));
        return { content: rejected ? '{"answer": 42}' : 'forty-two' };
      }
      return scriptedModel(body);
    },
  });
  p = await startPlatform({ modelUrl: model.url, config: { agents: { stepsPerHistory: 2 }, mcpServers: { tools: testMcpServer() } } });
  baseUrl = await p.api.listen({ port: 0, host: '127.0.0.1' });
  for (const def of [
    { name: 'looper', instructions: 'Loop.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['echo', 'add'] }] },
    {
      name: 'structured', instructions: 'Answer in JSON.', model: TEST_MODEL,
      outputSchema: { type: 'object', required: ['answer'], properties: { answer: { type: 'number' } } },
    },
  ]) {
    const res = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: def });
    expect(res.statusCode).toBe(201);
  }
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const start = async (agent: string, input: string) =>
  (await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent, input } })).json().id as string;
const finished = (id: string) =>
  eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    return ['completed', 'failed', 'budget_exceeded'].includes(r.status) ? r : undefined;
  });

it('continues as new on long runs without losing steps or events', async () => {
  const id = await start('looper', 'steps 5');
  const run = await finished(id);
  expect(run.status).toBe('completed');
  expect(run.outcome.output).toBe('done after 5 tools');
  expect(run.steps).toHaveLength(11);
  expect(run.steps.map((s: { index: number }) => s.index)).toEqual([...Array(11).keys()]);

  // Five tool turns at two per history: three executions of one workflow id.
  const executions = await eventually(async () => {
    const list = [];
    for await (const w of p.env.client.workflow.list({ query: `WorkflowId = '${id}'` })) list.push(w);
    return list.length >= 3 ? list : undefined;
  });
  expect(executions.filter((w) => w.status.name === 'CONTINUED_AS_NEW')).toHaveLength(2);

  const text = await (await fetch(`${baseUrl}/v1/runs/${id}/events`, { headers: p.auth() })).text();
  const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  expect(ids).toEqual(ids.map((_, i) => i + 1));
  expect(text).toContain('event: run.finished');
  await saveHistory(p.config.temporal.address!, id, 'continued-as-new');
});

it('asks the model again when its answer breaks the output schema', async () => {
  const run = await finished(await start('structured', 'json'));
  expect(run.status).toBe('completed');
  expect(run.outcome.parsedOutput).toEqual({ answer: 42 });
  expect(run.usage.modelCalls).toBe(2);
});

it('feeds a tool the agent may not use back to the model as an error', async () => {
  const run = await finished(await start('looper', 'forbidden'));
  expect(run.status).toBe('completed');
  expect(run.outcome.output).toMatch(/^told: (Error: )?Unknown tool "tools__fail"/);
});

it('feeds arguments that break the tool schema back to the model as an error', async () => {
  const run = await finished(await start('looper', 'bad-args'));
  expect(run.status).toBe('completed');
  expect(run.outcome.output).toMatch(/Invalid arguments for tool "add"/);
});
