// `keel worker --queues` and the worker entry point: only the named task-queue roles run, unknown
// names are refused before anything connects.
import { execFile } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkerRoles } from '../../services/worker';
import { startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { workflowBundlePath } from '../support/temporal';

const root = resolve(__dirname, '../..');
const run = async (args: string[], env: Record<string, string> = {}) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('parseWorkerRoles', () => {
  it('keeps the order given, drops duplicates and refuses unknown or empty lists', () => {
    expect(parseWorkerRoles('ingest, agents,ingest,workflows', '--queues')).toEqual(['ingest', 'agents', 'workflows']);
    expect(() => parseWorkerRoles('agents,workflows,bogus', '--queues')).toThrow('--queues: unknown task queue "bogus" (this worker knows agents, workflows, ingest)');
    expect(() => parseWorkerRoles(' , ', '--queues')).toThrow(/name at least one task queue/);
  });
});

describe('refusing unknown queues', () => {
  it('keel worker --queues exits 1 naming the queue and the known ones', async () => {
    const r = await run([join(root, 'services/cli/main.ts'), 'worker', '--queues', 'agents,bogus'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('keel: --queues: unknown task queue "bogus" (this worker knows agents, workflows, ingest)');
  });

  it('the worker entry point exits 2 for --queues and KEEL_WORKER_ROLES alike', async () => {
    const flag = await run([join(root, 'services/worker/main.ts'), '--queues=nope'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('worker: --queues: unknown task queue "nope"');
    const env = await run([join(root, 'services/worker/main.ts')], { TEMPORAL_ADDRESS: '127.0.0.1:1', KEEL_WORKER_ROLES: 'agent' });
    expect(env.stderr).toContain('KEEL_WORKER_ROLES: unknown task queue "agent"');
  });
});

describe('keel worker against a running Temporal', () => {
  let model: VllmStandin;
  let p: TestPlatform;
  beforeAll(async () => {
    model = await startVllmStandin({ model: TEST_MODEL });
    p = await startPlatform({ modelUrl: model.url, worker: 'none' });
  });
  afterAll(async () => {
    await p?.close();
    await model?.close();
  });

  it('polls only the queues it was given', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'services/cli/main.ts'), 'worker', '--queues', 'ingest'], {
      cwd: root,
      env: { ...process.env, TEMPORAL_ADDRESS: p.config.temporal.address, KEEL_DATA_DIR: p.dataDir, KEEL_PAYLOAD_KEYS: p.config.temporal.payloadKeys as string, KEEL_WORKFLOW_BUNDLE: workflowBundlePath() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      await new Promise<void>((ok, fail) => {
        child.stdout!.on('data', () => out.includes('worker ready') && ok());
        child.on('exit', (code) => fail(new Error(`keel worker exited with ${code}: ${out}`)));
      });
      expect(out).toContain('roles=ingest payload key=test-key');
      const pollers = async (queue: string) =>
        (await p.env.client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: queue }, taskQueueType: 1 })).pollers ?? [];
      await expect.poll(async () => (await pollers(p.config.temporal.taskQueues.ingest)).length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await pollers(p.config.temporal.taskQueues.agents)).toHaveLength(0);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
