// Conversations end to end: real Temporal dev server, vLLM stand-in, HTTP API through inject().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';

let model: VllmStandin;
let p: TestPlatform;

async function register(def: Record<string, unknown>) {
  const res = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { instructions: 'You chat.', model: TEST_MODEL, ...def } });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

async function open(agent: string, key?: string) {
  const res = await p.api.inject({ method: 'POST', url: `/v1/agents/${agent}/conversations`, headers: p.auth(key), payload: {} });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
}

const send = (id: string, content: string, key?: string) =>
  p.api.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, headers: p.auth(key), payload: { content } });

const getConversation = async (id: string) => (await p.api.inject({ method: 'GET', url: `/v1/conversations/${id}`, headers: p.auth() })).json();

async function answered(runId: string) {
  return eventually(async () => {
    const run = (await p.api.inject({ method: 'GET', url: `/v1/runs/${runId}`, headers: p.auth() })).json();
    return ['completed', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
  });
}

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url });
  await register({ name: 'chatty' });
  await register({ name: 'brief', conversation: { idleSeconds: 2 } });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

describe('conversations', () => {
  it('remembers an earlier turn across a worker restart', async () => {
    const c = await open('chatty');
    const first = await send(c.id, 'remember the code 4711');
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ conversationId: c.id, turn: 1 });
    const one = await answered(first.json().id);
    expect(one.outcome.output).toBe('heard: remember the code 4711');

    await p.stopInProcessWorker();
    await p.startInProcessWorker();

    const second = await send(c.id, 'what was the code?');
    const two = await answered(second.json().id);
    expect(two.status).toBe('completed');
    expect(two.outcome.output).toBe('heard: remember the code 4711 | what was the code?');
    // The model saw the earlier answer too.
    const lastRequest = model.requests.at(-1)!;
    expect(lastRequest.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);

    const detail = await getConversation(c.id);
    expect(detail.messages.map((m: { turn: number; output: string }) => [m.turn, m.output])).toEqual([
      [1, 'heard: remember the code 4711'],
      [2, 'heard: remember the code 4711 | what was the code?'],
    ]);
  });

  it('ends an idle conversation and refuses messages after it', async () => {
    const c = await open('brief');
    const ended = await eventually(async () => {
      const d = await getConversation(c.id);
      return d.status === 'expired' ? d : undefined;
    });
    expect(ended.endedAt).not.toBeNull();
    const late = await send(c.id, 'remember me');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBeDefined();
  });

  it('keeps conversations to their tenant', async () => {
    const c = await open('chatty');
    const other = await send(c.id, 'hello', p.otherTenant.key);
    expect(other.statusCode).toBe(404);
    const unknownAgent = await p.api.inject({ method: 'POST', url: '/v1/agents/nobody/conversations', headers: p.auth(), payload: {} });
    expect(unknownAgent.statusCode).toBe(404);
    const empty = await send(c.id, '');
    expect(empty.statusCode).toBe(400);
  });
});
