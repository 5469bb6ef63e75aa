import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { observationId, rootObservationId, traceIdForWorkflow } from '../../services/tracing/types';

describe('trace and observation ids', () => {
  it('derives a W3C-valid trace id from the workflow id, the same every time', () => {
    const id = traceIdForWorkflow('agent-run-123');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).not.toMatch(/^0+$/);
    expect(traceIdForWorkflow('agent-run-123')).toBe(id);
    expect(traceIdForWorkflow('agent-run-124')).not.toBe(id);
  });

  it('gives each step a stable 16-hex observation id, distinct per key and per trace', () => {
    const t1 = traceIdForWorkflow('wf-a');
    const t2 = traceIdForWorkflow('wf-b');
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) ids.add(observationId(t1, `model:${i}`));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(observationId(t1, 'tool:3:0')).toBe(observationId(t1, 'tool:3:0'));
    expect(observationId(t1, 'tool:3:0')).not.toBe(observationId(t2, 'tool:3:0'));
    expect(rootObservationId(t1)).toBe(observationId(t1, 'root'));
  });

  it('keeps ids.ts, types.ts and observations.ts free of Node built-ins so workflows can import them', () => {
    for (const file of ['ids.ts', 'types.ts', 'observations.ts']) {
      const source = readFileSync(resolve(__dirname, '../../services/tracing', file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect(['zod', './ids', './types']).toContain(spec);
    }
  });
});
