// Agent runs streamed end to end: real Temporal, a worker and two API servers on one NATS bus, two
// vLLM stand-ins as the model's deployments. The run's token deltas reach a subscriber on the API
// that did not start the run, survive a mid-stream failover without losing or repeating a
// character, and resume exactly after a reconnect with `Last-Event-ID: N.O`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildRuntime, createApiServer, type Runtime } from '../../services/platform';
import { startVllmStandin, type OpenAIChatBody, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startNatsServer, type NatsServer } from '../support/nats-server';
import { startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { deltaText, subscribeRunEvents, until, type SseMessage } from '../support/run-event-stream';

/** Longer than `agents.inlineContentBytes`: the answer is claim-checked, the step record still holds all of it. */
const ANSWER = `${Array.from({ length: 420 }, (_, i) => `word${i}`).join(' ')}.`;
const CHECKING = 'Let me check that first.';

/** `recite`: answers ANSWER at once; `check-then-recite`: says CHECKING and calls echo, then answers ANSWER. */
function respond(body: OpenAIChatBody) {
  const first = String(body.messages.find((m) => m.role === 'user')?.content ?? '');
  const toolResults = body.messages.filter((m) => m.role === 'tool').length;
  if (first === 'recite') return { content: ANSWER };
  if (first === 'check-then-recite')
    return toolResults === 0 ? { content: CHECKING, toolCalls: [{ name: 'tools__echo', arguments: { text: 'ok' } }] } : { content: ANSWER };
  return scriptedModel(body);
}

let nats: NatsServer;
let primary: VllmStandin;
let secondary: VllmStandin;
let p: TestPlatform;
let urlA: string;
let apiB: { api: FastifyInstance; runtime: Runtime; url: string };

beforeAll(async () => {
  nats = await startNatsServer();
  primary = await startVllmStandin({ model: TEST_MODEL, respond });
  secondary = await startVllmStandin({ model: TEST_MODEL, respond });
  p = await startPlatform({
    modelUrl: primary.url,
    config: {
      bus: { url: nats.url },
      mcpServers: { tools: testMcpServer() },
      router: {
        // The primary takes (practically) every first attempt; the secondary is where a cut stream continues.
        deployments: [
          { id: 'primary', provider: 'openai', model: TEST_MODEL, endpoint: primary.url, scrapeMetrics: false, weight: 1000 },
          { id: 'secondary', provider: 'openai', model: TEST_MODEL, endpoint: secondary.url, scrapeMetrics: false, weight: 0.001 },
        ],
        models: { [TEST_MODEL]: { deployments: ['primary', 'secondary'] } },
      },
    },
  });
  urlA = await p.api.listen({ port: 0, host: '127.0.0.1' });
  // A second API process's worth: its own runtime (own NATS connection, router, hub), the same store and broker.
  const runtime = await buildRuntime({ config: p.config, baseDir: p.dataDir }, { store: p.runtime.store });
  const { api } = await createApiServer({ config: p.config, runtime, temporal: p.env.client, dataDir: p.dataDir });
  apiB = { api, runtime, url: await api.listen({ port: 0, host: '127.0.0.1' }) };
  for (const def of [
    { name: 'reciter', instructions: 'Recite.', model: TEST_MODEL },
    { name: 'checker', instructions: 'Check, then recite.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['echo'] }] },
  ]) {
    const res = await fetch(`${urlA}/v1/agents`, { method: 'POST', headers: { ...p.auth(), 'content-type': 'application/json' }, body: JSON.stringify(def) });
    expect(res.status, await res.text()).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await apiB?.api.close();
  await apiB?.runtime.close();
  await p?.close();
  await primary?.close();
  await secondary?.close();
  await nats?.close();
});

async function startRun(agent: string, input: string): Promise<string> {
  const res = await fetch(`${urlA}/v1/runs`, { method: 'POST', headers: { ...p.auth(), 'content-type': 'application/json' }, body: JSON.stringify({ agent, input }) });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(202);
  return body.id;
}

const getRun = async (id: string) => (await fetch(`${urlA}/v1/runs/${id}`, { headers: p.auth() })).json() as Promise<{
  status: string;
  steps: Array<{ kind: string; text?: string; servedBy?: { deployment: string } }>;
}>;

const durable = (messages: SseMessage[]) => messages.filter((m) => m.event !== 'delta');
const modelSteps = (messages: SseMessage[]) => messages.filter((m) => m.event === 'step.started' && m.data.kind === 'model').map((m) => Number(m.id));
const finishedText = (messages: SseMessage[], step: unknown) =>
  messages.find((m) => m.event === 'step.finished' && m.data.kind === 'model' && m.data.step === step)?.data.text;

/** Each delta starts where the step's previous one ended. */
function expectContiguous(messages: SseMessage[], afterEventId: number, from = 0) {
  let at = from;
  for (const d of messages.filter((m) => m.event === 'delta' && m.id!.startsWith(`${afterEventId}.`))) {
    expect(d.data.offset).toBe(at);
    at += String(d.data.text).length;
    expect(d.id).toBe(`${afterEventId}.${at}`);
  }
}

describe('agent run streaming', () => {
  it('a mid-stream failover yields the exact full text: deltas, the step event and the step record', async () => {
    await primary.setFaults({ disconnectAfterTokens: { tokens: 40, times: 1 }, tokenDelayMs: 2 });
    await secondary.setFaults({ tokenDelayMs: 2 });
    const before = secondary.requests.length;
    const id = await startRun('reciter', 'recite');
    const sub = subscribeRunEvents(urlA, id, p.tenant.key);
    await sub.done;
    await primary.setFaults({});
    await secondary.setFaults({});

    const [step] = modelSteps(sub.messages);
    const started = sub.messages.find((m) => Number(m.id) === step)!;
    expect(deltaText(sub.messages, step)).toBe(ANSWER);
    expectContiguous(sub.messages, step);
    expect(finishedText(sub.messages, started.data.step)).toBe(ANSWER);
    // The cut stream continued on the secondary from the text already produced.
    const continued = secondary.requests.slice(before).find((b) => b.messages.at(-1)?.role === 'assistant')!;
    expect(continued.continue_final_message).toBe(true);
    expect(ANSWER.startsWith(String(continued.messages.at(-1)!.content))).toBe(true);

    const run = await getRun(id);
    expect(run.status).toBe('completed');
    const record = run.steps.find((s) => s.kind === 'model')!;
    expect(record.text).toBe(ANSWER);
    expect(record.servedBy?.deployment).toBe('secondary');
  }, 60_000);

  it('a subscriber on the API that did not start the run receives every durable event in order and every delta', async () => {
    await primary.setFaults({ tokenDelayMs: 1 });
    await p.stopInProcessWorker(); // the run is started and subscribed to before anything runs it
    let restarted = false;
    try {
      const id = await startRun('checker', 'check-then-recite');
      const onB = subscribeRunEvents(apiB.url, id, p.tenant.key);
      await until(() => onB.status() === 200);
      await p.startInProcessWorker();
      restarted = true;
      await onB.done;

      const stored = (await p.runtime.store.runs.events(id, 0)).map((e) => [String(e.id), e.type]);
      expect(stored.at(-1)![1]).toBe('run.finished');
      expect(durable(onB.messages).map((m) => [m.id, m.event])).toEqual(stored);
      expect(stored.map(([i]) => Number(i))).toEqual(stored.map((_, i) => i + 1));
      const steps = modelSteps(onB.messages);
      expect(steps).toHaveLength(2);
      const texts = steps.map((s) => deltaText(onB.messages, s));
      expect(texts).toEqual([CHECKING, ANSWER]);
      for (const s of steps) expectContiguous(onB.messages, s);
      // Deltas sit between their step's start and finish.
      for (const s of steps) {
        const ids = onB.messages.map((m) => m.id);
        const first = ids.findIndex((x) => x?.startsWith(`${s}.`));
        const stepNo = onB.messages.find((m) => Number(m.id) === s)!.data.step;
        const end = onB.messages.findIndex((m) => m.event === 'step.finished' && m.data.step === stepNo);
        expect(first).toBeGreaterThan(ids.indexOf(String(s)));
        expect(ids.findLastIndex((x) => x?.startsWith(`${s}.`))).toBeLessThan(end);
      }
    } finally {
      if (!restarted) await p.startInProcessWorker();
      await primary.setFaults({});
    }
  }, 60_000);

  it('token deltas resume exactly after a reconnect with Last-Event-ID N.O', async () => {
    await primary.setFaults({ tokenDelayMs: 4 });
    try {
      const id = await startRun('reciter', 'recite');
      const first = subscribeRunEvents(apiB.url, id, p.tenant.key);
      await until(() => modelSteps(first.messages).length === 1 && deltaText(first.messages, modelSteps(first.messages)[0]).length >= 200, 30_000);
      first.stop();
      await first.done;
      const step = modelSteps(first.messages)[0];
      const before = deltaText(first.messages, step);
      expect(before.length).toBeLessThan(ANSWER.length); // hung up mid-answer
      const lastId = first.messages.at(-1)!.id!;
      expect(lastId).toBe(`${step}.${before.length}`);

      const resumed = subscribeRunEvents(urlA, id, p.tenant.key, { 'last-event-id': lastId });
      await resumed.done;
      const after = deltaText(resumed.messages, step);
      expect(resumed.messages[0]).toMatchObject({ event: 'delta', data: { offset: before.length } });
      expect(before + after).toBe(ANSWER);
      expectContiguous(resumed.messages, step, before.length);
      expect(resumed.messages.some((m) => m.event === 'resync')).toBe(false);
      expect(durable(resumed.messages).map((m) => m.event)).toEqual(['step.finished', 'run.finished']);
    } finally {
      await primary.setFaults({});
    }
  }, 60_000);
});
