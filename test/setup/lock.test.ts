// package-lock.json must list every platform's optional packages (esbuild's, rollup's, swc's native
// builds): npm ci refuses a lock that lacks any of them, on every platform (npm/cli#8320), and npm
// install on a fresh clone adds them back, leaving the tree dirty. npm drops them when a lock is
// written from a node_modules that never had them; regenerate without one:
//   mkdir /tmp/relock && cp package.json package-lock.json /tmp/relock && cd /tmp/relock &&
//   npm install --package-lock-only --ignore-scripts && cp package-lock.json "$OLDPWD"
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(resolve(__dirname, '../../package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };

/** The lock entry Node would load `name` from when required by the package at `from` (walking up node_modules). */
function entryFor(from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent < 0 ? '' : dir.slice(0, parent);
  }
}

describe('package-lock.json', () => {
  it('lists every optional dependency of every locked package, whatever the platform', () => {
    expect(lock.lockfileVersion).toBe(3);
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !entryFor(path, name))
        .map((name) => `${path || '(root)'} -> ${name}`),
    );
    expect(missing).toEqual([]);
    expect(Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/@esbuild/')).length).toBeGreaterThan(10);
  });
});
