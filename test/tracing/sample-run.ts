// A recorded agent run used across tracing tests: the run (agent), two model calls
// (generation), a tool call and a retrieval, with usage, cost and some PII and secrets.
import {
  observationId,
  rootObservationId,
  traceIdForWorkflow,
  type ObservationInput,
  type TraceInput,
} from '../../services/tracing';

export function sampleRun(workflowId = `agent-run-${Math.random().toString(36).slice(2)}`, tenantId = 'tenant-a') {
  const traceId = traceIdForWorkflow(workflowId);
  const t0 = Date.parse('2026-11-23T10:00:00.000Z');
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  const userQuestion = 'Refund order 1234 for jane.doe@example.com, phone +1 415 555 2671';

  const started: TraceInput = {
    id: traceId,
    name: 'support-agent',
    workflowId,
    runId: 'run-1',
    tenantId,
    userId: 'user-42',
    sessionId: 'conv-7',
    agentName: 'support-agent',
    agentVersion: '3',
    environment: 'test',
    tags: ['support', 'refunds'],
    input: { message: userQuestion },
    startTime: at(0),
    metadata: { channel: 'web' },
  };
  const finished: TraceInput = { ...started, output: { answer: 'Refund issued to jane.doe@example.com' }, endTime: at(900) };

  const observations: ObservationInput[] = [
    {
      id: observationId(traceId, 'model:0'),
      traceId,
      type: 'generation',
      name: 'model:0',
      startTime: at(10),
      endTime: at(310),
      input: [{ role: 'user', content: userQuestion }],
      output: { role: 'assistant', toolCalls: [{ name: 'refund', arguments: { orderId: '1234' } }] },
      model: 'anthropic.claude-3-5-sonnet',
      modelParameters: { temperature: 0.2, maxTokens: 512 },
      usage: { input: 120, output: 30, total: 150, cacheRead: 100, cacheWrite: 20 },
      costUsd: 0.00123,
      timeToFirstTokenMs: 85,
      metadata: { logicalModel: 'smart', deployment: 'bedrock-us-east-1', provider: 'bedrock', failovers: 1 },
    },
    {
      id: observationId(traceId, 'tool:0:0'),
      traceId,
      parentId: rootObservationId(traceId),
      type: 'tool',
      name: 'billing.refund',
      startTime: at(320),
      endTime: at(400),
      input: { orderId: '1234', apiKey: 'not-for-export', card: '4111 1111 1111 1111' },
      output: { ok: true, authorization: 'Bearer abc.def.ghi' },
      metadata: { server: 'billing', tool: 'refund', approval: 'approved', durationMs: 80 },
    },
    {
      id: observationId(traceId, 'retrieval:0'),
      traceId,
      type: 'retriever',
      name: 'knowledge.search',
      startTime: at(410),
      endTime: at(450),
      input: { query: 'refund policy', collection: 'policies' },
      output: [{ id: 'doc-1', score: 0.91 }, { id: 'doc-2', score: 0.5 }],
      metadata: { collection: 'policies', topK: 2 },
    },
    {
      id: observationId(traceId, 'model:1'),
      traceId,
      type: 'generation',
      name: 'model:1',
      startTime: at(460),
      endTime: at(880),
      input: [{ role: 'tool', content: 'ok' }],
      output: { role: 'assistant', content: 'Refund issued to jane.doe@example.com' },
      model: 'anthropic.claude-3-5-sonnet',
      usage: { input: 200, output: 12, total: 212 },
      costUsd: 0.0009,
      metadata: { logicalModel: 'smart', deployment: 'bedrock-us-east-1', provider: 'bedrock', failovers: 0 },
    },
  ];
  return { traceId, workflowId, started, finished, observations };
}
