// Once per test run: make sure the Temporal CLI is installed and bundle the workflows once,
// so each test worker starts in milliseconds instead of re-bundling.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';

const root = resolve(__dirname, '../..');

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, [resolve(root, 'scripts/setup.mjs')], { stdio: 'inherit' });
  const { code } = await bundleWorkflowCode({ workflowsPath: resolve(root, 'workflows'), logger: quietLogger });
  const dir = resolve(root, '.keel/test');
  mkdirSync(dir, { recursive: true });
  const codePath = resolve(dir, 'workflow-bundle.js');
  writeFileSync(codePath, code);
  project.provide('workflowBundlePath', codePath);
  project.provide('temporalCliPath', resolve(root, '.tools/bin/temporal'));
}

const quietLogger = {
  log() {}, trace() {}, debug() {}, info() {},
  warn: (m: string) => process.stderr.write(`[bundle] ${m}\n`),
  error: (m: string) => process.stderr.write(`[bundle] ${m}\n`),
};

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
    temporalCliPath: string;
  }
}
