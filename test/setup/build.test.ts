// `npm run build` as production uses it: plain node runs the compiled API and worker from the build
// output, the worker loads the workflow bundle the build wrote, and that bundle replays the recorded
// histories. Builds into .keel/test/build (inside the project, so node_modules resolves) to leave dist/ alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HISTORIES_DIR } from '../support/histories';
import { startTemporal } from '../support/temporal';

const root = resolve(__dirname, '../..');
const outDir = join(root, '.keel/test/build');
const built = (path: string) => join(outDir, path);

/** The environment without the variables that would point a compiled process at the tests' bundle. */
function cleanEnv(extra: Record<string, string> = {}) {
  const { KEEL_WORKFLOW_BUNDLE: _bundle, KEEL_CONFIG: _config, ...env } = process.env;
  return { ...env, ...extra };
}

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'scripts/build.ts'), '--out-dir', outDir], { cwd: root });
}, 300_000);

describe('npm run build', () => {
  it.each([
    ['services/api/main.js', 'TEMPORAL_ADDRESS'],
    ['services/worker/main.js', 'KEEL_WORKER_ROLES'],
  ])('node %s --help prints the usage and the variables it reads, exit 0', (entry, variable) => {
    const r = spawnSync(process.execPath, [built(entry), '--help'], { encoding: 'utf8', env: cleanEnv() });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: node dist\//);
    expect(r.stdout).toContain(variable);
    expect(r.stdout).toContain('KEEL_CONFIG');
  });

  it('the compiled worker finds the workflow bundle written next to it; KEEL_WORKFLOW_BUNDLE still wins', () => {
    const print = `process.stdout.write(String(require(${JSON.stringify(built('services/worker/index.js'))}).prebuiltWorkflowBundle()))`;
    const found = spawnSync(process.execPath, ['-e', print], { encoding: 'utf8', env: cleanEnv() });
    expect(found.status, found.stderr).toBe(0);
    expect(found.stdout).toBe(built('workflow-bundle.js'));
    const overridden = spawnSync(process.execPath, ['-e', print], { encoding: 'utf8', env: cleanEnv({ KEEL_WORKFLOW_BUNDLE: '/elsewhere/bundle.js' }) });
    expect(overridden.stdout).toBe('/elsewhere/bundle.js');
  });

  it('the built workflow bundle replays every recorded history', async () => {
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    const histories = files.map((f) => ({ workflowId: f, history: JSON.parse(readFileSync(join(HISTORIES_DIR, f), 'utf8')) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: built('workflow-bundle.js') } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the compiled processes against a live Temporal', () => {
  let temporal: TestWorkflowEnvironment;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    temporal = await startTemporal();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await temporal?.teardown();
  });

  /** Starts a compiled entry point with defaults only (no keel.yaml in its directory) and waits for `ready` on stdout. */
  function startBuilt(entry: string, ready: RegExp, extraEnv: Record<string, string>) {
    const cwd = mkdtempSync(join(tmpdir(), 'keel-build-'));
    const env = cleanEnv({ TEMPORAL_ADDRESS: temporal.connection.options.address, KEEL_DATA_DIR: join(cwd, 'data'), ...extraEnv });
    const child = spawn(process.execPath, [built(entry)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    return new Promise<string>((ok, fail) => {
      const seen = (d: Buffer) => {
        output += d;
        const m = output.match(ready);
        if (m) ok(m[1] ?? m[0]);
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', (d) => (output += d));
      child.on('exit', (code) => fail(new Error(`${entry} exited with ${code}:\n${output}`)));
    });
  }

  it('the compiled worker starts and the compiled API answers /healthz, both with plain node', async () => {
    expect(existsSync(built('workflow-bundle.js'))).toBe(true);
    await startBuilt('services/worker/main.js', /worker ready/, {});
    const url = await startBuilt('services/api/main.js', /Server listening at (http:\/\/[\d.:]+)/, { KEEL_API_PORT: '0' });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });
});
