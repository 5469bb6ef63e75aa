// The codec endpoint (Temporal's codec-server protocol) and the health probes, over the real API on
// a real Temporal dev server: decode and encode for the operator's admin keys only, CORS for the
// configured UI origin, 4xx for bad input; /livez and /readyz outside /v1 without a key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApi } from '../../services/api';
import { openStore } from '../../services/store';
import { AesGcmPayloadCodec, newPayloadKeyEntry, parsePayloadKeyRing, payloadToJson } from '../../services/temporal';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';
import { testPayloadCodec } from '../support/temporal';

const UI = 'http://temporal-ui.example:8233';
let model: VllmStandin;
let p: TestPlatform;
let readKey: string;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, worker: 'none', config: { api: { codec: { operatorTenants: ['acme'], corsOrigins: [UI] } } } });
  readKey = (await p.runtime.store.tenants.createApiKey(p.tenant.id, 'reader', ['read'])).key;
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const secret = 'merger talks with Initech, do not disclose';
const post = (direction: string, payload: unknown, headers: Record<string, string> = p.auth()) =>
  p.api.inject({ method: 'POST', url: `/v1/codec/${direction}`, headers: { ...headers, 'x-namespace': 'default' }, payload: payload as object });

describe('POST /v1/codec/decode and /encode', () => {
  it('decodes what the workers encrypted and encodes under the current key', async () => {
    const sealed = await testPayloadCodec.encode([defaultPayloadConverter.toPayload({ input: secret })]);
    const res = await post('decode', { payloads: sealed.map(payloadToJson) });
    expect(res.statusCode).toBe(200);
    const [decoded] = res.json().payloads;
    expect(Buffer.from(decoded.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(decoded.data, 'base64').toString())).toEqual({ input: secret });

    const encoded = await post('encode', { payloads: [decoded] });
    expect(encoded.statusCode).toBe(200);
    const [again] = encoded.json().payloads;
    expect(Buffer.from(again.metadata['encryption-key-id'], 'base64').toString()).toBe(testPayloadCodec.currentKeyId);
    expect(Buffer.from(again.data, 'base64').includes(Buffer.from('Initech'))).toBe(false);
    expect((await post('decode', { payloads: [again] })).json().payloads[0].data).toBe(decoded.data);
  });

  it('is refused to other tenants\' admin keys, to keys without admin, and without a key', async () => {
    const sealed = (await testPayloadCodec.encode([defaultPayloadConverter.toPayload(secret)])).map(payloadToJson);
    const other = await post('decode', { payloads: sealed }, p.auth(p.otherTenant.key));
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toMatch(/operator's tenants \(api.codec.operatorTenants\)/);
    expect(other.body).not.toContain(secret);
    const reader = await post('decode', { payloads: sealed }, p.auth(readKey));
    expect(reader.statusCode).toBe(403);
    expect(reader.json().error.message).toMatch(/"admin" scope/);
    expect((await post('decode', { payloads: sealed }, {})).statusCode).toBe(401);
  });

  it('answers 400 naming the key id it lacks, and for malformed payloads', async () => {
    const foreign = new AesGcmPayloadCodec(parsePayloadKeyRing(newPayloadKeyEntry('retired-2024'), 'test'));
    const sealed = await foreign.encode([defaultPayloadConverter.toPayload(secret)]);
    const res = await post('decode', { payloads: sealed.map(payloadToJson) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'codec_failed', message: expect.stringContaining('"retired-2024"') });
    expect((await post('decode', { payloads: [{ data: 'not base64!' }] })).statusCode).toBe(400);
    expect((await post('decode', { nope: [] })).statusCode).toBe(400);
    expect((await post('decode', { payloads: Array.from({ length: 1001 }, () => ({})) })).statusCode).toBe(400);
  });

  it('allows the configured UI origin (preflight without a key) and no other', async () => {
    const preflight = await p.api.inject({
      method: 'OPTIONS', url: '/v1/codec/decode',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-headers']).toContain('x-namespace');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const elsewhere = await p.api.inject({ method: 'OPTIONS', url: '/v1/codec/decode', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    // The answer itself, even a refusal, is readable by the UI so it can show the error.
    const refused = await post('decode', { payloads: [] }, { origin: UI });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(UI);
    expect((await p.api.inject({ method: 'GET', url: '/v1/agents', headers: { ...p.auth(), origin: UI } })).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('/livez and /readyz', () => {
  it('are public and report the store, Temporal, the vector and blob stores and a model deployment as reachable', async () => {
    expect((await p.api.inject({ method: 'GET', url: '/livez' })).json()).toEqual({ ok: true });
    const ready = await p.api.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, degraded: false, checks: { store: 'ok', temporal: 'ok', vector: 'ok', blobs: 'ok', models: 'ok' } });
  });

  it('answer 503 naming the check that failed or timed out, and /livez stays up', async () => {
    const store = await openStore('sqlite:keel.sqlite', mkdtempSync(join(tmpdir(), 'keel-ready-')));
    const app = await buildApi({
      store, services: {},
      readiness: [
        { name: 'store', check: async () => undefined },
        { name: 'temporal', check: () => new Promise(() => undefined) },
        { name: 'bus', check: async () => { throw new Error('nats://user:hunter2@bus:4222 refused'); } },
        { name: 'models', check: async () => { throw new Error('no healthy model deployment'); }, advisory: true },
      ],
    });
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, degraded: true, checks: { store: 'ok', temporal: 'timeout', bus: 'failed', models: 'failed' } });
    expect(res.body).not.toContain('hunter2');
    expect((await app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
    await app.close();
    await store.close();
  });

  it('stay ready, degraded, when only an advisory check (the models) fails', async () => {
    const store = await openStore('sqlite:keel.sqlite', mkdtempSync(join(tmpdir(), 'keel-ready-')));
    const app = await buildApi({
      store, services: {},
      readiness: [
        { name: 'store', check: async () => undefined },
        { name: 'models', check: async () => { throw new Error('no healthy model deployment among 2'); }, advisory: true },
      ],
    });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, degraded: true, checks: { store: 'ok', models: 'failed' } });
    await app.close();
    await store.close();
  });
});
