import { describe, expect, it } from 'vitest';
import {
  ObservationSchema,
  TraceSchema,
  generationObservation,
  observationId,
  retrieverObservation,
  rootObservationId,
  runTrace,
  toolObservation,
  traceIdForWorkflow,
} from '../../services/tracing';

const workflowId = 'agent-run-xyz';
const traceId = traceIdForWorkflow(workflowId);
const times = { startTime: '2026-11-23T10:00:00.000Z', endTime: '2026-11-23T10:00:01.500Z' };

describe('observation builders', () => {
  it('builds the run trace under the workflow-derived id', () => {
    const t = TraceSchema.parse(runTrace({ workflowId, runId: 'r1', tenantId: 't1', agentName: 'helper', agentVersion: 2, input: 'hi', startTime: times.startTime }));
    expect(t).toMatchObject({ id: traceId, name: 'helper', agentVersion: '2', environment: 'default', tags: [] });
  });

  it('maps a model call with usage, cache tokens, cost, ttft and failovers', () => {
    const response = {
      content: '', toolCalls: [{ id: 'c1', name: 'search', arguments: { q: 'x' } }], stopReason: 'tool_use',
      usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120, cacheReadInputTokens: 64 },
      servedBy: { logicalModel: 'smart', deployment: 'vllm-a', provider: 'openai', providerModel: 'qwen2.5-7b' },
      costUsd: 0.002, latencyMs: 1500, timeToFirstTokenMs: 210, failovers: [{ deployment: 'bedrock-1', error: 'throttled' }],
    };
    const request = { model: 'smart', messages: [{ role: 'user', content: 'hi' }], generation: { temperature: 0.1, stopSequences: ['x'] } };
    const o = ObservationSchema.parse(generationObservation({ workflowId, step: 3, request, response, ...times }));
    expect(o.id).toBe(observationId(traceId, 'model:3'));
    expect(o.parentId).toBe(rootObservationId(traceId));
    expect(o).toMatchObject({
      type: 'generation', model: 'qwen2.5-7b', modelParameters: { temperature: 0.1 }, costUsd: 0.002, timeToFirstTokenMs: 210,
      usage: { input: 100, output: 20, total: 120, cacheRead: 64 }, level: 'DEFAULT',
      metadata: { logicalModel: 'smart', deployment: 'vllm-a', failovers: [{ deployment: 'bedrock-1', error: 'throttled' }] },
    });
    const failed = ObservationSchema.parse(generationObservation({ workflowId, step: 3, request, error: 'all deployments down', ...times }));
    expect(failed).toMatchObject({ id: o.id, level: 'ERROR', statusMessage: 'all deployments down' });
  });

  it('maps tool calls (approval, duration, tool errors) and retrievals', () => {
    const tool = ObservationSchema.parse(toolObservation({
      workflowId, step: 2, callIndex: 1, server: 'billing', tool: 'refund', arguments: { id: 1 },
      result: { content: 'denied', isError: true }, approval: { decision: 'approved', by: 'api-key:k1' }, destructive: true, ...times,
    }));
    expect(tool).toMatchObject({
      id: observationId(traceId, 'tool:2:1'), name: 'billing/refund', level: 'WARNING', statusMessage: 'denied',
      metadata: { server: 'billing', tool: 'refund', durationMs: 1500, approval: { decision: 'approved' }, destructive: true },
    });
    const retrieval = ObservationSchema.parse(retrieverObservation({
      workflowId, key: 'retrieval:0', query: 'q', collection: 'docs', results: [{ id: 'a', score: 0.9 }], ...times,
    }));
    expect(retrieval).toMatchObject({ type: 'retriever', name: 'search:docs', output: [{ id: 'a', score: 0.9 }], metadata: { resultCount: 1 } });
  });
});
