// Once per test run: make sure the Temporal CLI is installed and bundle the workflows once,
// so each test worker starts in milliseconds instead of re-bundling; start the throwaway
// PostgreSQL the store suites run on besides SQLite (test/support/test-postgres.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from './postgres';
import type { TestPostgres } from './test-postgres';

const root = resolve(__dirname, '../..');

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, [resolve(root, 'scripts/setup.mjs')], { stdio: 'inherit' });
  // As the worker bundles (workflowBundleOptions): with Keel's failure converter.
  const { code } = await bundleWorkflowCode({ workflowsPath: resolve(root, 'workflows'), failureConverterPath: resolve(root, 'services/temporal/failure-converter.cjs'), logger: quietLogger });
  const dir = resolve(root, '.keel/test');
  mkdirSync(dir, { recursive: true });
  const codePath = resolve(dir, 'workflow-bundle.js');
  writeFileSync(codePath, code);
  project.provide('workflowBundlePath', codePath);
  project.provide('temporalCliPath', resolve(root, '.tools/bin/temporal'));
  const postgres = await testPostgres();
  project.provide('testPostgres', postgres.state);
  return () => postgres.cluster?.stop();
}

async function testPostgres(): Promise<{ state: TestPostgres; cluster?: PostgresCluster }> {
  if (process.env.KEEL_TEST_POSTGRES === 'off') {
    process.stderr.write('[postgres] KEEL_TEST_POSTGRES=off: the store suites run on SQLite only\n');
    return { state: { off: true } };
  }
  if (process.env.KEEL_TEST_POSTGRES_URL) return { state: { url: process.env.KEEL_TEST_POSTGRES_URL } };
  try {
    const cluster = await startPostgresCluster();
    return { state: { url: cluster.url }, cluster };
  } catch (err) {
    // Only the suites that need PostgreSQL fail (with this message); the rest still run.
    process.stderr.write(`[postgres] ${(err as Error).message}\n`);
    return { state: { error: (err as Error).message } };
  }
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
