// Zero knowledge and key rotation, end to end on a real Temporal dev server with worker processes:
// a run is started under key A, its worker is killed mid tool call, and a worker with the rotated
// ring `B,A` finishes it. The history as Temporal holds it (fetched without the codec) carries only
// encrypted payloads under both key ids and none of the prompt, the tool result or the answer in
// clear; it replays with the rotated ring; a client without key B is told which key it lacks.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { AesGcmPayloadCodec, encryptedDataConverter, newPayloadKeyEntry, parsePayloadKeyRing } from '../../services/temporal';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { TEST_PAYLOAD_KEYS, workflowBundlePath } from '../support/temporal';
import type { Payload } from '@temporalio/common';

/** The rotated ring: a new key B first, the test key A behind it. */
const ringBA = `${newPayloadKeyEntry('rotated-b')},${TEST_PAYLOAD_KEYS}`;

let model: VllmStandin;
let p: TestPlatform;
const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-rotation-')), 'side-effects.log');
const sideEffectDone = (id: string) => existsSync(sideEffects) && readFileSync(sideEffects, 'utf8').includes(id);

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, worker: 'none', config: { mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) } } });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

/** Every payload in a history (or any proto object), with the path it was found under. */
function payloadsIn(value: unknown, path = '', out: Array<{ path: string; metadata: Record<string, Uint8Array>; data: Uint8Array }> = []) {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return out;
  const o = value as Record<string, unknown>;
  if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') out.push({ path, metadata: o.metadata as Record<string, Uint8Array>, data: o.data });
  else for (const [k, v] of Object.entries(o)) payloadsIn(v, `${path}.${k}`, out);
  return out;
}

/** Every byte string in the history, concatenated: where a secret in clear would show. */
function allBytes(value: unknown, out: Buffer[] = []): Buffer[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value));
  else if (typeof value === 'string') out.push(Buffer.from(value));
  else if (value && typeof value === 'object') for (const v of Object.values(value)) allBytes(v, out);
  return out;
}

it('finishes a run started under key A on a worker with ring B,A; Temporal holds no plaintext', async () => {
  const prompt = 'side-effect-slow PELICAN-7731 quarterly forecast for the board';
  await p.api.inject({
    method: 'POST', url: '/v1/agents', headers: p.auth(),
    payload: { name: 'payer', instructions: 'Pay.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['record_side_effect'], approval: { record_side_effect: 'never' } }] },
  });
  const underA = await p.spawnWorker();
  const id = (await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'payer', input: prompt } })).json().id as string;
  await eventually(async () => sideEffectDone(id));
  underA.kill('SIGKILL');
  await new Promise((r) => underA.once('exit', r));

  await p.spawnWorker({ KEEL_PAYLOAD_KEYS: ringBA });
  const run = await eventually(async () => {
    const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
    return ['completed', 'failed'].includes(r.status) ? r : undefined;
  }, 250);
  expect(run.status).toBe('completed');
  expect(run.outcome.output).toBe('result: recorded charged');

  // What Temporal stores, read by a client that holds no key.
  const plain = new Client({ connection: p.env.connection, namespace: p.config.temporal.namespace });
  const history = await plain.workflow.getHandle(id).fetchHistory();
  // Search attributes are indexed by the server; patch markers (a patch's name) and local activity
  // markers' bookkeeping (seq, type, times; the result beside it is encrypted) are written by the
  // SDK's core. None passes through a codec and none holds tenant data.
  const sdkBookkeeping = /searchAttributes|markerRecordedEventAttributes\.details\.(data|patch-data)\./;
  const payloads = payloadsIn(history).filter((x) => !sdkBookkeeping.test(x.path));
  expect(payloads.length).toBeGreaterThan(5);
  const text = (b?: Uint8Array) => Buffer.from(b ?? []).toString();
  for (const x of payloads) expect(text(x.metadata.encoding), x.path).toBe('binary/encrypted');
  expect(new Set(payloads.map((x) => text(x.metadata['encryption-key-id'])))).toEqual(new Set(['test-key', 'rotated-b']));
  const raw = Buffer.concat(allBytes(history));
  for (const clear of ['PELICAN-7731', 'quarterly forecast', 'recorded charged', 'Pay.']) expect(raw.includes(Buffer.from(clear)), clear).toBe(false);

  // The rotated ring reads the whole run and replays it; a ring without B names the key it lacks.
  const rotated = encryptedDataConverter(new AesGcmPayloadCodec(parsePayloadKeyRing(ringBA, 'test')));
  const keyed = new Client({ connection: p.env.connection, namespace: p.config.temporal.namespace, dataConverter: rotated });
  expect(await keyed.workflow.getHandle(id).result()).toMatchObject({ status: 'completed', output: 'result: recorded charged' });
  await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath() }, dataConverter: rotated }, history, id);
  await expect(p.env.client.workflow.getHandle(id).result()).rejects.toThrow(/"rotated-b", which is not in the key ring/);
}, 120_000);

it('encrypts failure messages and stack traces too: a failed activity quoting the prompt leaves no plaintext, the API still tells why', async () => {
  const marker = 'OSPREY-5519-confidential';
  await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { name: 'plain', instructions: 'Answer.', model: TEST_MODEL, tools: [] } });
  const worker = await p.spawnWorker();
  try {
    // A provider error quoting the request (non-retryable 400): the callModel activity fails with it.
    await model.setFaults({ serverError: { status: 400, message: `prompt rejected: "${marker}"` } });
    const id = (await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'plain', input: `hello ${marker}` } })).json().id as string;
    const run = await eventually(async () => {
      const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();
      return ['completed', 'failed'].includes(r.status) ? r : undefined;
    }, 250);
    expect(run.status).toBe('failed');
    // The workflow received the activity's failure decoded, and the API shows its message.
    expect(run.outcome.error.message).toContain(`prompt rejected: "${marker}"`);

    const plain = new Client({ connection: p.env.connection, namespace: p.config.temporal.namespace });
    const history = await plain.workflow.getHandle(id).fetchHistory();
    const failures = (history.events ?? []).map((e) => e.activityTaskFailedEventAttributes?.failure).filter((f) => f);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f!.message).toBe('Encoded failure');
      expect(Buffer.from(f!.encodedAttributes?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
    }
    const raw = Buffer.concat(allBytes(history));
    expect(raw.includes(Buffer.from('OSPREY-5519')), 'marker in the raw history').toBe(false);
    expect(raw.includes(Buffer.from('prompt rejected')), 'failure message in the raw history').toBe(false);

    // The key ring reads the message and stack trace back (a worker of either ring may have run it).
    const ring = new AesGcmPayloadCodec(parsePayloadKeyRing(ringBA, 'test'));
    const [attributes] = await ring.decode([failures[0]!.encodedAttributes! as Payload]);
    const { message, stack_trace } = JSON.parse(Buffer.from(attributes.data!).toString());
    expect(message).toContain(marker);
    expect(typeof stack_trace).toBe('string');
  } finally {
    await model.setFaults({});
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }
}, 120_000);
