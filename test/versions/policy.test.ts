// Which version a run gets (services/versions/policy.ts) and what a diff of two versions shows.
import { describe, expect, it } from 'vitest';
import { bucketOf, percentToBasisPoints, pickVersion, type TrafficLabels } from '../../services/versions';
import { changedPaths, lineDiff, unifiedYamlDiff } from '../../services/versions/diff';

/** Run ids as runService makes them (`run_<time base36><12 hex>`), from a fixed seed so the test is repeatable. */
function runIds(n: number, seed: number): string[] {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const t0 = Date.parse('2026-12-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const hex = (next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0')).slice(0, 12);
    return `run_${(t0 + i * 37).toString(36)}${hex}`;
  });
}

const labels = (canaryPercent: number): TrafficLabels => ({ stable: 3, canary: { version: 4, basisPoints: percentToBasisPoints(canaryPercent)! }, pinned: null });

describe('pickVersion', () => {
  it.each([10, 37])('sends %i %% of 1,000 runs to the canary, within 3 points', (percent) => {
    for (const seed of [1, 2, 3]) {
      const picks = runIds(1000, seed * 7919 + percent).map((id) => pickVersion(labels(percent), id));
      const canary = picks.filter((p) => p.reason === 'canary');
      expect(canary.every((p) => p.version === 4)).toBe(true);
      expect(picks.filter((p) => p.reason === 'stable').every((p) => p.version === 3)).toBe(true);
      expect(Math.abs((canary.length / 10) - percent), `seed ${seed}: ${canary.length / 10} %`).toBeLessThanOrEqual(3);
    }
  });

  it('gives the same run id the same pick every time', () => {
    for (const id of runIds(200, 42)) {
      const first = pickVersion(labels(50), id);
      expect(pickVersion(labels(50), id)).toEqual(first);
      expect(bucketOf(id)).toBe(bucketOf(id));
    }
    // A run in the canary at 10 % stays in it when the canary grows: buckets are fixed per run.
    for (const id of runIds(300, 9)) {
      if (pickVersion(labels(10), id).reason === 'canary') expect(pickVersion(labels(37), id).reason).toBe('canary');
    }
  });

  it('puts a requested version over a pin, and a pin over the canary', () => {
    const all: TrafficLabels = { stable: 1, canary: { version: 2, basisPoints: 10_000 }, pinned: 5 };
    expect(pickVersion(all, 'run_x', 7)).toEqual({ version: 7, reason: 'requested' });
    expect(pickVersion(all, 'run_x')).toEqual({ version: 5, reason: 'pinned' });
    expect(pickVersion({ ...all, pinned: null }, 'run_x')).toEqual({ version: 2, reason: 'canary' });
    expect(pickVersion({ ...all, pinned: null, canary: { version: 2, basisPoints: 0 } }, 'run_x')).toEqual({ version: 1, reason: 'stable' });
    expect(pickVersion({ stable: 1, canary: null, pinned: null }, 'run_x')).toEqual({ version: 1, reason: 'stable' });
  });

  it('reads canary percentages as integers or one decimal, 0–100', () => {
    expect(percentToBasisPoints(0)).toBe(0);
    expect(percentToBasisPoints(12.5)).toBe(1250);
    expect(percentToBasisPoints(0.1)).toBe(10);
    expect(percentToBasisPoints(100)).toBe(10_000);
    for (const bad of [-1, 100.1, 12.34, Number.NaN, Infinity]) expect(percentToBasisPoints(bad), String(bad)).toBeUndefined();
  });
});

describe('version diffs', () => {
  const v1 = { name: 'helper', instructions: 'Be brief.', model: 'small', tools: [{ server: 'tools', tools: ['add'] }], limits: { maxSteps: 5 } };
  const v2 = { name: 'helper', instructions: 'Be thorough.', model: 'small', tools: [{ server: 'tools', tools: ['add', 'echo'] }], description: 'new' };

  it('names every changed JSON path with its value before and after', () => {
    expect(changedPaths(v1, v2)).toEqual([
      { path: 'description', change: 'added', after: 'new' },
      { path: 'instructions', change: 'changed', before: 'Be brief.', after: 'Be thorough.' },
      { path: 'limits', change: 'removed', before: { maxSteps: 5 } },
      { path: 'tools[0].tools[1]', change: 'added', after: 'echo' },
    ]);
    expect(changedPaths(v1, { ...v1 })).toEqual([]);
    expect(changedPaths({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
    expect(changedPaths({ 'odd key': 1 }, { 'odd key': 2 })).toEqual([{ path: '["odd key"]', change: 'changed', before: 1, after: 2 }]);
  });

  it('prints a unified diff of the YAML with context and hunk headers', () => {
    const text = unifiedYamlDiff(v1, v2, { from: 'helper@1', to: 'helper@2' });
    expect(text.split('\n').slice(0, 2)).toEqual(['--- helper@1', '+++ helper@2']);
    expect(text).toContain('-instructions: Be brief.');
    expect(text).toContain('+instructions: Be thorough.');
    expect(text).toContain('+description: new');
    expect(text).toContain('-limits:');
    expect(text).toContain('+      - echo');
    expect(text).toMatch(/^@@ -1,\d+ \+1,\d+ @@$/m);
    expect(unifiedYamlDiff(v1, v1, { from: 'a', to: 'b' })).toBe('');
  });

  it('aligns lines by their longest common subsequence', () => {
    const ops = (a: string[], b: string[]) => lineDiff(a, b).map((l) => l.op + l.text);
    expect(ops(['a', 'b', 'c', 'd'], ['a', 'c', 'x', 'd'])).toEqual([' a', '-b', ' c', '+x', ' d']);
    expect(ops([], ['x'])).toEqual(['+x']);
    expect(ops(['x'], [])).toEqual(['-x']);
  });

  it('splits far-apart changes into separate hunks', () => {
    const a = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const b = a.map((l, i) => (i === 2 || i === 25 ? `${l} changed` : l));
    const lines = lineDiff(a, b);
    expect(lines.filter((l) => l.op !== ' ')).toHaveLength(4);
    const text = unifiedYamlDiff({ lines: a }, { lines: b }, { from: 'a', to: 'b' });
    expect(text.match(/^@@ /gm)).toHaveLength(2);
  });
});
