import { describe, expect, it } from 'vitest';
import { TemplateError, parseTemplate, renderTemplate, renderValue } from '../../../services/workflows';

const context = { inputs: { name: 'Ada', n: 3, tags: ['x', 'y'] }, steps: { classify: { status: 'succeeded', output: { urgency: 'high' } } }, vars: {} };

const templateError = (source: string): TemplateError => {
  try {
    parseTemplate(source);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
};

describe('templates', () => {
  it('interpolates expressions: strings as they are, null as nothing, other values as JSON', () => {
    expect(renderTemplate('Hi {{ inputs.name }} ({{inputs.n}}), tags {{ inputs.tags }}{{ null }}.', context)).toBe('Hi Ada (3), tags ["x","y"].');
    expect(renderTemplate('no holes', context)).toBe('no holes');
    expect(renderTemplate('{{ steps.classify.output.urgency == "high" ? "URGENT" : "" }}', context)).toBe('URGENT');
  });

  it('finds the closing braces outside string literals', () => {
    expect(renderTemplate('{{ "}}" + inputs.name }}!', context)).toBe('}}Ada!');
    expect(renderTemplate('{{ {"a": {"b": 1}}.a.b }}', context)).toBe('1');
  });

  it('collects the references of every expression', () => {
    const t = parseTemplate('{{ steps.classify.output }} and {{ vars.x }} and {{ item }}');
    expect([...t.references.steps]).toEqual(['classify']);
    expect([...t.references.vars]).toEqual(['x']);
    expect([...t.references.names].sort()).toEqual(['item', 'steps', 'vars']);
  });

  it('keeps the type of a value that is one whole expression', () => {
    expect(renderValue('{{ inputs.tags }}', context)).toEqual(['x', 'y']);
    expect(renderValue({ title: 'For {{ inputs.name }}', count: '{{ inputs.n }}', fixed: 7, list: ['{{ inputs.n > 2.0 }}'] }, context)).toEqual({ title: 'For Ada', count: 3, fixed: 7, list: [true] });
  });

  it('reports bad holes with their offset', () => {
    expect(templateError('Hello {{ inputs.name').offset).toBe(6);
    expect(templateError('ab {{   }}').message).toMatch(/empty/);
    const bad = templateError('Hello {{ inputs. }}');
    expect(bad.offset).toBeGreaterThan(8);
    expect(bad.cause?.code).toBe('syntax');
    expect(templateError('{{ inputs.s.matches("a") }}').cause?.code).toBe('unsupported');
  });
});
