// A worker evaluates the workflow bundle's modules again for every workflow it starts, so what
// workflow code imports is paid on every run's first task, before its first model call. The bundle
// the tests run (global setup bundles workflows/ as workers do) keeps schema libraries out, and
// evaluates the CEL engine once per worker thread (a preloaded, shared module), not once per run.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

const bundle = readFileSync(inject('workflowBundlePath'), 'utf8');

/** Each place the bundle requires `module` (a path as webpack names it, e.g. `./services/x.ts`), with the code just before it. */
function requireSites(module: string): string[] {
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const call = new RegExp(`__webpack_require__\\((?:/\\*[^*]*\\*/\\s*)*"${escaped}"\\)`, 'g');
  return [...bundle.matchAll(call)].map((m) => bundle.slice(Math.max(0, m.index - 80), m.index));
}

describe('the workflow bundle', () => {
  it('holds no schema library', () => {
    // Module ids are paths from the project root: `./node_modules/zod/…` (or `../…/node_modules/…` when node_modules is a link).
    const modules = [...bundle.matchAll(/"(?:\.\.?\/)+(?:[^"]*\/)?node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g)].map((m) => m[1]);
    expect(modules.length).toBeGreaterThan(0);
    expect(new Set(modules)).not.toContain('zod');
  });

  it('loads the expression language once per worker thread (preloaded), and workflow code only on first use', () => {
    const sites = requireSites('./services/workflows/policy.ts');
    expect(sites).toHaveLength(2);
    expect(sites.filter((before) => /language \??\??= $/.test(before))).toHaveLength(1);
    // The other site is the bundle's preload entry: evaluated before any workflow, shared by all.
    expect(bundle).toMatch(/function preloadModules\(\) \{[^}]*"\.\/services\/workflows\/policy\.ts"\)/);
    expect(requireSites('./services/workflows/cel.ts').length).toBeGreaterThan(0);
  });

  it('keeps three stack frames per error in the sandbox, set once per worker thread before Temporal freezes its globals', () => {
    // Temporal captures a stack for every promise a workflow creates: its depth is workflow CPU.
    expect(bundle).toMatch(/function preloadModules\(\) \{[^}]*"\.\/workflows\/sandbox\.ts"\)/);
    expect(bundle).toMatch(/Error\.stackTraceLimit = 3;/);
  });

  it('is compiled for the Node.js that runs it: object spreads stay native, not helper calls', () => {
    expect(bundle).toContain('{ ...');
    expect(bundle).not.toMatch(/function _object_spread\(/);
  });
});
