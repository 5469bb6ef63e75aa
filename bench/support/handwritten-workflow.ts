// The `workflow` benchmark's hand-written equivalent of its five-step definition (set → llm →
// branch → tool → llm): the same activities, decided by TypeScript instead of the interpreter, and
// the same durable record — every step's step.started and step.finished events and its step record
// (what the run's page and event stream show) — written the cheapest way hand-written code can: the
// run's start at once, everything after it carried by the next call, the last step's end with the
// outcome. Like every Keel run it has a trace (started by its first write, as the interpreter's
// is) and stops at its deadline (config `agents.deadlineSeconds`, which a definition without
// `limits.deadline` gets: a timer that cancels the steps' scope). Registered only in the
// benchmark's worker (bench/support/bench-workflows.ts).
import { CancellationScope, proxyActivities, proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { AgentActivities, WorkflowActivities } from '../../activities/types';
import type { RunEvent } from '../../services/agents/types';

const { callModel, callTool } = proxyActivities<AgentActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 3 } });
const { recordRunOutcome } = proxyActivities<WorkflowActivities>({ startToCloseTimeout: '1 minute' });
const { recordRunProgress } = proxyLocalActivities<WorkflowActivities>({ startToCloseTimeout: '30 seconds' });

export interface HandwrittenInput { runId: string; tenantId: string; model: string; message: string; inlineBytes: number; contextMaxTokens: number; deadlineSeconds: number }

const URGENCY_SCHEMA = { type: 'object', required: ['urgency'], properties: { urgency: { enum: ['low', 'high'] } } };

type StepRecord = { index: number; id: string; kind: string; status: string; startedAt: string; attempt: number; endedAt?: string; output?: string; outputJson?: true };

export async function HandwrittenFiveStepWorkflow(input: HandwrittenInput): Promise<{ answer: string; routed: string }> {
  const steps = new CancellationScope();
  const deadline = new CancellationScope();
  deadline.run(() => sleep(input.deadlineSeconds * 1000)).then(() => steps.cancel(), () => undefined);
  try {
    return await steps.run(() => fiveSteps(input));
  } finally {
    deadline.cancel();
  }
}

async function fiveSteps(input: HandwrittenInput): Promise<{ answer: string; routed: string }> {
  const { runId, tenantId } = input;
  const usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, modelCalls: 0, toolCalls: 0 };
  let events: RunEvent[] = [];
  let touched = new Map<number, StepRecord>();
  let eventId = 0;
  let index = 0;
  const emit = (type: RunEvent['type'], data: Record<string, unknown>) => events.push({ id: ++eventId, type, at: new Date().toISOString(), data });
  const start = (id: string, kind: string): StepRecord => {
    const step = { index: index++, id, kind, status: 'running', startedAt: new Date().toISOString(), attempt: 1 };
    touched.set(step.index, step);
    emit('step.started', { step: step.index, id, kind });
    return step;
  };
  const finish = (step: StepRecord, output: unknown, status = 'succeeded') => {
    const text = output === undefined ? undefined : typeof output === 'string' ? output : JSON.stringify(output);
    Object.assign(step, { status, endedAt: new Date().toISOString(), ...(text === undefined ? {} : { output: text }), ...(typeof output === 'object' ? { outputJson: true } : {}) });
    touched.set(step.index, step);
    emit('step.finished', { step: step.index, id: step.id, kind: step.kind, status, ...(text === undefined ? {} : { output: text }) });
  };
  const carried = () => {
    const progress = { events, steps: [...touched.values()].map((s) => ({ ...s })), usage: { ...usage } };
    events = [];
    touched = new Map();
    return { progress };
  };
  const ask = (step: StepRecord, prompt: string, outputSchema?: Record<string, unknown>) =>
    callModel({
      ...carried(), tenantId, runId, step: step.index, priority: 'interactive', ...(outputSchema ? { outputSchema } : {}), stream: { afterEventId: eventId },
      conversation: { model: input.model, append: [{ role: 'user', content: prompt }], inlineBytes: input.inlineBytes, contextMaxTokens: input.contextMaxTokens },
    });
  const count = (r: { usage: { inputTokens: number; outputTokens: number; totalTokens: number }; costUsd: number }) => {
    usage.inputTokens += r.usage.inputTokens;
    usage.outputTokens += r.usage.outputTokens;
    usage.totalTokens += r.usage.totalTokens;
    usage.costUsd += r.costUsd;
    usage.modelCalls += 1;
  };

  emit('run.started', { workflow: 'handwritten', version: 1 });
  // Not awaited before the first call (as the interpreter's progress writes are not).
  // Naming the tenant starts the run's trace, as the interpreter's first write does (services/tracing).
  const startRecorded = recordRunProgress({ runId, tenantId, events, steps: [] });
  events = [];

  const prepare = start('prepare', 'set');
  const text = `${input.message}!`;
  finish(prepare, { text });

  const classify = start('classify', 'llm');
  const classified = await ask(classify, `classify ${text}`, URGENCY_SCHEMA);
  count(classified);
  const urgency = (classified.parsedOutput as { urgency: string }).urgency;
  finish(classify, classified.parsedOutput);

  const route = start('route', 'branch');
  const routed = urgency === 'high' ? 'paged' : 'low';
  // The case not taken is recorded as skipped, as the interpreter records it.
  for (const id of ['paged', 'low']) {
    const step = start(id, 'set');
    if (id === routed) finish(step, { routed });
    else finish(step, undefined, 'skipped');
  }
  finish(route, { routed });

  const shoutStep = start('shout', 'tool');
  const shout = await callTool({
    ...carried(), tenantId, runId, grants: [{ server: 'tools', tools: ['echo'], approval: {} }], server: 'tools', tool: 'echo', arguments: { text },
    idempotencyKey: `${runId}:shout`, step: shoutStep.index, callIndex: 0, inlineBytes: input.inlineBytes,
  });
  usage.toolCalls += 1;
  finish(shoutStep, shout.content);

  const answerStep = start('answer', 'llm');
  const answer = await ask(answerStep, `say urgency ${urgency}`);
  count(answer);
  finish(answerStep, answer.content);
  emit('run.finished', { status: 'completed', outputs: { answer: answer.content, routed } });
  const last = carried().progress;
  await startRecorded;
  await recordRunOutcome({ runId, tenantId, outcome: { status: 'completed', outputs: { answer: answer.content, routed } }, steps: [], stepRecords: last.steps, usage, events: last.events });
  return { answer: answer.content, routed };
}
