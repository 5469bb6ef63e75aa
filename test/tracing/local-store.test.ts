// The local trace store: no Langfuse keys, no network; replay reads what the run recorded.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TracingConfigSchema,
  createTraceRecorder,
  observationId,
  readTrace,
  rootObservationId,
  type TraceRecorder,
} from '../../services/tracing';
import { sampleRun } from './sample-run';

const LANGFUSE_ENV = ['LANGFUSE_PUBLIC_KEY', 'LANGFUSE_SECRET_KEY', 'LANGFUSE_BASEURL', 'LANGFUSE_BASE_URL'];

describe('local trace store', () => {
  let dataDir: string;
  let recorder: TraceRecorder | undefined;
  const savedEnv: Record<string, string | undefined> = {};

  beforeEach(() => {
    for (const k of LANGFUSE_ENV) (savedEnv[k] = process.env[k]), delete process.env[k];
    dataDir = mkdtempSync(join(tmpdir(), 'keel-traces-'));
  });
  afterEach(async () => {
    await recorder?.shutdown();
    recorder = undefined;
    rmSync(dataDir, { recursive: true, force: true });
    for (const k of LANGFUSE_ENV) if (savedEnv[k] !== undefined) process.env[k] = savedEnv[k];
  });

  it('parses an empty config with defaults', () => {
    const config = TracingConfigSchema.parse({});
    expect(config.masking.mode).toBe('redact');
    expect(config.localStore).toEqual({ enabled: true, path: 'traces.sqlite', masking: 'secrets-only' });
    expect(config.langfuse.publicKey).toBeUndefined();
    expect(config.langfuse.baseUrl).toBe('https://cloud.langfuse.com');
    expect(config.queueSize).toBe(10_000);
  });

  it('records a run without Langfuse and reads it back in the same shape', async () => {
    recorder = createTraceRecorder({}, { dataDir });
    expect(recorder.exportsToLangfuse).toBe(false);
    const run = sampleRun();
    recorder.recordTrace(run.started);
    for (const o of run.observations) recorder.recordObservation(o);
    recorder.recordTrace(run.finished);
    await recorder.flush();

    const read = await readTrace(run.traceId, { from: 'local', dataDir });
    expect(read).not.toBeNull();
    const { trace, observations } = read!;
    expect(trace).toMatchObject({
      id: run.traceId,
      workflowId: run.workflowId,
      tenantId: 'tenant-a',
      output: { answer: 'Refund issued to jane.doe@example.com' },
      endTime: run.finished.endTime,
      tags: ['support', 'refunds'],
    });
    expect(observations.map((o) => [o.type, o.name])).toEqual([
      ['agent', 'support-agent'],
      ['generation', 'model:0'],
      ['tool', 'billing.refund'],
      ['retriever', 'knowledge.search'],
      ['generation', 'model:1'],
    ]);
    const root = observations[0];
    expect(root.id).toBe(rootObservationId(run.traceId));
    for (const o of observations.slice(1)) expect(o.parentId).toBe(root.id);
    expect(observations[1].usage).toEqual({ input: 120, output: 30, total: 150, cacheRead: 100, cacheWrite: 20 });
    expect(observations[1].timeToFirstTokenMs).toBe(85);
    // Local store keeps PII (exact replay needs it) but never secrets.
    const tool = observations[2];
    expect(tool.input).toEqual({ orderId: '1234', apiKey: '[REDACTED:secret]', card: '4111 1111 1111 1111' });
    expect(tool.output).toEqual({ ok: true, authorization: '[REDACTED:secret]' });
    expect(recorder.stats()).toMatchObject({ invalid: 0, dropped: 0, sinkErrors: 0, processed: 6 });
  });

  it('upserts by id: a retried activity re-recording its observation leaves one copy', async () => {
    recorder = createTraceRecorder({}, { dataDir });
    const run = sampleRun();
    recorder.recordTrace(run.started);
    const gen = run.observations[0];
    recorder.recordObservation({ ...gen, output: { attempt: 1 } });
    recorder.recordObservation({ ...gen, output: { attempt: 2 } });
    await recorder.flush();
    const { observations } = (await readTrace(run.traceId, { from: 'local', store: recorder.localStore }))!;
    const copies = observations.filter((o) => o.id === observationId(run.traceId, 'model:0'));
    expect(copies).toHaveLength(1);
    expect(copies[0].output).toEqual({ attempt: 2 });
  });

  it('applies the tenant masking mode locally when configured to', async () => {
    recorder = createTraceRecorder({ localStore: { masking: 'same-as-export' } }, { dataDir });
    const run = sampleRun();
    recorder.recordTrace(run.finished);
    await recorder.flush();
    const { trace } = (await readTrace(run.traceId, { from: 'local', dataDir }))!;
    expect(trace.output).toEqual({ answer: 'Refund issued to [EMAIL]' });
  });

  it('never throws on bad records or a full queue; it counts them', async () => {
    recorder = createTraceRecorder({ queueSize: 3 }, { dataDir });
    const run = sampleRun();
    expect(() => recorder!.recordObservation({ ...run.observations[0], id: 'not-hex' })).not.toThrow();
    recorder.recordTrace(run.started);
    recorder.recordObservation(run.observations[0]);
    recorder.recordObservation(run.observations[1]); // fourth: queue (size 3) is full
    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ enqueued: 3, dropped: 1, invalid: 1, processed: 2 });
    expect(recorder.stats().lastError).toMatch(/invalid observation/);
  });

  it('removes configured secret values and credential env var values from what it stores', async () => {
    process.env.KEEL_TEST_SERVICE_TOKEN = 'tok_9f8e7d6c5b4a3921';
    try {
      recorder = createTraceRecorder({}, { dataDir, secrets: ['mcp-secret-value-123'] });
      const run = sampleRun();
      recorder.recordTrace(run.started);
      recorder.recordObservation({ ...run.observations[1], output: { content: 'env tok_9f8e7d6c5b4a3921 and mcp-secret-value-123' } });
      await recorder.flush();
      const { observations } = (await readTrace(run.traceId, { from: 'local', dataDir }))!;
      expect(observations.find((o) => o.type === 'tool')!.output).toEqual({ content: 'env [REDACTED:secret] and [REDACTED:secret]' });
    } finally {
      delete process.env.KEEL_TEST_SERVICE_TOKEN;
    }
  });

  it('returns null for an unknown trace, without creating a store to answer', async () => {
    expect(await readTrace('0'.repeat(31) + '1', { from: 'local', dataDir })).toBeNull();
    expect(existsSync(join(dataDir, 'traces.sqlite'))).toBe(false);
    recorder = createTraceRecorder({}, { dataDir });
    recorder.recordTrace(sampleRun().started);
    await recorder.flush();
    expect(await readTrace('0'.repeat(31) + '1', { from: 'local', dataDir })).toBeNull();
  });

  it('drops records after shutdown instead of failing', async () => {
    recorder = createTraceRecorder({}, { dataDir });
    await recorder.shutdown();
    expect(() => recorder!.recordTrace(sampleRun().started)).not.toThrow();
    expect(recorder.stats().dropped).toBe(1);
  });
});
