// Reading recorded results out of a trace built with the same builders the activities use.
import { describe, expect, it } from 'vitest';
import {
  ObservationSchema,
  TraceSchema,
  generationObservation,
  runTrace,
  toolObservation,
  type TraceWithObservations,
} from '../../services/tracing';
import { ReplayTraceIncomplete, matchRecordedToolCall, recordedModelResponse, recordedToolCall } from '../../services/replay';

const workflowId = 'run_recorded';
const t0 = '2026-01-01T00:00:00.000Z';
const t1 = '2026-01-01T00:00:01.000Z';
const response = {
  content: '', toolCalls: [{ id: 'c1', name: 'tools__add', arguments: { a: 2, b: 3 } }], stopReason: 'tool_use',
  usage: { inputTokens: 40, outputTokens: 8, totalTokens: 48, cacheReadInputTokens: 4 },
  servedBy: { logicalModel: 'test-model', deployment: 'standin', provider: 'openai', providerModel: 'test-model' },
  costUsd: 0.0012, latencyMs: 35, timeToFirstTokenMs: 12, failovers: [{ deployment: 'down', error: 'connection refused' }],
};

const trace: TraceWithObservations = {
  trace: TraceSchema.parse(runTrace({ workflowId, runId: workflowId, tenantId: 't1', startTime: t0 })),
  observations: [
    generationObservation({ workflowId, step: 0, request: { model: 'test-model', messages: [] }, response, startTime: t0, endTime: t1 }),
    toolObservation({ workflowId, step: 1, callIndex: 0, server: 'tools', tool: 'add', arguments: { a: 2, b: 3 }, result: { content: '5', isError: false, structuredContent: { sum: 5 } }, startTime: t0, endTime: t1 }),
    toolObservation({ workflowId, step: 1, callIndex: 1, server: 'tools', tool: 'slow', arguments: { ms: 1 }, error: 'connection: server gone', startTime: t0, endTime: t1 }),
    generationObservation({ workflowId, step: 2, request: { model: 'test-model', messages: [] }, error: 'overloaded', startTime: t0, endTime: t1 }),
  ].map((o) => ObservationSchema.parse(o)),
};

describe('recorded results', () => {
  it('rebuilds the model answer of a step, usage, cost and failovers included', () => {
    expect(recordedModelResponse(trace, 0)).toEqual(response);
  });

  it('says why a model step cannot be served', () => {
    expect(() => recordedModelResponse(trace, 2)).toThrow(/step 2 failed in the original run: overloaded/);
    expect(() => recordedModelResponse(trace, 7)).toThrow(ReplayTraceIncomplete);
  });

  it('finds a tool call by step and call index, with a failure kept as the error', () => {
    expect(recordedToolCall(trace, 1, 0)).toEqual({
      server: 'tools', tool: 'add', arguments: { a: 2, b: 3 }, result: { content: '5', isError: false, structuredContent: { sum: 5 } }, error: undefined,
    });
    expect(recordedToolCall(trace, 1, 1)).toMatchObject({ tool: 'slow', result: undefined, error: 'connection: server gone' });
    expect(recordedToolCall(trace, 3, 0)).toBeUndefined();
  });

  it('matches a call by tool and equal arguments only, and only calls that got an answer', () => {
    expect(matchRecordedToolCall(trace, { server: 'tools', tool: 'add', arguments: { b: 3, a: 2 } })?.result?.content).toBe('5');
    expect(matchRecordedToolCall(trace, { server: 'tools', tool: 'add', arguments: { a: 2, b: 4 } })).toBeUndefined();
    expect(matchRecordedToolCall(trace, { server: 'other', tool: 'add', arguments: { a: 2, b: 3 } })).toBeUndefined();
    expect(matchRecordedToolCall(trace, { server: 'tools', tool: 'slow', arguments: { ms: 1 } })).toBeUndefined();
  });
});
