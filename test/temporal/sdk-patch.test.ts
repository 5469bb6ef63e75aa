// patches/@temporalio+worker+1.24.0.patch makes the workflow sandbox cheaper to call into: it keeps
// the deadlock detector only on the calls that run a workflow's own logic, compiles the promise
// hook's realm readers once, sends a new workflow's first activation without waiting for its
// creation, and skips the call that unblocks conditions when none is blocked and no error waits to
// be raised. What it must not change: a workflow that never yields is still stopped (in its
// function, a condition or a handler), a workflow that cannot be created or fails after an await
// fails its task with the reason, and the stack-trace query still says where a workflow waits.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { startTemporal } from '../support/temporal';
import { failsItsTask, spin, spinsInCondition, spinsInSignalHandler, spinsInWorkflowFunction, waitsForRelease } from './fixtures/sdk-patch-workflows';

let env: TestWorkflowEnvironment;
let code: string;
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  [env, { code }] = await Promise.all([startTemporal(), bundleWorkflowCode({ workflowsPath: resolve(__dirname, 'fixtures/sdk-patch-workflows.ts'), logger: quiet })]);
});
afterAll(async () => {
  await env?.teardown();
});

// The test environment's client encrypts payloads; a failure's message stays readable in history.
async function firstTaskFailure(handle: WorkflowHandle): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const history = await handle.fetchHistory();
    const failed = history.events?.find((e) => e.workflowTaskFailedEventAttributes);
    if (failed) return failed.workflowTaskFailedEventAttributes?.failure?.message ?? '';
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no workflow task failed');
}

describe('the patched Temporal worker', () => {
  it('is the patched one (npm install runs patch-package)', () => {
    const shared = readFileSync(require.resolve('@temporalio/worker/lib/workflow/vm-shared.js'), 'utf8');
    const reusable = readFileSync(require.resolve('@temporalio/worker/lib/workflow/reusable-vm.js'), 'utf8');
    const threaded = readFileSync(require.resolve('@temporalio/worker/lib/workflow/threaded-vm.js'), 'utf8');
    expect(shared).toContain('function realmReader(');
    expect(reusable).toContain('runsWorkflowLogic');
    expect(threaded).toContain('this.createFailed = true');
    expect(shared).toContain('this.activator.blockedConditions.size === 0');
  });

  it('still stops a workflow that never yields (in its function, a condition or a signal handler), fails one it cannot create, and goes on serving', async () => {
    // The detector's limit is a worker option the SDK applies but does not declare (default 5 s).
    const detector = { isolateExecutionTimeout: '300ms' };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'sdk-patch', workflowBundle: { code }, ...detector });
    await worker.runUntil(async () => {
      const id = `sdk-patch-${Date.now()}`;
      const inFunction = await env.client.workflow.start(spinsInWorkflowFunction, { taskQueue: 'sdk-patch', workflowId: `${id}-fn` });
      const inCondition = await env.client.workflow.start(spinsInCondition, { taskQueue: 'sdk-patch', workflowId: `${id}-cond` });
      const inHandler = await env.client.workflow.start(spinsInSignalHandler, { taskQueue: 'sdk-patch', workflowId: `${id}-signal` });
      await inHandler.signal(spin);
      for (const handle of [inFunction, inCondition, inHandler]) {
        expect(await firstTaskFailure(handle)).toMatch(/timed out after 300ms/);
        await handle.terminate('test over');
      }

      // Created and activated in one go: a type the bundle lacks fails creation, and the task says why.
      const unknown = await env.client.workflow.start('noSuchWorkflow', { taskQueue: 'sdk-patch', workflowId: `${id}-unknown` });
      expect(await firstTaskFailure(unknown)).toMatch(/no such function is exported by the workflow bundle/);
      await unknown.terminate('test over');

      // An error raised after an await, with no condition blocked, still fails the task.
      const failing = await env.client.workflow.start(failsItsTask, { taskQueue: 'sdk-patch', workflowId: `${id}-fails` });
      expect(await firstTaskFailure(failing)).toMatch(/boom after an await/);
      await failing.terminate('test over');

      const waiting = await env.client.workflow.start(waitsForRelease, { taskQueue: 'sdk-patch', workflowId: `${id}-wait` });
      const stack = await waiting.query<string>('__stack_trace');
      expect(stack).toContain('waitingHere');
      await waiting.terminate('test over');
    });
  });
});
