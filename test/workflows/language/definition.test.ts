// The schema of each step kind: a minimal step parses (with its defaults), a broken one is refused
// at the path of the broken field.
import { describe, expect, it } from 'vitest';
import { StepSchema, WorkflowDefinitionSchema } from '../../../services/workflows';

const ok = (step: Record<string, unknown>) => {
  const r = StepSchema.safeParse(step);
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data as Record<string, unknown>;
};
const refusedAt = (step: Record<string, unknown>) => {
  const r = StepSchema.safeParse(step);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('step kinds', () => {
  it('llm', () => {
    expect(ok({ id: 'a', kind: 'llm', model: 'default', prompt: 'Hi {{ inputs.x }}', outputSchema: { type: 'object' }, generation: { temperature: 0 } })).toMatchObject({ model: 'default' });
    expect(refusedAt({ id: 'a', kind: 'llm', prompt: 'x' })).toEqual(['model']);
    expect(refusedAt({ id: 'a', kind: 'llm', model: 'm', prompt: 'x', generation: { temperature: 5 } })).toEqual(['generation.temperature']);
  });

  it('retrieve', () => {
    expect(ok({ id: 'a', kind: 'retrieve', collection: 'handbook', query: '{{ inputs.q }}' })).toMatchObject({ mode: 'hybrid', topK: 8, rerank: false });
    expect(refusedAt({ id: 'a', kind: 'retrieve', collection: 'handbook', query: 'q', mode: 'fuzzy', topK: 1000 })).toEqual(['mode', 'topK']);
  });

  it('tool', () => {
    expect(ok({ id: 'a', kind: 'tool', server: 'helpdesk', tool: 'create_ticket', arguments: { title: '{{ inputs.t }}', n: 1 } })).toMatchObject({
      approval: { policy: 'auto', timeout: '24h', defaultDecision: 'reject' },
    });
    expect(refusedAt({ id: 'a', kind: 'tool', server: 'h', tool: 't', approval: { policy: 'sometimes' } })).toEqual(['approval.policy']);
  });

  it('agent', () => {
    expect(ok({ id: 'a', kind: 'agent', agent: 'triage@3', input: '{{ inputs.q }}' })).toMatchObject({ budgetShare: 0.5 });
    expect(refusedAt({ id: 'a', kind: 'agent', agent: 'Triage@v3', input: 'x', budgetShare: 2 })).toEqual(['agent', 'budgetShare']);
  });

  it('workflow', () => {
    expect(ok({ id: 'a', kind: 'workflow', workflow: 'document-review', inputs: { documentId: 'inputs.doc' } })).toMatchObject({ workflow: 'document-review' });
    expect(refusedAt({ id: 'a', kind: 'workflow', workflow: 'x', inputs: { n: 3 } })).toEqual(['inputs.n']);
  });

  it('approval', () => {
    expect(ok({ id: 'a', kind: 'approval', message: 'Go?' })).toMatchObject({ timeout: '24h', defaultDecision: 'reject' });
    expect(refusedAt({ id: 'a', kind: 'approval', message: 'Go?', timeout: 'soon', defaultDecision: 'maybe' })).toEqual(['timeout', 'defaultDecision']);
  });

  it('branch', () => {
    const step = ok({ id: 'a', kind: 'branch', cases: [{ when: 'true', steps: [{ id: 'b', kind: 'wait', duration: '1s' }] }], else: [{ id: 'c', kind: 'wait', duration: '1s' }] });
    expect(step.cases).toHaveLength(1);
    expect(refusedAt({ id: 'a', kind: 'branch', cases: [] })).toEqual(['cases']);
    expect(refusedAt({ id: 'a', kind: 'branch', cases: [{ when: 'true', steps: [{ id: 'b', kind: 'wait' }] }] })).toEqual(['cases.0.steps.0.duration']);
  });

  it('parallel', () => {
    expect(ok({ id: 'a', kind: 'parallel', branches: { left: [{ id: 'b', kind: 'wait', duration: '1s' }], right: [{ id: 'c', kind: 'wait', duration: '2s' }] } })).toHaveProperty('branches.left');
    expect(refusedAt({ id: 'a', kind: 'parallel', branches: {} })).toEqual(['branches']);
  });

  it('map', () => {
    expect(ok({ id: 'a', kind: 'map', over: 'inputs.items', steps: [{ id: 'b', kind: 'set', values: { x: 'item' } }] })).toMatchObject({ as: 'item', concurrency: 4 });
    expect(refusedAt({ id: 'a', kind: 'map', over: 'inputs.items', concurrency: 0, steps: [{ id: 'b', kind: 'wait', duration: '1s' }] })).toEqual(['concurrency']);
    expect(refusedAt({ id: 'a', kind: 'map', over: 'inputs.items', concurrency: 33, as: 'steps', steps: [{ id: 'b', kind: 'wait', duration: '1s' }] })).toEqual(['as', 'concurrency']);
  });

  it('wait', () => {
    expect(ok({ id: 'a', kind: 'wait', duration: '1h30m' })).toMatchObject({ duration: '1h30m' });
    expect(ok({ id: 'a', kind: 'wait', signal: 'go_ahead', timeout: '2d' })).toMatchObject({ signal: 'go_ahead' });
    expect(refusedAt({ id: 'a', kind: 'wait', duration: '1s', signal: 'x' })).toEqual(['duration']);
    expect(refusedAt({ id: 'a', kind: 'wait', signal: 'x' })).toEqual(['timeout']);
    expect(refusedAt({ id: 'a', kind: 'wait', duration: '400d' })).toEqual(['duration']);
  });

  it('set', () => {
    expect(ok({ id: 'a', kind: 'set', values: { total: '1 + 2', Label: '"x"' } })).toHaveProperty('values.total');
    expect(refusedAt({ id: 'a', kind: 'set', values: {} })).toEqual(['values']);
  });

  it('common fields: id, if, timeout, retry, onError', () => {
    const step = ok({ id: 'a', kind: 'wait', duration: '1s', if: 'true', timeout: '5m', retry: { attempts: 3, backoff: { initial: '2s' } }, onError: { continue: { value: 'null' } } });
    expect(step.retry).toEqual({ attempts: 3, backoff: { initial: '2s', factor: 2 } });
    ok({ id: 'a', kind: 'wait', duration: '1s', onError: { compensate: [{ id: 'undo', kind: 'wait', duration: '1s' }] } });
    expect(refusedAt({ id: 'Bad-Id', kind: 'wait', duration: '1s' })).toEqual(['id']);
    expect(refusedAt({ id: 'in', kind: 'wait', duration: '1s' })).toEqual(['id']);
    expect(refusedAt({ id: 'a', kind: 'wait', duration: '1s', retry: { attempts: 0 } })).toEqual(['retry.attempts']);
    expect(refusedAt({ id: 'a', kind: 'teleport' })).toEqual(['kind']);
    expect(refusedAt({ id: 'a', kind: 'wait', duration: '1s', colour: 'red' })).toEqual(['']);
  });

  it('the definition: name, inputs, outputs, limits, schedules', () => {
    const def = WorkflowDefinitionSchema.parse({ name: 'digest', steps: [{ id: 'a', kind: 'wait', duration: '1s' }], schedules: [{ cron: '@daily' }] });
    expect(def).toMatchObject({ description: '', inputs: { type: 'object' }, outputs: {}, limits: {}, schedules: [{ timezone: 'UTC', catchupWindow: '1h', overlap: 'skip', inputs: {}, paused: false }] });
    const r = WorkflowDefinitionSchema.safeParse({ name: 'Digest!', limits: { maxCostUsd: -1 }, schedules: [{ cron: '@daily', overlap: 'sometimes' }], steps: [] });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['name', 'limits.maxCostUsd', 'schedules.0.overlap', 'steps']);
  });
});
