// The `workflow` benchmark's hand-written equivalent of its five-step definition (set → llm →
// branch → tool → llm): the same activities, decided by TypeScript instead of the interpreter.
// Registered only in the benchmark's worker (bench/support/bench-workflows.ts).
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { AgentActivities, WorkflowActivities } from '../../activities/types';
import type { RunEvent } from '../../services/agents/types';

const { callModel, callTool } = proxyActivities<AgentActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 3 } });
const { recordRunOutcome } = proxyActivities<WorkflowActivities>({ startToCloseTimeout: '1 minute' });
const { recordRunProgress } = proxyLocalActivities<WorkflowActivities>({ startToCloseTimeout: '30 seconds' });

export interface HandwrittenInput { runId: string; tenantId: string; model: string; message: string; inlineBytes: number; contextMaxTokens: number }

const URGENCY_SCHEMA = { type: 'object', required: ['urgency'], properties: { urgency: { enum: ['low', 'high'] } } };

export async function HandwrittenFiveStepWorkflow(input: HandwrittenInput): Promise<{ answer: string; routed: string }> {
  const { runId, tenantId } = input;
  // Its run record is written before it starts (by the benchmark, as the run service does for the
  // interpreter's runs), so like them it does not record itself.
  // Like the interpreter, the run's events are recorded as it goes (what its event stream shows).
  let eventId = 0;
  const record = (type: RunEvent['type'], data: Record<string, unknown>) =>
    recordRunProgress({ runId, events: [{ id: ++eventId, type, at: new Date().toISOString(), data }], steps: [] });
  // Streamed, like the interpreter's llm steps: deltas after the latest recorded event.
  const ask = (step: number, prompt: string, outputSchema?: Record<string, unknown>) =>
    callModel({
      tenantId, runId, step, priority: 'interactive', ...(outputSchema ? { outputSchema } : {}), stream: { afterEventId: eventId },
      conversation: { model: input.model, append: [{ role: 'user', content: prompt }], inlineBytes: input.inlineBytes, contextMaxTokens: input.contextMaxTokens },
    });
  await record('run.started', {});
  const text = `${input.message}!`;
  await record('step.finished', { id: 'prepare', output: text });
  const classified = await ask(1, `classify ${text}`, URGENCY_SCHEMA);
  const urgency = (classified.parsedOutput as { urgency: string }).urgency;
  await record('step.finished', { id: 'classify', output: classified.parsedOutput });
  const routed = urgency === 'high' ? 'paged' : 'low';
  await record('step.finished', { id: 'route', output: routed });
  const shout = await callTool({
    tenantId, runId, grants: [{ server: 'tools', tools: ['echo'], approval: {} }], server: 'tools', tool: 'echo', arguments: { text },
    idempotencyKey: `${runId}:shout`, step: 3, callIndex: 0, inlineBytes: input.inlineBytes,
  });
  await record('step.finished', { id: 'shout', output: shout.content });
  const answer = await ask(4, `say urgency ${urgency}`);
  const usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, modelCalls: 2, toolCalls: 1 };
  const finished = { id: ++eventId, type: 'run.finished' as const, at: new Date().toISOString(), data: { answer: answer.content } };
  await recordRunOutcome({ runId, tenantId, outcome: { status: 'completed', outputs: { answer: answer.content, routed } }, steps: [], usage, events: [finished] });
  return { answer: answer.content, routed };
}
