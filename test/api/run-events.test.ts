// GET /v1/runs/:id/events over the stream bus: a simulated worker writes each durable event to the
// store and then publishes it (and token deltas) on a NATS bus (a real nats-server); two API
// servers share the store and the broker. No Temporal: the stand-in client records any use.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { KeelConfigSchema } from '../../services/config';
import { openStore, type Store } from '../../services/store';
import { connectNatsBus, type RunStreamMessage, type StreamBus } from '../../services/bus';
import { buildRuntime, createApiServer, type Runtime } from '../../services/platform';
import type { RunStreamHub } from '../../services/api';
import { startNatsServer, type NatsServer } from '../support/nats-server';
import { countingTemporalClient } from '../support/counting-temporal-client';
import { deltaText, subscribeRunEvents, until } from '../support/run-event-stream';

const RETENTION_S = 2;
let nats: NatsServer;
let store: Store;
let workerBus: StreamBus;
const temporal = countingTemporalClient();
const apis: Array<{ api: FastifyInstance; runtime: Runtime; url: string; runStreams: RunStreamHub }> = [];
let tenant: { id: string; key: string };
let other: { id: string; key: string };

beforeAll(async () => {
  nats = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-run-events-'));
  const config = KeelConfigSchema.parse({ dataDir, api: { rateLimit: { enabled: false } }, bus: { url: nats.url, retentionSeconds: RETENTION_S } });
  store = await openStore(config.store.url, dataDir);
  workerBus = await connectNatsBus({ url: nats.url, retentionSeconds: RETENTION_S });
  for (let i = 0; i < 2; i++) {
    const runtime = await buildRuntime({ config, baseDir: dataDir }, { store });
    const { api, runStreams } = await createApiServer({ config, runtime, temporal: temporal.client, dataDir });
    const url = await api.listen({ port: 0, host: '127.0.0.1' });
    apis.push({ api, runtime, url, runStreams });
  }
  const t1 = await store.tenants.create('acme');
  const t2 = await store.tenants.create('globex');
  tenant = { id: t1.id, key: (await store.tenants.createApiKey(t1.id)).key };
  other = { id: t2.id, key: (await store.tenants.createApiKey(t2.id)).key };
});

afterAll(async () => {
  for (const a of apis) {
    await a.api.close();
    await a.runtime.close();
  }
  await workerBus?.close();
  await store?.close();
  await nats?.close();
});

let runs = 0;
/** A run as the API's run start records it, and the worker that produces its events. */
async function simulatedRun() {
  const runId = `run_t${Date.now().toString(36)}${runs++}`;
  await store.runs.create({ id: runId, tenantId: tenant.id, kind: 'agent', agentName: 'a', agentVersion: 1, workflowId: runId, input: 'x', status: 'running' });
  let id = 0;
  let startedAt = 0;
  let step = 0;
  let text = '';
  const at = () => new Date().toISOString();
  const worker = {
    runId,
    async event(type: string, data: Record<string, unknown> = {}) {
      const event = { id: ++id, type, at: at(), data };
      await store.runs.appendEvents(runId, [event]);
      await workerBus.publish({ kind: 'event', runId, event });
      return event.id;
    },
    async startStep() {
      step++;
      text = '';
      startedAt = await worker.event('step.started', { step, kind: 'model' });
    },
    async delta(piece: string) {
      const m: RunStreamMessage = { kind: 'delta', runId, afterEventId: startedAt, step, offset: text.length, text: piece, at: at() };
      text += piece;
      await workerBus.publish(m);
    },
    async finishStep() {
      await worker.event('step.finished', { step, kind: 'model', text });
    },
    async finish(output = 'done') {
      await worker.event('run.finished', { output });
      await store.runs.complete(runId, { status: 'completed', outcome: { status: 'completed', output }, usage: null, steps: [] });
    },
  };
  return worker;
}

/** An SSE client on one of the API servers (the tenant's key unless another is given). */
const subscribe = (url: string, runId: string, headers: Record<string, string> = {}, key = tenant.key) => subscribeRunEvents(url, runId, key, headers);
const stepText = deltaText;

describe('run event stream over the bus', () => {
  it('delivers events and token deltas in order, with N and N.O ids, and ends after run.finished', async () => {
    const w = await simulatedRun();
    await w.event('run.started');
    const sub = subscribe(apis[0].url, w.runId);
    await until(() => sub.messages.length === 1);
    await w.startStep();
    for (const piece of ['Hel', 'lo, ', 'wor', 'ld']) await w.delta(piece);
    await w.finishStep();
    await w.finish();
    await sub.done;
    expect(sub.messages.map((m) => [m.id, m.event])).toEqual([
      ['1', 'run.started'], ['2', 'step.started'],
      ['2.3', 'delta'], ['2.7', 'delta'], ['2.10', 'delta'], ['2.12', 'delta'],
      ['3', 'step.finished'], ['4', 'run.finished'],
    ]);
    expect(sub.messages[3].data).toMatchObject({ step: 1, offset: 3, text: 'lo, ' });
    expect(stepText(sub.messages, 2)).toBe('Hello, world');
    expect(sub.messages.at(-1)!.data).toMatchObject({ output: 'done' });
  });

  it('resumes after Last-Event-ID N (events from the store, then the streaming step\'s text) and N.O (the exact rest)', async () => {
    const w = await simulatedRun();
    await w.event('run.started');
    await w.startStep();
    await w.delta('The quick ');
    await w.delta('brown fox');

    const fromEvent = subscribe(apis[0].url, w.runId, { 'last-event-id': '1' });
    await until(() => fromEvent.messages.length >= 3);
    // Mid-delta: the client has "The qu" (6 characters); the straddling delta is trimmed.
    const midDelta = subscribe(apis[1].url, w.runId, { 'last-event-id': '2.6' });
    const viaQuery = subscribe(apis[1].url, w.runId, {}, tenant.key);
    await until(() => midDelta.messages.length >= 2 && viaQuery.messages.length >= 4);
    await w.delta(' jumps');
    await w.finishStep();
    await w.finish();
    await Promise.all([fromEvent.done, midDelta.done, viaQuery.done]);

    expect(fromEvent.messages.map((m) => m.id)).toEqual(['2', '2.10', '2.19', '2.25', '3', '4']);
    expect(stepText(fromEvent.messages, 2)).toBe('The quick brown fox jumps');
    expect(midDelta.messages.map((m) => m.id)).toEqual(['2.10', '2.19', '2.25', '3', '4']);
    expect(midDelta.messages[0].data).toMatchObject({ offset: 6, text: 'ick ' });
    expect(stepText(midDelta.messages, 2)).toBe('ick brown fox jumps');
    expect(viaQuery.messages.map((m) => m.id)).toEqual(['1', '2', '2.10', '2.19', '2.25', '3', '4']);
  });

  it('skips the deltas of a step whose step.finished is sent, and ends at once for an ended run', async () => {
    const w = await simulatedRun();
    await w.startStep();
    await w.delta('abc');
    await w.finishStep();
    await w.finish();
    const resumed = subscribe(apis[0].url, w.runId, { 'last-event-id': '1.1' });
    await resumed.done;
    expect(resumed.messages.map((m) => [m.id, m.event])).toEqual([['2', 'step.finished'], ['3', 'run.finished']]);
    const atEnd = subscribe(apis[0].url, w.runId, { 'last-event-id': '3' });
    await atEnd.done;
    expect(atEnd.messages).toEqual([]);
  });

  it('sends resync when the retention window no longer holds the text asked for, then continues live', async () => {
    const w = await simulatedRun();
    await w.startStep();
    await w.delta('old text ');
    await new Promise((r) => setTimeout(r, RETENTION_S * 1000 + 1_500)); // the broker expires it
    await w.delta('new');
    const sub = subscribe(apis[0].url, w.runId, { 'last-event-id': '1.4' });
    await until(() => sub.messages.length >= 2);
    await w.delta('er');
    await w.finishStep();
    await w.finish();
    await sub.done;
    expect(sub.messages.map((m) => [m.id, m.event])).toEqual([
      [undefined, 'resync'], ['1.12', 'delta'], ['1.14', 'delta'], ['2', 'step.finished'], ['3', 'run.finished'],
    ]);
    expect(sub.messages[0].data).toEqual({ step: 1, afterEventId: 1 });
    expect(sub.messages[1].data).toMatchObject({ offset: 9, text: 'new' });
    expect(sub.messages.find((m) => m.event === 'step.finished')!.data.text).toBe('old text newer');
  });

  it('reads from the store what the bus lost: a gap before the next event, and an end the bus never carried', async () => {
    const w = await simulatedRun();
    await w.event('run.started');
    const sub = subscribe(apis[0].url, w.runId);
    await until(() => sub.messages.length === 1);
    await store.runs.appendEvents(w.runId, [{ id: 2, type: 'tool.call', at: new Date().toISOString(), data: { name: 'lost' } }]);
    const third = { id: 3, type: 'tool.result', at: new Date().toISOString(), data: {} };
    await store.runs.appendEvents(w.runId, [third]);
    await workerBus.publish({ kind: 'event', runId: w.runId, event: third });
    await until(() => sub.messages.length === 3);
    // The run ends in the store alone: the quiet-run check (once per run, every 5 s) ends the stream.
    await store.runs.appendEvents(w.runId, [{ id: 4, type: 'run.finished', at: new Date().toISOString(), data: { output: 'x' } }]);
    await store.runs.complete(w.runId, { status: 'completed', outcome: { status: 'completed' }, usage: null, steps: [] });
    await sub.done;
    expect(sub.messages.map((m) => [m.id, m.event])).toEqual([['1', 'run.started'], ['2', 'tool.call'], ['3', 'tool.result'], ['4', 'run.finished']]);
  });

  it('waits for an event whose write lands after the next one (two writers of one run), and sends both in order', async () => {
    const w = await simulatedRun();
    await w.event('run.started');
    const sub = subscribe(apis[0].url, w.runId);
    await until(() => sub.messages.length === 1);
    // Event 3 is stored and published while event 2's write is still on its way.
    const at = new Date().toISOString();
    const third = { id: 3, type: 'step.started', at, data: { step: 2, kind: 'model' } };
    await store.runs.appendEvents(w.runId, [third]);
    await workerBus.publish({ kind: 'event', runId: w.runId, event: third });
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.messages).toHaveLength(1);
    const second = { id: 2, type: 'step.finished', at, data: { step: 1, kind: 'tool' } };
    await store.runs.appendEvents(w.runId, [second]);
    await workerBus.publish({ kind: 'event', runId: w.runId, event: second });
    const end = { id: 4, type: 'run.finished', at, data: { output: 'x' } };
    await store.runs.appendEvents(w.runId, [end]);
    await workerBus.publish({ kind: 'event', runId: w.runId, event: end });
    await sub.done;
    expect(sub.messages.map((m) => [m.id, m.event])).toEqual([['1', 'run.started'], ['2', 'step.finished'], ['3', 'step.started'], ['4', 'run.finished']]);
  });

  it('answers 404 before the stream opens for another tenant\'s run, and 400 for a malformed Last-Event-ID', async () => {
    const w = await simulatedRun();
    await w.event('run.started');
    const res = await fetch(`${apis[0].url}/v1/runs/${w.runId}/events`, { headers: { authorization: `Bearer ${other.key}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const bad = await fetch(`${apis[0].url}/v1/runs/${w.runId}/events`, { headers: { authorization: `Bearer ${tenant.key}`, 'last-event-id': '1.2.3' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    await w.finish();
  });

  it('serves every event to subscribers on both API servers, one bus subscription per run per server', async () => {
    const w = await simulatedRun();
    await w.event('run.started');
    const subs = [0, 1, 0, 1, 1].map((i) => subscribe(apis[i].url, w.runId));
    await until(() => subs.every((s) => s.messages.length === 1));
    expect(apis.map((a) => a.runStreams.runs)).toEqual([1, 1]);
    for (let s = 0; s < 3; s++) {
      await w.startStep();
      for (let d = 0; d < 20; d++) await w.delta(`${s}:${d} `);
      await w.event('tool.call', { name: 'x' });
      await w.finishStep();
    }
    await w.finish();
    await Promise.all(subs.map((s) => s.done));
    const expected = subs[0].messages.map((m) => m.id);
    expect(expected).toHaveLength(1 + 3 * 23 + 1);
    for (const s of subs) expect(s.messages.map((m) => m.id)).toEqual(expected);
    await until(() => apis.every((a) => a.runStreams.runs === 0)); // the last client left: unsubscribed
    expect(temporal.calls).toEqual([]);
  });
});
