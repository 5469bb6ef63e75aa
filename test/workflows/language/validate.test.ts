// Every class of validation error, named with its JSON path and step (and line:column for text).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../services/errors';
import {
  definitionOrThrow, formatValidationError, largeDefinition, validateDefinition, validateDefinitionText, validateForTenant,
  type TenantChecks, type ValidationError,
} from '../../../services/workflows';

const wait = (id: string) => ({ id, kind: 'wait', duration: '1s' });
const set = (id: string, values: Record<string, string>) => ({ id, kind: 'set', values });
const def = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'wf', steps, ...extra });

function errorsOf(value: unknown): ValidationError[] {
  const r = validateDefinition(value);
  expect(r.ok).toBe(false);
  return r.errors;
}
const brief = (errors: ValidationError[]) => errors.map((e) => ({ path: e.path, stepId: e.stepId, message: e.message }));

describe('validateDefinition', () => {
  it('accepts a valid definition and returns it with defaults', () => {
    const r = validateDefinition(def([set('a', { x: '1' }), { id: 'b', kind: 'llm', model: 'default', prompt: '{{ vars.x }} {{ steps.a.output }}' }], { outputs: { out: 'steps.b.output' } }));
    expect(r.ok && r.definition.inputs).toEqual({ type: 'object' });
  });

  it('schema errors: every one, at its path, with its step', () => {
    const errors = errorsOf(def([wait('a'), { id: 'b', kind: 'llm', prompt: 'x', colour: 1 }, { id: 'c', kind: 'nope' }, { id: 'd', kind: 'map', over: 'inputs.l', concurrency: 64, steps: [wait('e')] }]));
    expect(brief(errors)).toEqual([
      { path: 'steps[1].model', stepId: 'b', message: expect.stringMatching(/expected string/) },
      { path: 'steps[1].colour', stepId: 'b', message: 'unknown field' },
      { path: 'steps[2].kind', stepId: 'c', message: expect.stringMatching(/Expected 'llm' \| 'retrieve'/) },
      { path: 'steps[3].concurrency', stepId: 'd', message: expect.stringMatching(/<=32/) },
    ]);
  });

  it('onError: the alternative meant is the one reported', () => {
    const errors = errorsOf(def([{ ...wait('a'), onError: { continue: { value: 3 } } }, { ...wait('b'), onError: { compensate: [{ id: 'u', kind: 'wait' }] } }]));
    expect(brief(errors)).toEqual([
      { path: 'steps[0].onError.continue.value', stepId: 'a', message: expect.stringMatching(/expected string/) },
      { path: 'steps[1].onError.compensate[0].duration', stepId: 'u', message: 'a wait step has either duration or signal' },
    ]);
  });

  it('duplicate ids, anywhere in the definition', () => {
    const errors = errorsOf(def([wait('a'), { id: 'b', kind: 'branch', cases: [{ when: 'true', steps: [wait('a')] }] }, { ...wait('c'), onError: { compensate: [wait('b')] } }]));
    expect(brief(errors)).toEqual([
      { path: 'steps[1].cases[0].steps[0].id', stepId: 'a', message: 'duplicate step id "a" (first used at steps[0])' },
      { path: 'steps[2].onError.compensate[0].id', stepId: 'b', message: 'duplicate step id "b" (first used at steps[1])' },
    ]);
  });

  it('CEL syntax errors in conditions, expressions and templates', () => {
    const errors = errorsOf(
      def([
        { id: 'r', kind: 'branch', cases: [wait('x')].map(() => ({ when: 'inputs.a ==', steps: [wait('x')] })) },
        { id: 's', kind: 'set', values: { v: 'inputs.s.matches("a+")' } },
        { id: 't', kind: 'llm', model: 'm', prompt: 'Hello {{ inputs.name' },
        { id: 'u', kind: 'tool', server: 's', tool: 't', arguments: { nested: { list: ['{{ 1 + }}'] } } },
      ]),
    );
    expect(brief(errors)).toEqual([
      { path: 'steps[0].cases[0].when', stepId: 'r', message: expect.stringMatching(/^invalid expression at character 12: Unexpected token: EOF/) },
      { path: 'steps[1].values.v', stepId: 's', message: expect.stringMatching(/matches\(\) is not available/) },
      { path: 'steps[2].prompt', stepId: 't', message: 'invalid template at character 7: "{{" is never closed by "}}"' },
      { path: 'steps[3].arguments.nested.list[0]', stepId: 'u', message: expect.stringMatching(/^invalid template at character \d+:/) },
    ]);
  });

  it('references to unknown steps, later steps, sibling branches and map internals', () => {
    const errors = errorsOf(
      def(
        [
          { ...wait('first'), if: 'steps.ghost.status == "failed"' },
          set('early', { v: 'steps.late.output' }),
          { id: 'fan', kind: 'parallel', branches: { left: [set('l', { x: '1' })], right: [set('r', { y: 'steps.l.output' })] } },
          { id: 'each', kind: 'map', over: 'inputs.items', steps: [set('inner', { z: 'item' }), set('inner2', { w: 'steps.inner.output' })] },
          set('after', { ok: '[steps.l.output, steps.r.output, steps.each.output]', bad: 'steps.inner.output' }),
          set('late', { self: 'steps.late.status' }),
        ],
        { outputs: { o: 'steps.inner2.output' } },
      ),
    );
    expect(brief(errors)).toEqual([
      { path: 'steps[0].if', stepId: 'first', message: 'unknown step "ghost"' },
      { path: 'steps[1].values.v', stepId: 'early', message: 'step "late" does not run before this point (at steps[5])' },
      { path: 'steps[2].branches.right[0].values.y', stepId: 'r', message: 'step "l" does not run before this point (at steps[2].branches.left[0])' },
      { path: 'steps[4].values.bad', stepId: 'after', message: 'step "inner" does not run before this point (at steps[3].steps[0])' },
      { path: 'steps[5].values.self', stepId: 'late', message: 'step "late" does not run before this point (at steps[5])' },
      { path: 'outputs.o', stepId: undefined, message: 'step "inner2" does not run before this point (at steps[3].steps[1])' },
    ]);
  });

  it('failure handlers see the failed step; branch steps are visible after the branch', () => {
    const r = validateDefinition(
      def([
        { ...wait('risky'), onError: { compensate: [set('undo', { why: 'steps.risky.status' })] } },
        { ...wait('soft'), onError: { continue: { value: 'steps.soft.status' } } },
        { id: 'pick', kind: 'branch', cases: [{ when: 'true', steps: [set('chosen', { c: '1' })] }] },
        set('use', { c: 'steps.chosen.status == "skipped" ? 0 : vars.c' }),
      ]),
    );
    expect(r.errors).toEqual([]);
  });

  it('unknown names and variables not set before', () => {
    const errors = errorsOf(def([set('a', { x: 'vars.y + item' }), set('b', { y: 'vars.nowhere' }), { id: 'm', kind: 'map', over: 'inputs.l', as: 'doc', steps: [set('c', { z: 'doc + item' })] }]));
    expect(brief(errors)).toEqual([
      { path: 'steps[0].values.x', stepId: 'a', message: 'unknown name "item" (expressions here see inputs, steps, vars, run)' },
      { path: 'steps[0].values.x', stepId: 'a', message: 'vars.y is not set before this point' },
      { path: 'steps[1].values.y', stepId: 'b', message: 'no set step sets vars.nowhere' },
      { path: 'steps[2].steps[0].values.z', stepId: 'c', message: 'unknown name "item" (expressions here see inputs, steps, vars, run, doc)' },
    ]);
  });

  it('a map item variable may not shadow an enclosing one', () => {
    const errors = errorsOf(def([{ id: 'outer', kind: 'map', over: 'inputs.l', steps: [{ id: 'inner', kind: 'map', over: 'item.parts', steps: [wait('w')] }] }]));
    expect(brief(errors)).toEqual([{ path: 'steps[0].steps[0].as', stepId: 'inner', message: '"item" is already the item of an enclosing map' }]);
  });

  it('invalid JSON Schemas: patterns RE2 cannot run, schemas that do not compile, non-object inputs', () => {
    const errors = errorsOf(
      def([{ id: 'a', kind: 'llm', model: 'm', prompt: 'x', outputSchema: { type: 'object', properties: { code: { type: 'string', pattern: '(a)\\1' } } } }, { id: 'b', kind: 'llm', model: 'm', prompt: 'x', outputSchema: { type: 'nonsense' } }], {
        inputs: { type: 'array' },
      }),
    );
    expect(brief(errors)).toEqual([
      { path: 'steps[0].outputSchema', stepId: 'a', message: expect.stringMatching(/^steps\[0\]\.outputSchema\.properties\.code\.pattern: /) },
      { path: 'steps[1].outputSchema', stepId: 'b', message: expect.stringMatching(/not a usable JSON Schema/) },
      { path: 'inputs.type', stepId: undefined, message: 'inputs are named values: the schema\'s type must be "object"' },
    ]);
  });

  it('bad durations, cron, time zones and schedule inputs', () => {
    const errors = errorsOf(
      def([{ ...wait('a'), timeout: '5 minutes' }, { id: 'b', kind: 'wait', duration: '0s' }], {
        inputs: { type: 'object', required: ['topic'], properties: { topic: { type: 'string' } } },
        schedules: [{ cron: '0 25 * * *', timezone: 'Mars/Olympus', inputs: {} }, { cron: '0 7 * * 1-5', catchupWindow: 'later', inputs: { topic: 'x' } }],
      }),
    );
    expect(brief(errors)).toEqual([
      { path: 'schedules[1].catchupWindow', stepId: undefined, message: expect.stringMatching(/"later" is not a duration/) },
      { path: 'steps[0].timeout', stepId: 'a', message: expect.stringMatching(/"5 minutes" is not a duration/) },
      { path: 'steps[1].duration', stepId: 'b', message: 'a duration must be longer than zero' },
      { path: 'schedules[0].cron', stepId: undefined, message: 'invalid cron: hour "25" is outside 0-23' },
      { path: 'schedules[0].timezone', stepId: undefined, message: 'unknown time zone "Mars/Olympus"' },
      { path: 'schedules[0].inputs', stepId: undefined, message: expect.stringMatching(/do not match the workflow's inputs: .*topic/) },
    ]);
  });

  it('schema errors do not hide the others: every error at once', () => {
    const errors = errorsOf(def([{ id: 'a', kind: 'llm', prompt: '{{ steps.b.output }}' }, { id: 'a', kind: 'set', values: { v: 'inputs.' } }]));
    expect(brief(errors)).toEqual([
      { path: 'steps[0].model', stepId: 'a', message: expect.stringMatching(/expected string/) },
      { path: 'steps[1].id', stepId: 'a', message: 'duplicate step id "a" (first used at steps[0])' },
      { path: 'steps[0].prompt', stepId: 'a', message: 'unknown step "b"' },
      { path: 'steps[1].values.v', stepId: 'a', message: expect.stringMatching(/^invalid expression at character 8/) },
    ]);
  });

  it('size limits: steps in the whole definition, nesting depth', () => {
    expect(validateDefinition(largeDefinition(200)).ok).toBe(true);
    expect(brief(errorsOf(largeDefinition(501)))).toEqual([{ path: 'steps', stepId: undefined, message: '501 steps: at most 500 in the whole definition' }]);
    let nested: unknown = wait('leaf');
    for (let i = 0; i < 10; i++) nested = { id: `b${i}`, kind: 'branch', cases: [{ when: 'true', steps: [nested] }] };
    const deep = errorsOf(def([nested]));
    expect(deep[0].message).toBe('steps nest deeper than 8 levels');
  });

  it('a workflow may not run itself', () => {
    expect(brief(errorsOf(def([{ id: 'again', kind: 'workflow', workflow: 'wf@2' }])))).toEqual([{ path: 'steps[0].workflow', stepId: 'again', message: 'a workflow may not run itself' }]);
  });
});

describe('validateDefinitionText', () => {
  const yaml = `name: wf
steps:
  - id: first
    kind: set
    values:
      a: "1"
  - id: route
    kind: branch
    cases:
      - when: steps.nowhere.output ==
        steps:
          - id: first
            kind: wait
            duration: 3 days
`;

  it('adds line and column to every error', () => {
    const r = validateDefinitionText(yaml);
    expect(r.ok).toBe(false);
    expect(r.errors.map(formatValidationError)).toEqual([
      'steps[1].cases[0].when (10:15): step "route": invalid expression at character 24: Unexpected token: EOF',
      'steps[1].cases[0].steps[0].id (12:17): step "first": duplicate step id "first" (first used at steps[0])',
      'steps[1].cases[0].steps[0].duration (14:23): step "first": "3 days" is not a duration (write e.g. 500ms, 30s, 5m, 1h30m, 2d)',
    ]);
  });

  it('reads JSON too', () => {
    expect(validateDefinitionText(JSON.stringify(def([wait('a')]))).ok).toBe(true);
    const r = validateDefinitionText('{\n  "name": "wf",\n  "steps": [\n    {"id": "a", "kind": "wait", "duration": "forever"}\n  ]\n}');
    expect(r.errors.map(formatValidationError)).toEqual([expect.stringMatching(/^steps\[0\]\.duration \(4:45\): step "a": "forever" is not a duration/)]);
  });

  it('refuses broken YAML, recursive aliases and alias bombs with a position where there is one', () => {
    expect(validateDefinitionText('name: wf\nsteps: [1, 2\nx: y').errors[0]).toMatchObject({ path: '(definition)', line: 3, message: expect.stringMatching(/^not valid YAML or JSON/) });
    expect(validateDefinitionText('a: &a\n  b: *a\n').errors[0].message).toMatch(/recursive|not a usable definition/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    expect(validateDefinitionText(bomb).errors[0].message).toMatch(/not a usable definition: .*alias/i);
    expect(validateDefinitionText('name: wf\nname: again\nsteps: []').errors[0]).toMatchObject({ line: 2 });
  });
});

describe('validateForTenant', () => {
  const known: TenantChecks = {
    model: (m) => m === 'default',
    collection: async (c) => c === 'handbook',
    agent: (name, version) => name === 'triage' && (version === undefined || version <= 2),
    workflow: (name) => name === 'child',
    tool: (server, tool) => server === 'helpdesk' && tool === 'create_ticket',
  };
  const steps = [
    { id: 'search', kind: 'retrieve', collection: 'wiki', query: 'q' },
    { id: 'ask', kind: 'llm', model: 'gpt-9', prompt: 'x' },
    { id: 'both', kind: 'parallel', branches: { a: [{ id: 'agent', kind: 'agent', agent: 'triage@3', input: 'x' }], b: [{ id: 'kid', kind: 'workflow', workflow: 'orphan' }] } },
    { id: 'ticket', kind: 'tool', server: 'helpdesk', tool: 'delete_everything' },
    { id: 'ask_again', kind: 'llm', model: 'gpt-9', prompt: 'y' },
  ];

  it('adds what only the tenant can answer, each at its path', async () => {
    const r = await validateForTenant(def(steps), known);
    expect(brief(r.errors)).toEqual([
      { path: 'steps[0].collection', stepId: 'search', message: 'unknown collection "wiki"' },
      { path: 'steps[1].model', stepId: 'ask', message: 'unknown model "gpt-9"' },
      { path: 'steps[2].branches.a[0].agent', stepId: 'agent', message: 'unknown agent "triage@3"' },
      { path: 'steps[2].branches.b[0].workflow', stepId: 'kid', message: 'unknown workflow "orphan"' },
      { path: 'steps[3].tool', stepId: 'ticket', message: 'no tool "delete_everything" on MCP server "helpdesk"' },
      { path: 'steps[4].model', stepId: 'ask_again', message: 'unknown model "gpt-9"' },
    ]);
  });

  it('reports the reason a check gives instead of "unknown"', async () => {
    const r = await validateForTenant(def([steps[3]]), { ...known, tool: () => 'MCP server "helpdesk" did not answer within 10s' });
    expect(brief(r.errors)).toEqual([{ path: 'steps[0].tool', stepId: 'ticket', message: 'MCP server "helpdesk" did not answer within 10s' }]);
  });

  it('asks each distinct question once, and with text gives lines', async () => {
    let asked = 0;
    const r = await validateForTenant('name: wf\nsteps:\n  - id: a\n    kind: llm\n    model: x\n    prompt: p\n  - id: b\n    kind: llm\n    model: x\n    prompt: q\n', { ...known, model: () => (asked++, false) });
    expect(asked).toBe(1);
    expect(r.errors.map(formatValidationError)).toEqual(['steps[0].model (5:12): step "a": unknown model "x"', 'steps[1].model (9:12): step "b": unknown model "x"']);
  });

  it('runs the offline checks first and stops there on errors', async () => {
    let asked = false;
    const r = await validateForTenant(def([wait('a'), wait('a')]), { ...known, model: () => (asked = true) });
    expect(r.errors).toHaveLength(1);
    expect(asked).toBe(false);
  });

  it('registration refuses the whole definition with every error in the details', async () => {
    const r = await validateForTenant(def(steps), known);
    try {
      definitionOrThrow(r);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ kind: 'invalid', code: 'invalid_workflow', message: expect.stringMatching(/unknown collection "wiki" \(and 5 more\)$/) });
      const { errors } = (err as DomainError).details as { errors: unknown[] };
      expect(errors).toHaveLength(6);
      expect(errors[0]).toEqual({ path: 'steps[0].collection', step: 'search', message: 'unknown collection "wiki"' });
    }
    const good = await validateForTenant(def([{ id: 'ask', kind: 'llm', model: 'default', prompt: 'x' }]), known);
    expect(definitionOrThrow(good).name).toBe('wf');
  });
});

describe('hostile shapes', () => {
  const shapes: unknown[] = [
    null, 42, 'steps', [], {}, { steps: {} }, { name: 1, outputs: [1], schedules: {}, inputs: 'x', limits: [] },
    { name: 'wf', steps: [null, 1, 'a', [], { kind: 'branch', cases: 'x' }, { kind: 'parallel', branches: [1] }] },
    { name: 'wf', steps: [{ id: 'a', kind: 'map', as: 5, over: 7, steps: {} }, { id: 7, kind: 'set', values: [1] }] },
    { name: 'wf', steps: [{ id: 'a', kind: 'wait', duration: '1s', onError: { compensate: 'x', continue: 5 } }] },
    { name: 'wf', steps: [{ id: 'a', kind: 'tool', server: 's', tool: 't', arguments: ['{{ steps.a.output }}'], approval: 'yes' }] },
    { name: 'wf', steps: [{ id: 'a', kind: 'llm', model: 'm', prompt: 'x', outputSchema: { properties: { a: { pattern: 5 } } } }], schedules: [{ cron: 5, timezone: {} }] },
  ];

  it('never throw: each is a list of errors', () => {
    for (const shape of shapes) {
      const r = validateDefinition(shape);
      expect(r.ok).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
    }
  });

  it('an unbounded number of mistakes gives a bounded answer', () => {
    const steps = Array.from({ length: 400 }, () => ({ id: 'same', kind: 'wait' }));
    const errors = errorsOf(def(steps));
    expect(errors).toHaveLength(101);
    expect(errors[100].message).toMatch(/^\d+ more errors not listed$/);
  });
});
