// The agent run tracing interceptor in an activity context (MockActivityEnvironment): what each
// activity type records, and that tracing never changes an activity's result or error.
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import {
  agentRunTracing,
  createTraceRecorder,
  observationId,
  readTrace,
  rootObservationId,
  traceIdForWorkflow,
  type ToolExecutedEntry,
  type TracingHooks,
} from '../../services/tracing';

const workflowId = 'run_traced_unit';
const traceId = traceIdForWorkflow(workflowId);
const runRecord = { id: workflowId, tenantId: 't1', agentName: 'helper', agentVersion: 2, workflowId, input: 'hello', createdAt: '2026-11-23T10:00:00.000Z' };
const request = { model: 'smart', messages: [{ role: 'user', content: 'hello' }] };
const response = {
  content: 'hi', toolCalls: [], stopReason: 'end_turn',
  usage: { inputTokens: 5, outputTokens: 1, totalTokens: 6 },
  servedBy: { logicalModel: 'smart', deployment: 'd1', provider: 'openai', providerModel: 'qwen' },
  costUsd: 0.0001, latencyMs: 12, failovers: [],
};
const modelFailure = new Error('ModelUnavailable: all deployments failed');
// The failures here are expected: keep the SDK's activity-failed warnings out of the test output.
const quietLogger = new DefaultLogger('ERROR');

const activities = {
  callModel: async (input: { tenantId: string; runId: string; step: number; request: unknown }) => {
    if (input.step === 9) throw modelFailure;
    return response;
  },
  callTool: async (_input: Record<string, unknown>) => ({ content: 'ok', isError: false }),
  recordRunOutcome: async (_input: Record<string, unknown>) => undefined,
  other: async (_input: Record<string, unknown>) => 'untouched',
};
type ActivityName = keyof typeof activities;

function setup(overrides: Partial<TracingHooks> = {}) {
  const recorder = createTraceRecorder({ localStore: { path: ':memory:' } });
  const audited: ToolExecutedEntry[] = [];
  const tracing = agentRunTracing({
    recorder,
    lookupRun: async () => runRecord,
    audit: { append: async (e) => void audited.push(e) },
    ...overrides,
  });
  /** Runs one activity as the worker would: in its context, through the interceptor. */
  const run = <N extends ActivityName>(activityType: N, input: Parameters<(typeof activities)[N]>[0]) =>
    new MockActivityEnvironment({ activityType, workflowExecution: { workflowId, runId: 'temporal-run-1' } }, { interceptors: [tracing], logger: quietLogger }).run(activities[activityType] as (input: unknown) => Promise<unknown>, input);
  return { recorder, audited, run };
}

const toolInput = { tenantId: 't1', runId: workflowId, server: 'tools', tool: 'add', arguments: { a: 1 }, idempotencyKey: `${workflowId}:1:0`, step: 1, callIndex: 0 };

describe('agentRunTracing', () => {
  it('records the trace at the first model call and each call as an observation', async () => {
    const { recorder, run } = setup();
    expect(await run('callModel', { tenantId: 't1', runId: workflowId, step: 0, request })).toBe(response);
    await expect(run('callModel', { tenantId: 't1', runId: workflowId, step: 9, request })).rejects.toBe(modelFailure);
    await run('callTool', toolInput);
    await run('recordRunOutcome', { runId: workflowId, tenantId: 't1', outcome: { status: 'failed', error: { code: 'x', message: 'boom' } } });
    await recorder.flush();

    const read = (await readTrace(traceId, { from: 'local', store: recorder.localStore }))!;
    expect(read.trace).toMatchObject({ workflowId, runId: workflowId, agentName: 'helper', agentVersion: '2', input: 'hello', level: 'ERROR', statusMessage: 'boom' });
    expect(read.trace.endTime).toBeDefined();
    expect(read.trace.metadata).toMatchObject({ temporalRunId: 'temporal-run-1', status: 'failed' });
    const byId = new Map(read.observations.map((o) => [o.id, o]));
    expect(byId.get(rootObservationId(traceId))).toMatchObject({ type: 'agent', level: 'ERROR' });
    expect(byId.get(observationId(traceId, 'model:0'))).toMatchObject({ type: 'generation', model: 'qwen', usage: { input: 5, output: 1, total: 6 } });
    expect(byId.get(observationId(traceId, 'model:9'))).toMatchObject({ type: 'generation', level: 'ERROR', statusMessage: 'ModelUnavailable: all deployments failed' });
    expect(byId.get(observationId(traceId, 'tool:1:0'))).toMatchObject({ type: 'tool', name: 'tools/add', input: { a: 1 }, output: { content: 'ok', isError: false } });
  });

  it('keys a tool call scheduled without its step by its idempotency key', async () => {
    const { recorder, run } = setup();
    const { step: _step, callIndex: _callIndex, ...unkeyed } = toolInput;
    await run('callModel', { tenantId: 't1', runId: workflowId, step: 0, request });
    await run('callTool', { ...unkeyed, idempotencyKey: 'older-key' });
    await recorder.flush();
    const read = (await readTrace(traceId, { from: 'local', store: recorder.localStore }))!;
    expect(read.observations.find((o) => o.type === 'tool')?.id).toBe(observationId(traceId, 'tool:older-key'));
  });

  it('audits tool executions once per idempotency key', async () => {
    const { audited, run } = setup();
    await run('callTool', toolInput);
    expect(audited).toEqual([
      { id: `tool.executed:${workflowId}:1:0`, tenantId: 't1', action: 'tool.executed', actor: { type: 'workflow', id: workflowId }, target: { type: 'tool', id: 'tools/add' }, details: { runId: workflowId, arguments: { a: 1 }, isError: false } },
    ]);
  });

  it('never lets a tracing failure change the activity', async () => {
    const { recorder, run } = setup({ lookupRun: async () => { throw new Error('store down'); } });
    expect(await run('callModel', { tenantId: 't1', runId: workflowId, step: 0, request })).toBe(response);
    await recorder.shutdown();
    // After shutdown the recorder drops records; the activity still answers, and fails as it failed.
    expect(await run('callModel', { tenantId: 't1', runId: workflowId, step: 1, request })).toBe(response);
    await expect(run('callModel', { tenantId: 't1', runId: workflowId, step: 9, request })).rejects.toBe(modelFailure);
    expect(recorder.stats().dropped).toBeGreaterThan(0);
  });

  it('passes other activities through and records nothing for them', async () => {
    const { recorder, run } = setup();
    expect(await run('other', {})).toBe('untouched');
    await recorder.flush();
    expect(recorder.stats().enqueued).toBe(0);
  });
});
