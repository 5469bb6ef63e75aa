// `keel start`'s client shares the workers' connection and starts runs eagerly: the server hands the
// first workflow task back with the start response (no matching round trip).
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { inProcessClient } from '../../services/temporal';
import { startTemporal, testDataConverter } from '../support/temporal';
import { echoWorkflow } from './fixtures/echo-workflow';

let env: TestWorkflowEnvironment;
let code: string;

beforeAll(async () => {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  [env, { code }] = await Promise.all([startTemporal(), bundleWorkflowCode({ workflowsPath: resolve(__dirname, 'fixtures/echo-workflow.ts'), logger: quiet })]);
});
afterAll(async () => {
  await env?.teardown();
});

describe('the in-process client', () => {
  it('starts a workflow eagerly on a worker of the same connection, and it completes', async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'eager', workflowBundle: { code }, dataConverter: testDataConverter() });
    const client = inProcessClient(env.nativeConnection, 'default', testDataConverter());
    await worker.runUntil(async () => {
      const handle = await client.workflow.start(echoWorkflow, { taskQueue: 'eager', workflowId: `eager-${Date.now()}`, args: ['secret text'] });
      expect(handle.eagerlyStarted).toBe(true);
      expect(await handle.result()).toBe('secret text');
    });
  });

  it('starts as usual when no worker of this connection polls the queue', async () => {
    const client = inProcessClient(env.nativeConnection, 'default', testDataConverter());
    const handle = await client.workflow.start(echoWorkflow, { taskQueue: 'no-local-worker', workflowId: `plain-${Date.now()}`, args: ['x'] });
    expect(handle.eagerlyStarted).toBe(false);
    await handle.terminate();
  });
});
