// Export to Langfuse over OTLP, checked at a local receiver standing in for
// /api/public/otel/v1/traces, then read back through @langfuse/client from a stand-in of
// Langfuse's public API serving what the receiver got.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace as otelTrace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LangfuseSink } from '../../services/tracing/langfuse-sink';
import {
  ObservationSchema,
  TracingConfigSchema,
  checkLangfuse,
  createTraceRecorder,
  langfuseAuthHeader,
  observationId,
  readTrace,
  rootObservationId,
  type TraceRecorder,
  type TracingConfigInput,
} from '../../services/tracing';
import { startLangfuseApiStandin, type LangfuseApiStandin } from '../support/langfuse-api-standin';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { sampleRun } from './sample-run';

const keys = { publicKey: 'pk-lf-test', secretKey: 'sk-lf-test-secret' };

describe('Langfuse export', () => {
  let receiver: OtlpReceiver;
  let api: LangfuseApiStandin;
  let dataDir: string;
  let recorder: TraceRecorder | undefined;

  const config = (extra: Partial<TracingConfigInput> = {}): TracingConfigInput => ({
    environment: 'test',
    langfuse: { ...keys, baseUrl: receiver.url, flushIntervalSeconds: 60, timeoutSeconds: 2 },
    ...extra,
  });

  beforeAll(async () => {
    receiver = await startOtlpReceiver(keys);
    api = await startLangfuseApiStandin({ ...keys, spans: () => receiver.spans });
    dataDir = mkdtempSync(join(tmpdir(), 'keel-traces-'));
  });
  afterEach(async () => {
    await recorder?.shutdown();
    recorder = undefined;
    receiver.failWith(undefined);
  });
  afterAll(async () => {
    await receiver.close();
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function recordSampleRun(tenantId = 'tenant-a', extra: Partial<TracingConfigInput> = {}) {
    recorder = createTraceRecorder(config(extra), { dataDir });
    const run = sampleRun(undefined, tenantId);
    recorder.recordTrace(run.started);
    for (const o of run.observations) recorder.recordObservation(o);
    recorder.recordTrace(run.finished);
    await recorder.flush();
    return run;
  }

  it('sends OTLP/JSON with Basic auth from the public and secret keys', async () => {
    const run = await recordSampleRun();
    expect(recorder!.exportsToLangfuse).toBe(true);
    const mine = receiver.requests.filter((r) => r.spanCount > 0);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) {
      expect(r.authorization).toBe(langfuseAuthHeader(keys.publicKey, keys.secretKey));
      expect(r.contentType).toMatch(/^application\/json/);
    }
    // Root recorded twice (start, end) + four observations, all under the derived trace id.
    const spans = receiver.spansOf(run.traceId);
    expect(spans).toHaveLength(6);
    expect(recorder!.stats()).toMatchObject({ exportedSpans: 6, exportFailures: 0, sinkErrors: 0 });
  });

  it('maps runs onto Langfuse observation types and attributes, with usage and cost', async () => {
    const run = await recordSampleRun();
    const spans = receiver.spansOf(run.traceId);
    const rootId = rootObservationId(run.traceId);
    const byId = (id: string) => spans.filter((s) => s.spanId === id).at(-1)!;

    const root = byId(rootId);
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({
      'langfuse.observation.type': 'agent',
      'langfuse.trace.name': 'support-agent',
      'user.id': 'user-42',
      'session.id': 'conv-7',
      'langfuse.version': '3',
      'langfuse.environment': 'test',
      'langfuse.trace.tags': ['support', 'refunds'],
      'langfuse.trace.metadata.workflowId': run.workflowId,
      'langfuse.trace.metadata.runId': 'run-1',
      'langfuse.trace.metadata.tenantId': 'tenant-a',
      'langfuse.trace.metadata.agentName': 'support-agent',
    });
    expect(JSON.parse(root.attributes['langfuse.trace.output'] as string)).toEqual({ answer: 'Refund issued to [EMAIL]' });

    const gen = byId(observationId(run.traceId, 'model:0'));
    expect(gen.parentSpanId).toBe(rootId);
    expect(gen.startTime).toBe('2026-11-23T10:00:00.010Z');
    expect(gen.endTime).toBe('2026-11-23T10:00:00.310Z');
    expect(gen.attributes['langfuse.observation.type']).toBe('generation');
    expect(gen.attributes['langfuse.observation.model.name']).toBe('anthropic.claude-3-5-sonnet');
    expect(JSON.parse(gen.attributes['langfuse.observation.usage_details'] as string)).toEqual({
      input: 120, output: 30, total: 150, input_cached_tokens: 100, input_cache_creation: 20,
    });
    expect(JSON.parse(gen.attributes['langfuse.observation.cost_details'] as string)).toEqual({ total: 0.00123 });
    expect(JSON.parse(gen.attributes['langfuse.observation.model.parameters'] as string)).toEqual({ temperature: 0.2, maxTokens: 512 });
    expect(JSON.parse(gen.attributes['langfuse.observation.completion_start_time'] as string)).toBe('2026-11-23T10:00:00.095Z');
    // @langfuse/tracing 5.x flattens metadata into one attribute per key.
    expect(gen.attributes).toMatchObject({
      'langfuse.observation.metadata.deployment': 'bedrock-us-east-1',
      'langfuse.observation.metadata.failovers': '1',
    });
    // Trace attributes travel on child spans too, so Langfuse can attribute any span.
    expect(gen.attributes['user.id']).toBe('user-42');
    expect(root.attributes['langfuse.internal.is_app_root']).toBe(true);
    expect(gen.attributes['langfuse.internal.is_app_root']).toBe(false);

    expect(byId(observationId(run.traceId, 'tool:0:0')).attributes['langfuse.observation.type']).toBe('tool');
    expect(byId(observationId(run.traceId, 'retrieval:0')).attributes['langfuse.observation.type']).toBe('retriever');
  });

  it('masks PII and removes secrets before export', async () => {
    const run = await recordSampleRun();
    const spans = receiver.spansOf(run.traceId);
    const everything = JSON.stringify(spans.map((s) => s.attributes));
    for (const leaked of ['jane.doe@example.com', '415 555 2671', '4111 1111 1111 1111', 'not-for-export', 'abc.def.ghi']) {
      expect(everything).not.toContain(leaked);
    }
    const tool = spans.find((s) => s.spanId === observationId(run.traceId, 'tool:0:0'))!;
    expect(JSON.parse(tool.attributes['langfuse.observation.input'] as string)).toEqual({
      orderId: '1234', apiKey: '[REDACTED:secret]', card: '[CARD]',
    });
  });

  it('uses the per-tenant masking mode', async () => {
    const tenants = { 'tenant-hash': 'hash', 'tenant-off': 'off' } as const;
    const hashed = await recordSampleRun('tenant-hash', { masking: { tenants } });
    await recorder!.shutdown();
    const plain = await recordSampleRun('tenant-off', { masking: { tenants } });
    const outputOf = (traceId: string) => {
      const root = receiver.spansOf(traceId).filter((s) => s.spanId === rootObservationId(traceId)).at(-1)!;
      return JSON.parse(root.attributes['langfuse.trace.output'] as string).answer as string;
    };
    expect(outputOf(hashed.traceId)).toMatch(/^Refund issued to \[EMAIL:[0-9a-f]{12}\]$/);
    expect(outputOf(plain.traceId)).toBe('Refund issued to jane.doe@example.com');
    const plainTool = receiver.spansOf(plain.traceId).find((s) => s.spanId === observationId(plain.traceId, 'tool:0:0'))!;
    expect(plainTool.attributes['langfuse.observation.input']).not.toContain('not-for-export');
  });

  it('reads the trace back through @langfuse/client in the local shape', async () => {
    const run = await recordSampleRun('tenant-off', { masking: { tenants: { 'tenant-off': 'off' } } });
    // A retried activity re-records the same observation: still one observation in Langfuse.
    recorder!.recordObservation(run.observations[0]);
    await recorder!.flush();

    const cfg = { langfuse: { ...keys, baseUrl: api.url } };
    const fromLangfuse = await readTrace(run.traceId, { from: 'langfuse', config: cfg });
    const fromLocal = await readTrace(run.traceId, { from: 'local', dataDir });
    expect(api.requests.at(-1)).toMatchObject({ path: `/api/public/traces/${run.traceId}`, status: 200 });
    expect(fromLangfuse).not.toBeNull();
    expect(fromLangfuse!.observations).toHaveLength(5);
    expect(fromLangfuse).toEqual(fromLocal);
    expect(await readTrace('f'.repeat(32), { from: 'langfuse', config: cfg })).toBeNull();
  });

  it('shows a failed run as an ERROR root observation, in Langfuse and locally', async () => {
    recorder = createTraceRecorder(config(), { dataDir });
    const run = sampleRun();
    recorder.recordTrace({ ...run.finished, level: 'ERROR', statusMessage: 'all deployments failed' });
    await recorder.flush();
    const root = receiver.spansOf(run.traceId).at(-1)!;
    expect(root.attributes).toMatchObject({ 'langfuse.observation.level': 'ERROR', 'langfuse.observation.status_message': 'all deployments failed' });
    const cfg = { langfuse: { ...keys, baseUrl: api.url } };
    const fromLangfuse = await readTrace(run.traceId, { from: 'langfuse', config: cfg });
    expect(fromLangfuse!.trace).toMatchObject({ level: 'ERROR', statusMessage: 'all deployments failed' });
    const local = await readTrace(run.traceId, { from: 'local', dataDir });
    expect(local!.observations[0]).toMatchObject({ type: 'agent', level: 'ERROR', statusMessage: 'all deployments failed' });
  });

  it('never fails a run when the receiver rejects or is down; failures are counted', async () => {
    receiver.failWith(500);
    const rejected = await recordSampleRun();
    expect(recorder!.stats().exportFailures).toBeGreaterThan(0);
    expect(recorder!.stats().exportedSpans).toBe(0);
    await recorder!.shutdown();

    const down = await startOtlpReceiver(keys);
    await down.close();
    recorder = createTraceRecorder({ langfuse: { ...keys, baseUrl: down.url, timeoutSeconds: 1 } }, { dataDir });
    const run = sampleRun();
    expect(() => recorder!.recordTrace(run.finished)).not.toThrow();
    await expect(recorder.flush()).resolves.toBeUndefined();
    await expect(recorder.shutdown()).resolves.toBeUndefined();
    expect(recorder.stats().exportFailures).toBeGreaterThan(0);
    // The local store still has both runs, so replay works offline.
    expect(await readTrace(rejected.traceId, { from: 'local', dataDir })).not.toBeNull();
    expect(await readTrace(run.traceId, { from: 'local', dataDir })).not.toBeNull();
  });

  it('leaves the global OpenTelemetry provider alone (Temporal owns it, on OTel v1)', async () => {
    await recordSampleRun();
    const global = otelTrace.getTracerProvider() as unknown as { getDelegate(): object };
    expect(global.getDelegate().constructor.name).toBe('NoopTracerProvider');
  });

  it('holds spans in a bounded backlog while Langfuse is slow, counting what it drops', async () => {
    const sink = new LangfuseSink({ ...TracingConfigSchema.parse({ langfuse: { ...keys, baseUrl: receiver.url, flushAt: 1, flushIntervalSeconds: 0.01 } }).langfuse, ...keys }, 3, 2);
    receiver.hold(true);
    const run = sampleRun();
    const observations = Array.from({ length: 10 }, (_, i) => ObservationSchema.parse({ ...run.observations[0], id: observationId(run.traceId, `model:${i}`) }));
    for (const o of observations) sink.recordObservation(o);
    expect(sink.counters.exportDropped).toBe(5);
    receiver.hold(false);
    await sink.flush();
    await sink.shutdown();
    expect(sink.counters).toMatchObject({ exportedSpans: 5, exportFailures: 0, exportDropped: 5 });
    expect(new Set(receiver.spansOf(run.traceId).map((s) => s.spanId))).toEqual(new Set(observations.slice(0, 5).map((o) => o.id)));
  });

  it('checks Langfuse connectivity and keys for keel doctor', async () => {
    const cfg = (extra: Record<string, string>) => TracingConfigSchema.parse({ langfuse: { ...keys, baseUrl: api.url, ...extra } });
    expect(await checkLangfuse(cfg({}))).toEqual({ ok: true, detail: 'reachable, keys accepted' });
    expect(await checkLangfuse(cfg({ secretKey: 'wrong' }))).toEqual({ ok: false, detail: 'keys rejected' });
    const down = await startOtlpReceiver(keys);
    await down.close();
    expect((await checkLangfuse(cfg({ baseUrl: down.url }))).detail).toMatch(/^unreachable/);
  });

  it('refuses a wrong secret key at the receiver', async () => {
    recorder = createTraceRecorder({ langfuse: { ...keys, secretKey: 'wrong', baseUrl: receiver.url } }, { dataDir });
    recorder.recordTrace(sampleRun().started);
    await recorder.flush();
    expect(receiver.requests.at(-1)!.status).toBe(401);
    expect(recorder.stats().exportFailures).toBe(1);
  });
});
