// withTracing in an activity context (MockActivityEnvironment): what each wrapped activity
// records, and that tracing never changes an activity's result or error.
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import {
  createTraceRecorder,
  observationId,
  readTrace,
  rootObservationId,
  traceIdForWorkflow,
  withTracing,
  type ToolExecutedEntry,
} from '../../services/tracing';

const workflowId = 'run_traced_unit';
const traceId = traceIdForWorkflow(workflowId);
const runRecord = { id: workflowId, tenantId: 't1', agentName: 'helper', agentVersion: 2, workflowId, input: 'hello', createdAt: '2026-11-23T10:00:00.000Z' };
const mockEnv = (attempt = 1) => new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'temporal-run-1' }, attempt });
const request = { model: 'smart', messages: [{ role: 'user', content: 'hello' }] };
const response = {
  content: 'hi', toolCalls: [], stopReason: 'end_turn',
  usage: { inputTokens: 5, outputTokens: 1, totalTokens: 6 },
  servedBy: { logicalModel: 'smart', deployment: 'd1', provider: 'openai', providerModel: 'qwen' },
  costUsd: 0.0001, latencyMs: 12, failovers: [],
};

function setup(overrides: { lookupRun?: () => Promise<typeof runRecord | undefined> } = {}) {
  const recorder = createTraceRecorder({ localStore: { path: ':memory:' } });
  const audited: ToolExecutedEntry[] = [];
  const inner = {
    callModel: async (input: { tenantId: string; runId: string; step: number; request: unknown }) => {
      if (input.step === 9) throw new Error('ModelUnavailable: all deployments failed');
      return response;
    },
    callTool: async () => ({ content: 'ok', isError: false }),
    recordRunOutcome: async () => undefined,
    other: async () => 'untouched',
  };
  const activities = withTracing(inner, {
    recorder,
    lookupRun: overrides.lookupRun ?? (async () => runRecord),
    audit: { append: async (e) => void audited.push(e) },
  });
  return { recorder, activities, audited, inner };
}

describe('withTracing', () => {
  it('records the trace at the first model call and each call as an observation', async () => {
    const { recorder, activities } = setup();
    expect(await mockEnv().run(activities.callModel, { tenantId: 't1', runId: workflowId, step: 0, request })).toBe(response);
    await expect(mockEnv().run(activities.callModel, { tenantId: 't1', runId: workflowId, step: 9, request })).rejects.toThrow('all deployments failed');
    await mockEnv().run(activities.callTool, { tenantId: 't1', runId: workflowId, server: 'tools', tool: 'add', arguments: { a: 1 }, idempotencyKey: `${workflowId}:1:0` });
    await mockEnv().run(activities.recordRunOutcome, { runId: workflowId, tenantId: 't1', outcome: { status: 'failed', error: { code: 'x', message: 'boom' } } });
    expect(await activities.other()).toBe('untouched');
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

  it('audits tool executions once per idempotency key', async () => {
    const { activities, audited } = setup();
    const input = { tenantId: 't1', runId: workflowId, server: 'tools', tool: 'add', arguments: { a: 1 }, idempotencyKey: `${workflowId}:1:0` };
    await mockEnv().run(activities.callTool, input);
    expect(audited).toEqual([
      { id: `tool.executed:${workflowId}:1:0`, tenantId: 't1', action: 'tool.executed', actor: { type: 'workflow', id: workflowId }, target: { type: 'tool', id: 'tools/add' }, details: { runId: workflowId, arguments: { a: 1 }, isError: false } },
    ]);
  });

  it('never lets a tracing failure change the activity', async () => {
    const { activities, recorder } = setup({ lookupRun: async () => { throw new Error('store down'); } });
    expect(await mockEnv().run(activities.callModel, { tenantId: 't1', runId: workflowId, step: 0, request })).toBe(response);
    await recorder.shutdown();
    // After shutdown the recorder drops records; the activity still answers.
    expect(await mockEnv().run(activities.callModel, { tenantId: 't1', runId: workflowId, step: 1, request })).toBe(response);
    expect(recorder.stats().dropped).toBeGreaterThan(0);
  });

  it('records nothing outside an activity context', async () => {
    const { activities, recorder } = setup();
    expect(await activities.callModel({ tenantId: 't1', runId: workflowId, step: 0, request })).toBe(response);
    await recorder.flush();
    expect(recorder.stats().enqueued).toBe(0);
  });
});
