// Workflow histories recorded from real runs; the replay suite re-runs them against the current
// workflow code so a non-deterministic change fails CI. Record anew with KEEL_RECORD_HISTORIES=1.
// Exported with the Temporal CLI (`temporal workflow show --output json`), the documented way.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { testDataConverter, workflowBundlePath } from './temporal';

export const HISTORIES_DIR = resolve(__dirname, '../fixtures/histories');

export async function saveHistory(address: string, workflowId: string, name: string) {
  if (process.env.KEEL_RECORD_HISTORIES !== '1') return;
  const json = execFileSync(inject('temporalCliPath'), ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--output', 'json'], {
    encoding: 'utf8',
  });
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), json);
}

/**
 * A fresh history replays on the current code. A replay hands the workflow the results of local
 * activities that ran side by side in one activation, where the live run saw them one at a time:
 * what the workflow decides must not depend on that grouping.
 */
export async function expectFreshReplay(client: Client, workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath() }, dataConverter: testDataConverter() }, history, workflowId);
}
