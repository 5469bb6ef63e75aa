// What a resumed run reuses (services/workflows/resume.ts): recorded outputs read back whole from
// step records, and the steps a newer version changed — with everything reading them — run again.
import { describe, expect, it } from 'vitest';
import { resumePlan, recordedOutput, signalNames, stepsToRerun, validateDefinition, type WorkflowDefinition, type WorkflowDefinitionInput, type WorkflowStepRecord } from '../../services/workflows';
import { outputFields } from '../../workflows/registered/journal';

function definition(input: WorkflowDefinitionInput | typeof base): WorkflowDefinition {
  const result = validateDefinition(input as WorkflowDefinitionInput);
  expect(result.errors).toEqual([]);
  if (!result.ok) throw new Error('invalid');
  return result.definition;
}

let index = 0;
const record = (id: string, kind: WorkflowStepRecord['kind'], value: unknown, extra: Partial<WorkflowStepRecord> = {}): WorkflowStepRecord => ({
  index: index++, id, kind, status: 'succeeded', startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:00:01Z', attempt: 1,
  ...(value === undefined ? {} : outputFields(value)), ...extra,
});

const tool = (id: string, text: string) => ({ id, kind: 'tool' as const, server: 's', tool: 'echo', arguments: { text } });
type StepInput = { id: string; kind: string } & Record<string, unknown>;
const base: { name: string; steps: StepInput[] } = {
  name: 'w',
  steps: [
    tool('a', 'a'),
    { id: 'vars', kind: 'set', values: { x: 'steps.a.output + "!"' } },
    tool('b', '{{ vars.x }}'),
    tool('c', 'plain'),
    {
      id: 'each', kind: 'map', over: 'steps.c.output.split(",")', as: 'it',
      steps: [tool('inner', '{{ it }}'), tool('inner_const', 'k')],
    },
    { id: 'route', kind: 'branch', cases: [{ when: 'steps.a.output == "a"', steps: [tool('in_case', 'x')] }] },
    tool('after_route', '{{ steps.route.output }}'),
    tool('last', '{{ steps.b.output }}'),
  ],
};

describe('recordedOutput', () => {
  it('gives back strings, JSON values and stored values whole, and nothing for a cut output', () => {
    expect(recordedOutput(record('t', 'llm', '42'))).toBe('42');
    expect(recordedOutput(record('n', 'set', 42))).toBe(42);
    expect(recordedOutput(record('o', 'tool', { a: [1, null, 'x'] }))).toEqual({ a: [1, null, 'x'] });
    expect(recordedOutput(record('z', 'wait', null))).toBeNull();
    const stored = { $blob: 'sha256:abc', bytes: 12_000, preview: 'head', json: true as const };
    expect(recordedOutput(record('s', 'retrieve', stored))).toEqual(stored);
    expect(recordedOutput(record('s', 'llm', { $blob: 'sha256:def', bytes: 9000, preview: 'text' }))).toEqual({ $blob: 'sha256:def', bytes: 9000, preview: 'text' });
    expect(recordedOutput(record('long', 'workflow', { text: 'x'.repeat(3000) }))).toBeUndefined();
  });
});

describe('resumePlan', () => {
  it('reuses succeeded leaf steps of the same version; never containers, failures or compensation steps', () => {
    const def = definition(base);
    const records = [
      record('a', 'tool', 'a'),
      record('vars', 'set', { x: 'a!' }),
      record('b', 'tool', 'a!', { continued: true, error: { code: 'tool_error', message: 'no' } }),
      record('c', 'tool', 'p,q'),
      record('each', 'map', ['p', 'q']),
      record('each[0].inner', 'tool', 'p'),
      record('each[1].inner', 'tool', undefined, { status: 'failed', error: { code: 'tool_error', message: 'down' } }),
      record('undo', 'tool', 'undone', { compensation: true }),
    ];
    const plan = resumePlan(records, def, def);
    expect(Object.keys(plan.recorded).sort()).toEqual(['a', 'b', 'c', 'each[0].inner', 'vars']);
    expect(plan.recorded.vars).toEqual({ status: 'succeeded', output: { x: 'a!' } });
    expect(plan.recorded.b.error).toEqual({ code: 'tool_error', message: 'no' });
    expect(plan.changed).toEqual([]);
  });

  it('runs again what a new version changed and everything that reads it: directly, through vars, containers and map items', () => {
    const from = definition(base);
    const changeA = definition({ ...base, steps: [tool('a', 'A'), ...base.steps.slice(1)] });
    expect([...stepsToRerun(from.steps, changeA.steps)].sort()).toEqual(['a', 'after_route', 'b', 'last', 'route', 'vars']);

    const changeC = definition({ ...base, steps: [...base.steps.slice(0, 3), tool('c', 'other'), ...base.steps.slice(4)] });
    // The map's items come from c: its body runs again; nothing reads the map.
    expect([...stepsToRerun(from.steps, changeC.steps)].sort()).toEqual(['c', 'each', 'inner', 'inner_const']);

    const changeInCase = definition({
      ...base,
      steps: base.steps.map((s) => (s.id === 'route' ? { ...s, cases: [{ when: 'steps.a.output == "a"', steps: [tool('in_case', 'y')] }] } : s)),
    });
    // A nested step's change changes its container's output, and so what reads the container.
    expect([...stepsToRerun(from.steps, changeInCase.steps)].sort()).toEqual(['after_route', 'in_case', 'route']);

    const records = [record('a', 'tool', 'a'), record('vars', 'set', { x: 'a!' }), record('b', 'tool', 'a!'), record('c', 'tool', 'p')];
    const plan = resumePlan(records, from, changeA);
    expect(Object.keys(plan.recorded)).toEqual(['c']);
    expect(plan.changed.sort()).toEqual(['a', 'b', 'vars']);
    expect(Object.keys(resumePlan(records, from, definition(base)).recorded)).toEqual(['a', 'vars', 'b', 'c']);
  });

  it('runs again a step whose compensation ran (a cancelled run undid it), and what reads it', () => {
    const def = definition({
      name: 'saga',
      steps: [
        { ...tool('reserve', 'seat'), onError: { compensate: [tool('release', '{{ steps.reserve.output }}')] } },
        tool('keep', 'k'),
        tool('use', '{{ steps.reserve.output }}'),
      ],
    });
    const records = [
      record('reserve', 'tool', 'seat 4'), record('keep', 'tool', 'k'), record('use', 'tool', 'seat 4'),
      record('release', 'tool', 'released', { compensation: true }),
    ];
    const plan = resumePlan(records, def, def);
    expect(Object.keys(plan.recorded)).toEqual(['keep']);
    expect(plan.changed.sort()).toEqual(['reserve', 'use']);
  });

  it('finds the signals a definition waits for, nested ones included', () => {
    const def = definition({
      name: 's',
      steps: [
        { id: 'w1', kind: 'wait', signal: 'go', timeout: '1m' },
        { id: 'p', kind: 'parallel', branches: { one: [{ id: 'w2', kind: 'wait', signal: 'deep', timeout: '1m' }], two: [{ id: 'd', kind: 'wait', duration: '1s' }] } },
      ],
    });
    expect([...signalNames(def)].sort()).toEqual(['deep', 'go']);
  });
});
