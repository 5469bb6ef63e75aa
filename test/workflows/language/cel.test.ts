import { describe, expect, it } from 'vitest';
import { CEL_LIMITS, CelError, compileExpression, evaluateCondition, evaluateExpression } from '../../../services/workflows';

const refusal = (f: () => unknown): CelError => {
  try {
    f();
  } catch (err) {
    if (err instanceof CelError) return err;
    throw err;
  }
  throw new Error('expected a CelError');
};

describe('CEL expressions', () => {
  it('evaluates over inputs, steps and vars and returns plain JSON', () => {
    const context = { inputs: { n: 2.5, tags: ['a', 'b'] }, steps: { search: { status: 'succeeded', output: { results: [{ score: 0.9 }, { score: 0.2 }] } } }, vars: { limit: 3 } };
    expect(evaluateExpression('size(inputs.tags) + 1', context)).toBe(3); // a CEL int comes back as a number
    expect(evaluateExpression('steps.search.output.results.filter(r, r.score > 0.5).size()', context)).toBe(1);
    expect(evaluateExpression('{"n": inputs.n * 2.0, "tag": inputs.tags[0], "ok": vars.limit >= 3}', context)).toEqual({ n: 5, tag: 'a', ok: true });
    expect(evaluateExpression('timestamp("2026-01-01T00:00:00Z") + duration("90m")', {})).toBe('2026-01-01T01:30:00.000Z');
    expect(evaluateExpression('has(inputs.missing) ? inputs.missing : null', context)).toBeNull();
  });

  it('is deterministic: the same expression and context always give the same value', () => {
    const context = { inputs: { items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `n${i}` })) } };
    const source = 'inputs.items.filter(i, int(i.id) % 7 == 0).map(i, i.name + "!")';
    const first = JSON.stringify(evaluateExpression(source, context));
    for (let i = 0; i < 20; i++) expect(JSON.stringify(evaluateExpression(source, context))).toBe(first);
  });

  it('compiles each text once', () => {
    expect(compileExpression('inputs.a + 1.0')).toBe(compileExpression('inputs.a + 1.0'));
  });

  it('names what an expression reads, minus macro variables', () => {
    const { references } = compileExpression('[steps.a.output, vars["b"], inputs.l.map(x, x + item), has(steps.c.output), run.id]');
    expect([...references.names].sort()).toEqual(['inputs', 'item', 'run', 'steps', 'vars']);
    expect([...references.steps].sort()).toEqual(['a', 'c']);
    expect([...references.vars]).toEqual(['b']);
  });

  it('reports syntax and type errors with a position', () => {
    const syntax = refusal(() => compileExpression('inputs.a +'));
    expect(syntax.code).toBe('syntax');
    expect(syntax.range?.start).toBe(10);
    expect(refusal(() => compileExpression('"a" + 1')).code).toBe('type');
    expect(refusal(() => evaluateExpression('inputs.missing', { inputs: {} })).code).toBe('evaluation');
  });

  it('a condition must be a boolean', () => {
    expect(evaluateCondition('inputs.n > 1.0', { inputs: { n: 2 } })).toBe(true);
    expect(refusal(() => evaluateCondition('inputs.n', { inputs: { n: 2 } })).message).toMatch(/true or false/);
  });
});

describe('CEL cost limits', () => {
  const big = { inputs: { list: Array.from({ length: 5_000 }, (_, i) => i), text: 'x'.repeat(400_000) } };

  it('refuses regular expressions, which could backtrack for ever', () => {
    const err = refusal(() => compileExpression('inputs.s.matches("(a+)+$")'));
    expect(err.code).toBe('unsupported');
    expect(err.message).toMatch(/matches/);
  });

  it('refuses at parse time what is too big or too deep', () => {
    expect(refusal(() => compileExpression('1' + ' + 1'.repeat(CEL_LIMITS.maxAstNodes))).code).toBe('too_complex');
    expect(refusal(() => compileExpression('('.repeat(40) + '1' + ')'.repeat(40))).code).toBe('too_complex');
    expect(refusal(() => compileExpression('x'.repeat(CEL_LIMITS.maxExpressionLength + 1))).code).toBe('too_complex');
    expect(refusal(() => compileExpression('inputs.l.map(a, inputs.l.map(b, inputs.l.map(c, 1)))')).code).toBe('too_complex');
  });

  it('stops a quadratic expression quickly once it has spent its budget', () => {
    const started = performance.now();
    const err = refusal(() => evaluateExpression('inputs.list.map(a, inputs.list.map(b, a + b))', big));
    expect(err.code).toBe('budget_exceeded');
    // quantifiers absorb errors of single items (CEL semantics); the budget still ends them
    expect(refusal(() => evaluateExpression('inputs.list.exists(a, inputs.list.exists(b, a + b < 0.0))', big)).code).toBe('budget_exceeded');
    expect(performance.now() - started).toBeLessThan(5_000); // unbounded it would be 25 million additions, twice
  });

  it('charges big strings by their size, so scanning one repeatedly runs out of budget', () => {
    expect(refusal(() => evaluateExpression('inputs.list.filter(i, inputs.text.contains("y")).size()', big)).code).toBe('budget_exceeded');
  });

  it('bounds the strings and lists an expression builds', () => {
    expect(refusal(() => evaluateExpression('inputs.text + inputs.text + inputs.text', big)).code).toBe('result_too_large');
    const list = { inputs: { list: Array.from({ length: 6_000 }, (_, i) => i) } };
    expect(refusal(() => evaluateExpression('inputs.list + inputs.list', list)).code).toBe('result_too_large');
  });

  it('lets ordinary work over large inputs through', () => {
    expect(evaluateExpression('inputs.list.filter(i, i > 4990.0).size()', big)).toBe(9);
    expect(evaluateExpression('size(inputs.text)', big)).toBe(400_000);
  });
});
