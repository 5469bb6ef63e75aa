// Versions and runs on the real Temporal dev server: a run keeps the version it started with while
// stable moves under it (promote, then rollback, mid-run); new runs follow the labels and record
// why they got their version (stable, canary, pinned, requested).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';

let model: VllmStandin;
let p: TestPlatform;

const agent = (instructions: string) => ({
  name: 'versioned', instructions, model: TEST_MODEL,
  tools: [{ server: 'tools', tools: ['record_side_effect'] }],
});

const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
  const res = await p.api.inject({ method, url, headers: p.auth(), ...(payload !== undefined ? { payload: payload as object } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};
const startRun = async (input: string, version?: number) => (await api('POST', '/v1/runs', { agent: 'versioned', input, ...(version ? { version } : {}) })).id as string;
const waitForStatus = (id: string, statuses: string[]) =>
  eventually(async () => {
    const run = await api('GET', `/v1/runs/${id}`);
    return statuses.includes(run.status) ? run : undefined;
  });
/**
 * Approves the run's pending destructive call and waits for it to end; also returns the
 * instructions (system message) of the model calls made meanwhile — this run's alone, as no other
 * run is moving while it finishes.
 */
async function approveAndFinish(id: string) {
  const waiting = await waitForStatus(id, ['awaiting_approval']);
  const seen = model.requests.length;
  await api('POST', `/v1/runs/${id}/approvals`, { toolCallId: waiting.pendingApprovals[0].toolCallId, decision: 'approve' });
  const run = await waitForStatus(id, ['completed', 'failed']);
  return { run, instructions: model.requests.slice(seen).map((r) => r.messages[0].content) };
}

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-versions-')), 'side-effects.log');
  p = await startPlatform({ modelUrl: model.url, config: { mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) } } });
  expect((await api('POST', '/v1/agents', agent('Version one.'))).agent.version).toBe(1);
  expect((await api('POST', '/v1/agents', agent('Version two.'))).labels.stable).toBe(1);
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

describe('versions while runs are in flight', () => {
  it('keeps a running instance on its version through a promote and a rollback; new runs follow stable', async () => {
    const onV1 = await startRun('side-effect');
    expect((await waitForStatus(onV1, ['awaiting_approval']))).toMatchObject({ agentVersion: 1, versionReason: 'stable' });

    expect((await api('POST', '/v1/agents/versioned/promote', { version: 2 })).labels).toMatchObject({ stable: 2, previousStable: [1] });
    const onV2 = await startRun('side-effect');
    expect(await waitForStatus(onV2, ['awaiting_approval'])).toMatchObject({ agentVersion: 2, versionReason: 'stable' });

    // The first run finishes on version 1: its model still gets version 1's instructions.
    const first = await approveAndFinish(onV1);
    expect(first.run).toMatchObject({ status: 'completed', agentVersion: 1, versionReason: 'stable' });
    expect(first.instructions).toEqual(['Version one.']);

    // Roll back while the version-2 run waits: it still finishes on version 2; a new run gets 1.
    expect((await api('POST', '/v1/agents/versioned/rollback', {})).labels).toMatchObject({ stable: 1, previousStable: [] });
    const afterRollback = await startRun('direct');
    expect(await waitForStatus(afterRollback, ['completed'])).toMatchObject({ agentVersion: 1, versionReason: 'stable' });
    const second = await approveAndFinish(onV2);
    expect(second.run).toMatchObject({ status: 'completed', agentVersion: 2 });
    expect(second.instructions).toEqual(['Version two.']);
  });

  it('records why each run got its version: canary, pinned, requested', async () => {
    await api('POST', '/v1/agents/versioned/canary', { version: 2, percent: 100 });
    const canary = await startRun('direct');
    await api('POST', '/v1/agents/versioned/pin', { version: 1 });
    const pinned = await startRun('direct');
    const requested = await startRun('direct', 2);
    await api('POST', '/v1/agents/versioned/pin', { version: null });
    await api('POST', '/v1/agents/versioned/canary', { version: 2, percent: 0 });
    const stable = await startRun('direct');
    const picked = await Promise.all([canary, pinned, requested, stable].map((id) => waitForStatus(id, ['completed'])));
    expect(picked.map((r) => [r.agentVersion, r.versionReason])).toEqual([[2, 'canary'], [1, 'pinned'], [2, 'requested'], [1, 'stable']]);
    const started = (await api('GET', `/v1/audit?action=run.started&targetId=${canary}`)).entries;
    expect(started[0].details).toMatchObject({ version: 2, versionReason: 'canary' });
  });
});
