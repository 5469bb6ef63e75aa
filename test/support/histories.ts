// Workflow histories recorded from real runs; the replay suite re-runs them against the current
// workflow code so a non-deterministic change fails CI. Record anew with KEEL_RECORD_HISTORIES=1.
// Exported with the Temporal CLI (`temporal workflow show --output json`), the documented way.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { testDataConverter, testPayloadCodec, workflowBundlePath } from './temporal';

export const HISTORIES_DIR = resolve(__dirname, '../fixtures/histories');

export async function saveHistory(address: string, workflowId: string, name: string) {
  if (process.env.KEEL_RECORD_HISTORIES !== '1') return;
  const json = execFileSync(inject('temporalCliPath'), ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--output', 'json'], {
    encoding: 'utf8',
  });
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // Payloads are encrypted with this test run's key: the fixture keeps them decrypted.
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), JSON.stringify(await decryptedJson(JSON.parse(json)), null, 2));
}

type JsonPayload = { metadata?: Record<string, string>; data?: string };
const b64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const text64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function decryptedJson(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(decryptedJson));
  if (!value || typeof value !== 'object') return value;
  const payload = value as JsonPayload;
  if (payload.metadata?.encoding && Buffer.from(payload.metadata.encoding, 'base64').toString() === 'binary/encrypted') {
    const metadata = Object.fromEntries(Object.entries(payload.metadata).map(([k, v]) => [k, b64(v)]));
    const [plain] = await testPayloadCodec.decode([{ metadata, data: b64(payload.data ?? '') }]);
    return { metadata: Object.fromEntries(Object.entries(plain.metadata ?? {}).map(([k, v]) => [k, text64(v)])), data: text64(plain.data ?? new Uint8Array()) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = await decryptedJson(v);
  return out;
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

/** Runs `body` with every progress write of `runs` held for `ms` first (a slow store), then restores it. */
export async function withSlowProgressWrites<T>(runs: { recordProgress: (...args: never[]) => Promise<void> }, ms: number, body: () => Promise<T>): Promise<T> {
  const write = runs.recordProgress.bind(runs) as (...args: unknown[]) => Promise<void>;
  runs.recordProgress = (async (...args: unknown[]) => {
    await new Promise((r) => setTimeout(r, ms));
    return write(...args);
  }) as typeof runs.recordProgress;
  try {
    return await body();
  } finally {
    runs.recordProgress = write as typeof runs.recordProgress;
  }
}
