// cel.ts and template.ts run inside Temporal's deterministic workflow sandbox: the workflow bundler
// accepts them (no Node built-ins) and a workflow evaluates expressions on a real dev server.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { startTemporal, testDataConverter } from '../../support/temporal';
import { celProbeWorkflow } from './fixtures/cel-workflow';

let env: TestWorkflowEnvironment;
let code: string;

beforeAll(async () => {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  [env, { code }] = await Promise.all([
    startTemporal(),
    bundleWorkflowCode({ workflowsPath: resolve(__dirname, 'fixtures/cel-workflow.ts'), logger: quiet }),
  ]);
});
afterAll(async () => {
  await env?.teardown();
});

describe('CEL inside a Temporal workflow', () => {
  it('evaluates expressions, templates and conditions, and stops a pathological expression', async () => {
    const worker = await Worker.create({ dataConverter: testDataConverter(), connection: env.nativeConnection, taskQueue: 'cel-probe', workflowBundle: { code } });
    const result = await worker.runUntil(
      env.client.workflow.execute(celProbeWorkflow, {
        taskQueue: 'cel-probe',
        workflowId: `cel-probe-${Date.now()}`,
        args: [
          {
            expressions: ['size(inputs.items) + 1', 'inputs.items.map(i, i.name)', 'timestamp(run.startedAt) + duration("1h")', '{"n": inputs.n * 2.0}'],
            template: 'Hello {{ inputs.items[0].name }}, {{ size(inputs.items) }} items',
            condition: 'inputs.n > 1.0 && steps.a.status == "succeeded"',
            context: {
              inputs: { n: 1.5, items: [{ name: 'ada' }, { name: 'bob' }] },
              steps: { a: { status: 'succeeded', output: null } },
              run: { startedAt: '2026-01-01T00:00:00.000Z' },
            },
          },
        ],
      }),
    );
    expect(result).toEqual({
      values: [3, ['ada', 'bob'], '2026-01-01T01:00:00.000Z', { n: 3 }],
      text: 'Hello ada, 2 items',
      condition: true,
      refused: 'budget_exceeded',
    });
  });
});
