// The replay diff: step alignment, same / changed / new / missing, output and usage side by side.
import { describe, expect, it } from 'vitest';
import { canonical, diffRuns, type RunSide } from '../../services/replay';
import type { RunStep } from '../../services/agents/types';

const at = '2026-01-01T00:00:00.000Z';
const model = (index: number, text: string, toolCalls: string[] = [], tokens = 10): RunStep => ({
  index, kind: 'model', startedAt: at, text, toolCalls: toolCalls.map((name, i) => ({ id: `c${index}${i}`, name })),
  usage: { inputTokens: tokens - 2, outputTokens: 2, totalTokens: tokens }, costUsd: tokens / 1000,
});
const tool = (index: number, name: string, args: Record<string, unknown>, result: string, isError = false): RunStep => ({
  index, kind: 'tool', startedAt: at, toolCallId: `t${index}`, server: 'tools', tool: name, arguments: args, resultPreview: result, isError,
});
const usage = (totalTokens: number, costUsd: number, modelCalls: number, toolCalls: number) => ({
  inputTokens: totalTokens - modelCalls * 2, outputTokens: modelCalls * 2, totalTokens, costUsd, modelCalls, toolCalls,
});
const run = (steps: RunStep[], output: string, status = 'completed'): RunSide => {
  const models = steps.filter((s) => s.kind === 'model');
  const tokens = models.reduce((n, s) => n + (s.kind === 'model' ? s.usage!.totalTokens : 0), 0);
  return { status, steps, outcome: { status: status as 'completed', output }, usage: usage(tokens, tokens / 1000, models.length, steps.length - models.length) };
};

const original = run([model(0, '', ['tools__add']), tool(1, 'add', { a: 2, b: 3 }, '5'), model(2, 'sum is 5')], 'sum is 5');

describe('diffRuns', () => {
  it('finds two equal runs identical, whatever the timestamps and call ids', () => {
    const again = run([model(0, '', ['tools__add']), tool(1, 'add', { b: 3, a: 2 }, '5'), model(2, 'sum is 5')], 'sum is 5');
    (again.steps[0] as { startedAt: string }).startedAt = '2026-02-02T00:00:00.000Z';
    const d = diffRuns(original, again);
    expect(d.identical).toBe(true);
    expect(d.steps.map((s) => s.status)).toEqual(['same', 'same', 'same']);
    expect(d.output).toMatchObject({ same: true, original: { output: 'sum is 5' }, replay: { output: 'sum is 5' } });
    expect(d.usage.delta).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, modelCalls: 0, toolCalls: 0 });
  });

  it('marks a different tool result and answer as changed, naming the fields', () => {
    const other = run([model(0, '', ['tools__add']), tool(1, 'add', { a: 2, b: 3 }, '6'), model(2, 'sum is 6', [], 12)], 'sum is 6');
    const d = diffRuns(original, other);
    expect(d.identical).toBe(false);
    expect(d.steps.map((s) => s.status)).toEqual(['same', 'changed', 'changed']);
    expect(d.steps[1].changes).toEqual(['result']);
    expect(d.steps[2].changes).toEqual(['text']);
    expect(d.steps[2].original?.tokens).toBe(10);
    expect(d.steps[2].replay?.tokens).toBe(12);
    expect(d.output).toMatchObject({ same: false, original: { output: 'sum is 5' }, replay: { output: 'sum is 6' } });
    expect(d.usage.delta.totalTokens).toBe(2);
    expect(d.usage.delta.costUsd).toBeCloseTo(0.002);
  });

  it('aligns an extra tool turn as new steps and keeps the rest aligned', () => {
    const longer = run([
      model(0, '', ['tools__add']), tool(1, 'add', { a: 2, b: 3 }, '5'),
      model(2, '', ['tools__echo']), tool(3, 'echo', { text: 'x' }, 'x'),
      model(4, 'sum is 5'),
    ], 'sum is 5');
    const d = diffRuns(original, longer);
    expect(d.steps.map((s) => s.status)).toEqual(['same', 'same', 'new', 'new', 'same']);
    expect(d.counts).toEqual({ same: 3, changed: 0, new: 2, missing: 0 });
    expect(d.steps[3].replay).toMatchObject({ kind: 'tool', name: 'tools/echo', arguments: { text: 'x' } });
    expect(d.output.same).toBe(true);
    expect(d.identical).toBe(false);
  });

  it('reports steps the replay did not take as missing', () => {
    const direct = run([model(0, 'sum is 5')], 'sum is 5');
    const d = diffRuns(original, direct);
    expect(d.steps.map((s) => s.status)).toEqual(['missing', 'missing', 'same']);
    expect(d.counts.missing).toBe(2);
    expect(d.usage.original.toolCalls).toBe(1);
    expect(d.usage.replay.toolCalls).toBe(0);
  });

  it('compares the outcome status as part of the output', () => {
    const failed: RunSide = { status: 'failed', steps: [model(0, '', ['tools__add'])], outcome: { status: 'failed', error: { code: 'x', message: 'boom' } }, usage: null };
    const d = diffRuns(original, failed);
    expect(d.output).toMatchObject({ same: false, original: { status: 'completed' }, replay: { status: 'failed' } });
    expect(d.usage.replay.totalTokens).toBe(0);
    expect(d.steps.map((s) => s.status)).toEqual(['same', 'missing', 'missing']);
  });

  it('canonical JSON ignores key order and undefined fields', () => {
    expect(canonical({ b: [1, { y: 2, x: 1 }], a: undefined, c: null })).toBe(canonical({ c: null, b: [1, { x: 1, y: 2 }] }));
    expect(canonical({ a: 1 })).not.toBe(canonical({ a: '1' }));
  });
});
