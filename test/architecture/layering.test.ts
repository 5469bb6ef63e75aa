// The layering of docs/architecture.md, checked by dependency-cruiser with the project's rules:
// the product tree has no violation, and each kind of violation in a small fixture tree is caught.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const config = resolve(root, '.dependency-cruiser.cjs');
const depcruise = resolve(root, 'node_modules/.bin/depcruise');

interface Violation { rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string }> }

function violations(cwd: string, dirs: string[]): Violation[] {
  const out = execFileSync(depcruise, [...dirs, '--config', config, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeViolation = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('dependency layering', () => {
  it('holds for workflows, activities, services and mcp-servers: no cycles, no layer crossings', () => {
    const found = violations(root, ['services', 'workflows', 'activities', 'mcp-servers']).map(describeViolation);
    expect(found).toEqual([]);
  });

  it('catches a domain service importing the API, a type-only cycle, workflow code reaching Node and service internals', () => {
    const found = violations(resolve(root, 'test/fixtures/layering'), ['services', 'workflows', 'activities']);
    const rules = new Set(found.map((v) => `${v.rule.name} ${v.from}`));
    expect(rules).toEqual(
      new Set([
        'domain-below-edges services/agents/runs.ts',
        'no-circular services/store/a.ts',
        'workflows-no-node-builtins workflows/loop.ts',
        'workflows-are-deterministic workflows/loop.ts',
        'public-face-only workflows/loop.ts',
        'public-face-only activities/reach.ts',
      ]),
    );
  });
});
