// A workflow's `schedules` as Temporal Schedules on a real dev server: created on registration with
// the definition's spec and policies, following the stable (or pinned) version through new
// versions, promote, rollback and pin, deleted when gone, repaired by reconciling at start; a
// triggered schedule starts a run that completes against the stand-in model and is an ordinary run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleNotFoundError } from '@temporalio/client';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';
import { keelCli } from '../support/keel-cli';
import { scheduleIdOf, workflowSchedules, type WorkflowSchedules } from '../../services/workflows';
import { ENCRYPTED_ENCODING } from '../../services/temporal';

let model: VllmStandin;
let p: TestPlatform;
let schedules: WorkflowSchedules;
let apiUrl = '';
const cli = keelCli(() => ({ url: apiUrl, key: p.tenant.key }));

const NAME = 'morning-note';
const definition = (version: string, scheduleList: unknown[]) => ({
  name: NAME,
  description: version,
  inputs: { type: 'object', properties: { topic: { type: 'string' } } },
  schedules: scheduleList,
  steps: [{ id: 'note', kind: 'llm', model: TEST_MODEL, prompt: 'say note about {{ has(inputs.topic) ? inputs.topic : "nothing" }}' }],
  outputs: { note: 'steps.note.output', run: 'run.id' },
});
const weekdays = { cron: '0 7 * * 1-5', timezone: 'Europe/Berlin', catchupWindow: '2h', overlap: 'buffer_one', inputs: { topic: 'alpha' } };
const daily = { cron: '@daily', paused: true, inputs: { topic: 'daily' } };

async function register(def: unknown, query = '', key = p.tenant.key) {
  const res = await p.api.inject({ method: 'POST', url: `/v1/workflows${query}`, headers: { ...p.auth(key), 'content-type': 'application/json' }, payload: JSON.stringify(def) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}
const post = async (path: string, body: unknown) => {
  const res = await p.api.inject({ method: 'POST', url: `/v1/workflows/${NAME}/${path}`, headers: p.auth(), payload: body as object });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const describeOf = async (tenantId: string, index: number) => {
  try {
    return await p.env.client.schedule.getHandle(scheduleIdOf(tenantId, NAME, index)).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
};
const inputOf = async (index: number) => (await describeOf(p.tenant.id, index))?.action.args?.[0] as { workflow: { version: number }; inputs: Record<string, unknown>; versionReason: string } | undefined;
const getRun = async (id: string) => (await p.api.inject({ method: 'GET', url: `/v1/runs/${id}`, headers: p.auth() })).json();

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, workflows: true });
  schedules = workflowSchedules({ store: p.runtime.store, temporal: p.env.client, config: p.config });
  await p.api.listen({ host: '127.0.0.1', port: 0 });
  const bound = p.api.server.address();
  apiUrl = `http://127.0.0.1:${typeof bound === 'object' && bound ? bound.port : 0}`;
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

describe('workflow schedules', () => {
  it('registering a definition creates its Temporal Schedules with the spec, policies and state it declares', async () => {
    await register(definition('v1', [weekdays, daily]));
    const first = await describeOf(p.tenant.id, 0);
    expect(first).toBeDefined();
    expect(first!.scheduleId).toBe(`keel-sched-${p.tenant.id}-morning%2Dnote-0`);
    expect(first!.spec.timezone).toBe('Europe/Berlin');
    expect(first!.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }], dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }] });
    expect(first!.policies).toMatchObject({ overlap: 'BUFFER_ONE', catchupWindow: 2 * 3600 * 1000 });
    expect(first!.state.paused).toBe(false);
    expect(first!.action).toMatchObject({ workflowType: 'RegisteredWorkflow', taskQueue: p.config.temporal.taskQueues.workflows });
    expect(first!.info.nextActionTimes.length).toBeGreaterThan(0);
    expect(await inputOf(0)).toMatchObject({ tenantId: p.tenant.id, workflow: { name: NAME, version: 1 }, inputs: { topic: 'alpha' }, versionReason: 'scheduled', schedule: { id: first!.scheduleId } });

    const second = await describeOf(p.tenant.id, 1);
    expect(second!.state.paused).toBe(true);
    expect(second!.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 3600 * 1000 });
    expect(await describeOf(p.tenant.id, 2)).toBeUndefined();
  });

  it("the schedule's action goes through the encrypted data converter: Temporal holds no plaintext input", async () => {
    const raw = await p.env.client.workflowService.describeSchedule({ namespace: p.config.temporal.namespace, scheduleId: scheduleIdOf(p.tenant.id, NAME, 0) });
    const payload = raw.schedule!.action!.startWorkflow!.input!.payloads![0];
    expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(payload.data!).toString('latin1')).not.toContain('alpha');
  });

  it('triggering a schedule starts a run that writes its own record, completes against the model and is listed with the runs', async () => {
    const before = model.requests.length;
    await p.env.client.schedule.getHandle(scheduleIdOf(p.tenant.id, NAME, 0)).trigger();
    const described = await eventually(async () => {
      const d = await describeOf(p.tenant.id, 0);
      return d && d.info.recentActions.length > 0 ? d : undefined;
    });
    const runId = described.info.recentActions[0].action.workflow.workflowId;
    expect(runId).toMatch(/^run_sched_[0-9a-f]{20}-/);
    const run = await eventually(async () => {
      const r = await getRun(runId);
      return r.status === 'completed' || r.status === 'failed' ? r : undefined;
    });
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run).toMatchObject({ id: runId, kind: 'workflow', agentName: NAME, agentVersion: 1, versionReason: 'scheduled', tenantId: p.tenant.id });
    expect(run.outcome.outputs).toEqual({ note: 'note about alpha', run: runId });
    expect(model.requests.slice(before).map((r) => r.messages.find((m) => m.role === 'user')?.content)).toContain('say note about alpha');
    // Audited as the schedule's doing, once.
    const audited = (await p.api.inject({ method: 'GET', url: `/v1/audit?action=run.started&targetId=${runId}`, headers: p.auth() })).json();
    expect(audited.entries).toEqual([expect.objectContaining({
      action: 'run.started', actor: { type: 'schedule', id: scheduleIdOf(p.tenant.id, NAME, 0) }, target: { type: 'run', id: runId },
      details: { workflow: NAME, version: 1, versionReason: 'scheduled' },
    })]);

    const listed = (await p.api.inject({ method: 'GET', url: '/v1/runs', headers: p.auth() })).json();
    expect(listed.runs.map((r: { id: string }) => r.id)).toContain(runId);
    const view = (await p.api.inject({ method: 'GET', url: `/v1/workflows/${NAME}/schedules`, headers: p.auth() })).json();
    expect(view.version).toBe(1);
    expect(view.schedules.map((s: { index: number; paused: boolean }) => [s.index, s.paused])).toEqual([[0, false], [1, true]]);
    expect(view.schedules[0]).toMatchObject({ cron: '0 7 * * 1-5', timezone: 'Europe/Berlin', overlap: 'buffer_one', catchupWindow: '2h', inputs: { topic: 'alpha' } });
    expect(view.schedules[0].nextRuns.length).toBeGreaterThan(0);
    expect(view.schedules[0].recentRuns.map((r: { runId: string }) => r.runId)).toEqual([runId]);
  });

  it('another tenant cannot see or touch the schedules: its own workflow of the same name has its own', async () => {
    const missing = await p.api.inject({ method: 'GET', url: `/v1/workflows/${NAME}/schedules`, headers: p.auth(p.otherTenant.key) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    await register(definition('other', []), '', p.otherTenant.key);
    const theirs = (await p.api.inject({ method: 'GET', url: `/v1/workflows/${NAME}/schedules`, headers: p.auth(p.otherTenant.key) })).json();
    expect(theirs.schedules).toEqual([]);
    expect(await describeOf(p.tenant.id, 0)).toBeDefined();
    expect(await describeOf(p.tenant.id, 1)).toBeDefined();
  });

  it('follows the stable version: a new stable version updates and deletes, rollback and promote move them back and forth', async () => {
    await register(definition('v2', [{ ...weekdays, cron: '30 6 * * *', inputs: { topic: 'beta' } }]));
    expect((await inputOf(0))!.workflow.version).toBe(1); // v2 takes no runs until promoted
    await post('promote', { version: 2 });
    expect(await inputOf(0)).toMatchObject({ workflow: { version: 2 }, inputs: { topic: 'beta' } });
    expect((await describeOf(p.tenant.id, 0))!.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(await describeOf(p.tenant.id, 1)).toBeUndefined();

    await post('rollback', {});
    expect(await inputOf(0)).toMatchObject({ workflow: { version: 1 }, inputs: { topic: 'alpha' } });
    expect((await describeOf(p.tenant.id, 1))!.state.paused).toBe(true);

    await post('promote', { version: 2 });
    expect((await inputOf(0))!.workflow.version).toBe(2);
    expect(await describeOf(p.tenant.id, 1)).toBeUndefined();
  });

  it('a pin moves the schedules to the pinned version; a new stable version without schedules deletes them', async () => {
    await post('pin', { version: 1 });
    expect((await inputOf(0))!.workflow.version).toBe(1);
    expect(await describeOf(p.tenant.id, 1)).toBeDefined();
    await post('pin', { version: null });
    expect((await inputOf(0))!.workflow.version).toBe(2);

    await register(definition('v3', []), '?stable=true');
    for (const i of [0, 1, 2]) expect(await describeOf(p.tenant.id, i)).toBeUndefined();
    const view = (await p.api.inject({ method: 'GET', url: `/v1/workflows/${NAME}/schedules`, headers: p.auth() })).json();
    expect(view).toEqual({ name: NAME, version: 3, schedules: [] });
  });

  it('reconciling is idempotent, and repairs what a crash between the label change and the schedules left', async () => {
    // The labels move in the store only, as if the API died before touching Temporal.
    await p.runtime.store.definitions.updateLabels(p.tenant.id, 'workflow', NAME, (l) => ({ ...l, stable: 1, previousStable: [...l.previousStable, l.stable] }));
    expect(await describeOf(p.tenant.id, 0)).toBeUndefined();
    const repaired = await schedules.reconcileAll();
    expect(repaired.failed).toEqual([]);
    expect(repaired.workflows).toBe(2);
    expect((await inputOf(0))!.workflow.version).toBe(1);
    expect(await schedules.reconcile(p.tenant.id, NAME)).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 2 });
    // Temporal's state changed by hand is put back to what the definition says.
    await p.env.client.schedule.getHandle(scheduleIdOf(p.tenant.id, NAME, 1)).unpause('by hand');
    expect(await schedules.reconcile(p.tenant.id, NAME)).toEqual({ created: 0, updated: 1, deleted: 0, unchanged: 1 });
    expect((await describeOf(p.tenant.id, 1))!.state.paused).toBe(true);
  });

  it('keel workflows schedules NAME prints them', async () => {
    const out = await cli(['workflows', 'schedules', NAME]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`${NAME}: 2 schedules (version 1)`);
    expect(out.stdout).toContain('[0] 0 7 * * 1-5 (Europe/Berlin)  overlap buffer_one  catch-up 2h');
    expect(out.stdout).toContain('[1] @daily (UTC) paused');
  });
});
