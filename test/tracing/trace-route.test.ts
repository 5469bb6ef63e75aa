// GET /v1/traces/:id over the real API app: the caller's tenant only, local store or Langfuse.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRegistry } from '../../services/agents';
import { buildApi } from '../../services/api';
import { openStore, type Store } from '../../services/store';
import { createTraceRecorder, TracingConfigSchema, traceUrlFor, type TraceRecorder } from '../../services/tracing';
import { sampleRun } from './sample-run';

describe('trace route', () => {
  let dataDir: string;
  let store: Store;
  let api: FastifyInstance;
  let recorder: TraceRecorder;
  let keys: { mine: string; other: string };
  let run: ReturnType<typeof sampleRun>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keel-trace-route-'));
    store = await openStore('sqlite:platform.sqlite', dataDir);
    const t1 = await store.tenants.create('acme');
    const t2 = await store.tenants.create('globex');
    keys = { mine: (await store.tenants.createApiKey(t1.id)).key, other: (await store.tenants.createApiKey(t2.id)).key };
    const tracing = TracingConfigSchema.parse({ langfuse: { publicKey: '', secretKey: '' } });
    recorder = createTraceRecorder(tracing, { dataDir });
    run = sampleRun(undefined, t1.id);
    recorder.recordTrace(run.finished);
    for (const o of run.observations) recorder.recordObservation(o);
    await recorder.flush();
    api = await buildApi({
      store, services: { registry: agentRegistry(store), traces: { tracing, store: recorder.localStore } },
    });
  });
  afterAll(async () => {
    await api?.close();
    await recorder?.shutdown();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (url: string, key = keys.mine) => api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

  it('returns the trace to its tenant', async () => {
    const res = await get(`/v1/traces/${run.traceId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().trace.workflowId).toBe(run.workflowId);
    expect(res.json().observations).toHaveLength(5);
  });

  it('hides it from other tenants and answers bad ids and sources with 4xx', async () => {
    expect((await get(`/v1/traces/${run.traceId}`, keys.other)).statusCode).toBe(404);
    expect((await get('/v1/traces/not-a-trace-id')).statusCode).toBe(400);
    expect((await get(`/v1/traces/${'a'.repeat(32)}`)).statusCode).toBe(404);
    expect((await get(`/v1/traces/${run.traceId}?from=elsewhere`)).statusCode).toBe(400);
    const langfuse = await get(`/v1/traces/${run.traceId}?from=langfuse`);
    expect(langfuse.statusCode).toBe(409);
    expect(langfuse.json().error.code).toBe('source_unavailable');
  });

  it('links runs to their trace', () => {
    const local = TracingConfigSchema.parse({ langfuse: { publicKey: '', secretKey: '' } });
    expect(traceUrlFor(local, run.workflowId, 'http://127.0.0.1:8080')).toEqual({ traceId: run.traceId, url: `http://127.0.0.1:8080/v1/traces/${run.traceId}` });
    const exported = TracingConfigSchema.parse({ langfuse: { publicKey: 'pk', secretKey: 'sk', baseUrl: 'https://langfuse.example.com/' } });
    expect(traceUrlFor(exported, run.workflowId).url).toBe(`https://langfuse.example.com/trace/${run.traceId}`);
  });
});
