// Scale-out, as separate OS processes (test/support/cluster.ts): two API processes and two worker
// processes on one Temporal dev server, one PostgreSQL database, one NATS and one blob directory.
// Both APIs and both workers are ready with every check named; a run started on API A streams its
// events and token deltas through API B; the worker holding a run's in-flight model call is
// SIGKILLed and the other finishes the run with nothing lost and no side effect done twice; SIGTERM
// lets an in-flight model call finish before the worker exits. Timings go to .keel/ci/scale-out.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { startCluster, CLUSTER_MODEL, type Cluster, type KeelProcess } from '../support/cluster';
import { testPostgresUrl } from '../support/test-postgres';
import { duplicateSideEffects, readSideEffects } from '../support/counting-mcp-server';
import { reciteWords } from '../support/scripted-model';
import { deltaText, subscribeRunEvents, until, type SseMessage } from '../support/run-event-stream';
import { TEST_PAYLOAD_KEYS, testDataConverter } from '../support/temporal';

const ROOT = resolve(__dirname, '../..');
/** The quota tenant's burst: requests it may make before the bucket is empty (it refills one per 1000 s). */
const QUOTA = 6;

let c: Cluster;
let temporal: { connection: Connection; client: Client };
const timings: Record<string, unknown> = {};
const log = (line: string) => process.stderr.write(`[scale-out] ${line}\n`);

beforeAll(async () => {
  const serverUrl = testPostgresUrl();
  if (!serverUrl) throw new Error('the scale-out test needs PostgreSQL (unset KEEL_TEST_POSTGRES=off)');
  c = await startCluster({
    temporalCli: inject('temporalCliPath'),
    workflowBundle: inject('workflowBundlePath'),
    postgresServerUrl: serverUrl,
    apis: 2,
    workers: 2,
    tenants: ['main', 'quota'],
    rateLimit: (ids) => ({
      default: { requestsPerSecond: 1000, burst: 10_000 },
      tenants: { [ids.quota]: { requestsPerSecond: 0.001, burst: QUOTA } },
    }),
    log,
  });
  timings.startup = c.startup;
  mkdirSync(join(ROOT, '.keel/ci'), { recursive: true });
  const connection = await Connection.connect({ address: c.temporal.address });
  temporal = { connection, client: new Client({ connection, namespace: 'default', dataConverter: testDataConverter() }) };
  const res = await call(apiA(), 'POST', '/v1/agents', {
    name: 'counter', instructions: 'Count, then recite.', model: CLUSTER_MODEL, tools: [{ server: 'tools', tools: ['count'] }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 240_000);

afterAll(async () => {
  const dir = join(ROOT, '.keel/ci');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'scale-out.json'), `${JSON.stringify(timings, null, 2)}\n`);
  process.stdout.write(`scale-out timings (.keel/ci/scale-out.json): ${JSON.stringify(timings)}\n`);
  await temporal?.connection.close();
  await c?.close();
}, 60_000);

const apiA = () => c.apis[0];
const apiB = () => c.apis[1];

async function call(api: KeelProcess, method: 'GET' | 'POST', path: string, body?: unknown, key = c.tenants.main.key) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

async function startRun(input: string): Promise<{ id: string; startedAt: number }> {
  const startedAt = Date.now();
  const res = await call(apiA(), 'POST', '/v1/runs', { agent: 'counter', input });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return { id: res.body.id, startedAt };
}

/**
 * Replays the run's history with the workers' bundle in this process: undefined when it replays
 * deterministically, else the error. The history is kept in .keel/ci/ for a look afterwards.
 */
async function replayError(runId: string): Promise<string | undefined> {
  const history = await temporal.client.workflow.getHandle(runId).fetchHistory();
  // With the throwaway test key ring its payloads are encrypted with, so it replays elsewhere too.
  writeFileSync(join(ROOT, '.keel/ci', `scale-out-${runId}.history.json`), JSON.stringify({ payloadKeys: TEST_PAYLOAD_KEYS, history }));
  try {
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: testDataConverter() }, history, runId);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** What the run, its workflow, the stream and the processes say, for a failure message. */
async function diagnose(runId: string, stream: { status(): number; messages: SseMessage[] }): Promise<string> {
  const run = await call(apiA(), 'GET', `/v1/runs/${runId}`).catch((err) => ({ body: String(err) }));
  const handle = temporal.client.workflow.getHandle(runId);
  const pending = await handle.describe().then(
    (d) => JSON.stringify({ status: d.status.name, task: d.raw.pendingWorkflowTask, activities: d.raw.pendingActivities?.map((a) => [a.activityType?.name, a.attempt, a.state, a.lastWorkerIdentity, a.lastFailure?.message]) }),
    (err) => String(err));
  const history = await handle.fetchHistory().then((h) => (h.events ?? []).slice(-12).map((e) => `${e.eventId}:${e.eventType}`).join(' '), (err) => String(err));
  const { status, steps } = (run.body ?? {}) as { status?: string; steps?: unknown[] };
  return `stream ${stream.status()}, ${stream.messages.length} messages, last ${JSON.stringify(stream.messages.slice(-3))}; ` +
    `run ${status} with ${steps?.length} steps; workflow ${pending}; history … ${history}; replay: ${await replayError(runId).catch((e) => String(e))}; model ${JSON.stringify(await c.model.requests())}\n` +
    [...c.apis, ...c.workers].map((p) => p.output().slice(-1200)).join('\n');
}

async function waitFor(check: () => boolean, ms: number, runId: string, stream: { status(): number; messages: SseMessage[] }) {
  try {
    await until(check, ms);
  } catch {
    throw new Error(`timed out after ${ms} ms: ${await diagnose(runId, stream)}`);
  }
}

/** The stream ends (after run.finished), or the test fails saying where the run is. */
async function streamEnds(runId: string, stream: { done: Promise<void>; status(): number; messages: SseMessage[] }, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((ok) => (timer = setTimeout(() => ok('late'), ms)));
  const outcome = await Promise.race([stream.done.then(() => 'ended' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') throw new Error(`the stream of ${runId} did not end within ${ms} ms: ${await diagnose(runId, stream)}`);
}

const durable = (messages: SseMessage[]) => messages.filter((m) => m.event !== 'delta' && m.event !== 'resync');
const modelSteps = (messages: SseMessage[]) => messages.filter((m) => m.event === 'step.started' && m.data.kind === 'model').map((m) => Number(m.id));

/** Deltas of the step opened by event `step` arrive in order, each starting where the previous ended. */
function expectContiguous(messages: SseMessage[], step: number) {
  let at = 0;
  for (const d of messages.filter((m) => m.event === 'delta' && m.id!.startsWith(`${step}.`))) {
    expect(d.data.offset).toBe(at);
    at += String(d.data.text).length;
  }
}

/** The run's stored events (what the store holds) against what B's stream delivered: every one, in order, once. */
async function expectEveryEvent(runId: string, messages: SseMessage[]) {
  const stored = (await c.store.runs.events(runId, 0)).map((e) => [String(e.id), e.type]);
  expect(stored.at(-1)![1]).toBe('run.finished');
  expect(stored.map(([i]) => Number(i))).toEqual(stored.map((_, i) => i + 1));
  expect(durable(messages).map((m) => [m.id, m.event])).toEqual(stored);
}

/** The worker process whose Temporal identity (`pid@host`) runs the run's pending model call. */
async function modelCallHolder(runId: string): Promise<KeelProcess> {
  let identity = '';
  await expect.poll(async () => {
    const d = await temporal.client.workflow.getHandle(runId).describe();
    const pending = (d.raw.pendingActivities ?? []).find((a) => a.activityType?.name === 'callModel');
    identity = pending?.lastWorkerIdentity ?? '';
    return identity;
  }, { timeout: 15_000, interval: 100 }).not.toBe('');
  const holder = c.workers.find((w) => `${w.pid}@${hostname()}` === identity);
  if (!holder) throw new Error(`no worker process has identity ${identity} (workers: ${c.workers.map((w) => w.pid).join(', ')})`);
  return holder;
}

/** Every callModel attempt in the run's history: the identity that started it and how it ended. */
async function modelCallAttempts(runId: string) {
  const history = await temporal.client.workflow.getHandle(runId).fetchHistory();
  const events = history.events ?? [];
  const scheduled = new Map<string, number>();
  for (const e of events) if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'callModel') scheduled.set(String(e.eventId), scheduled.size);
  const out: Array<{ call: number; attempt: number; identity: string; outcome: string }> = [];
  for (const e of events) {
    const started = e.activityTaskStartedEventAttributes;
    if (started && scheduled.has(String(started.scheduledEventId))) {
      out.push({ call: scheduled.get(String(started.scheduledEventId))!, attempt: started.attempt ?? 0, identity: started.identity ?? '', outcome: 'started' });
    }
    const ended = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
    if (ended && scheduled.has(String(ended.scheduledEventId))) {
      const outcome = e.activityTaskCompletedEventAttributes ? 'completed' : e.activityTaskFailedEventAttributes ? 'failed' : e.activityTaskTimedOutEventAttributes ? 'timed_out' : 'cancelled';
      const last = out.findLast((a) => a.call === scheduled.get(String(ended.scheduledEventId)));
      if (last) last.outcome = outcome;
    }
  }
  return out;
}

describe('scale-out: two APIs, two workers, one Temporal, PostgreSQL and NATS', () => {
  it('both APIs and both workers are live and ready, naming every check', async () => {
    const apiChecks = { blobs: 'ok', bus: 'ok', models: 'ok', store: 'ok', temporal: 'ok', vector: 'ok' };
    for (const p of [...c.apis, ...c.workers]) {
      expect((await fetch(`${p.url}/livez`)).status, p.name).toBe(200);
      const res = await fetch(`${p.url}/readyz`);
      const body = await res.json();
      expect(res.status, `${p.name}: ${JSON.stringify(body)}`).toBe(200);
      expect(body, p.name).toEqual({ ready: true, degraded: false, checks: c.workers.includes(p) ? { ...apiChecks, workers: 'ok' } : apiChecks });
    }
  });

  it('a run started through API A streams every event and token delta through API B, which lists and shows it', async () => {
    await c.model.setFaults({ tokenDelayMs: 10 });
    const { id, startedAt } = await startRun('count-then-recite stream-1 80');
    const onB = subscribeRunEvents(apiB().url, id, c.tenants.main.key);
    await waitFor(() => onB.messages.length > 0, 30_000, id, onB);
    timings.cross_api_first_event_ms = Date.now() - startedAt;
    await waitFor(() => onB.messages.some((m) => m.event === 'delta'), 30_000, id, onB);
    timings.cross_api_first_delta_ms = Date.now() - startedAt;
    await streamEnds(id, onB, 60_000);
    timings.cross_api_run_ms = Date.now() - startedAt;
    expect(onB.status()).toBe(200);

    await expectEveryEvent(id, onB.messages);
    const [, answerStep] = modelSteps(onB.messages);
    expect(deltaText(onB.messages, answerStep)).toBe(reciteWords(80));
    expectContiguous(onB.messages, answerStep);

    const shown = await call(apiB(), 'GET', `/v1/runs/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id, status: 'completed' });
    const listed = await call(apiB(), 'GET', '/v1/runs?limit=50');
    expect(listed.body.runs.map((r: { id: string }) => r.id)).toContain(id);
    expect(readSideEffects(c.countingDir).filter((e) => e.label === 'stream-1')).toHaveLength(1);
  }, 90_000);

  it('SIGKILL on the worker running a model call: the other worker finishes the run, nothing lost or done twice', async () => {
    // Slow enough that the answer is mid-stream when the worker dies.
    await c.model.setFaults({ tokenDelayMs: 150 });
    const { id } = await startRun('count-then-recite failover-1 120');
    const onB = subscribeRunEvents(apiB().url, id, c.tenants.main.key);
    await waitFor(() => modelSteps(onB.messages).length === 2 && deltaText(onB.messages, modelSteps(onB.messages)[1]).length > 0, 30_000, id, onB);
    const victim = await modelCallHolder(id);
    const survivor = c.workers.find((w) => w !== victim)!;
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await victim.exited;
    await c.model.setFaults({ tokenDelayMs: 2 });
    log(`SIGKILLed ${victim.name} (pid ${victim.pid}) mid-answer; waiting for ${survivor.name}`);

    await streamEnds(id, onB, 100_000);
    timings.failover_kill_to_completion_ms = Date.now() - killedAt;

    const run = await call(apiA(), 'GET', `/v1/runs/${id}`);
    expect(run.body.status).toBe('completed');
    await expectEveryEvent(id, onB.messages);
    // The answer's text arrived whole and exactly once, though its model call ran twice.
    const [, answerStep] = modelSteps(onB.messages);
    expect(deltaText(onB.messages, answerStep)).toBe(reciteWords(120));
    expectContiguous(onB.messages, answerStep);
    // The tool's side effect (done before the kill) happened once.
    const effects = readSideEffects(c.countingDir);
    expect(effects.filter((e) => e.label === 'failover-1')).toHaveLength(1);
    expect(duplicateSideEffects(effects).count).toBe(0);
    // The answer's call (its first attempt was the victim's, seen pending above): the survivor's second attempt completed it.
    expect((await modelCallAttempts(id)).filter((a) => a.call === 1)).toEqual([
      { call: 1, attempt: 2, identity: `${survivor.pid}@${hostname()}`, outcome: 'completed' },
    ]);
    expect((await c.model.requests()).firstUser.filter((u) => u.includes('failover-1'))).toHaveLength(3);
    expect(await replayError(id)).toBeUndefined();
    c.workers.splice(c.workers.indexOf(victim), 1);
  }, 150_000);

  it('SIGTERM lets the in-flight model call finish on the same worker before the process exits', async () => {
    const started = Date.now();
    c.workers.push(await c.addWorker());
    timings.replacement_worker_ready_ms = Date.now() - started;
    await c.model.setFaults({ tokenDelayMs: 60 });
    const { id } = await startRun('count-then-recite drain-1 60');
    const onA = subscribeRunEvents(apiA().url, id, c.tenants.main.key);
    await waitFor(() => modelSteps(onA.messages).length === 2 && deltaText(onA.messages, modelSteps(onA.messages)[1]).length > 0, 30_000, id, onA);
    const victim = await modelCallHolder(id);
    const termAt = Date.now();
    victim.child.kill('SIGTERM');
    const exit = await victim.exited;
    timings.drain_sigterm_to_exit_ms = exit.at - termAt;
    expect(exit, victim.output()).toMatchObject({ code: 0, signal: null });
    await streamEnds(id, onA, 60_000);

    expect((await call(apiB(), 'GET', `/v1/runs/${id}`)).body.status).toBe('completed');
    // One attempt of the answer's call, started and completed by the worker that was told to stop.
    expect((await modelCallAttempts(id)).filter((a) => a.call === 1)).toEqual([
      { call: 1, attempt: 1, identity: `${victim.pid}@${hostname()}`, outcome: 'completed' },
    ]);
    const [, answerStep] = modelSteps(onA.messages);
    expect(deltaText(onA.messages, answerStep)).toBe(reciteWords(60));
    expect(await replayError(id)).toBeUndefined();
    c.workers.splice(c.workers.indexOf(victim), 1);
    await c.model.setFaults({});
  }, 120_000);

  // (5) "A tenant's quota holds across both APIs." The rate limit is counted in the shared store
  // (api.rateLimit.backend: store, the default), so the two APIs admit the tenant's burst once
  // between them: the first test sends the requests alternately, the second counts what was admitted.
  const quotaStatuses: number[] = [];
  it('a tenant\'s rate limit is enforced on both APIs (requests alternate between them)', async () => {
    for (let i = 0; i < QUOTA * 3; i++) {
      const res = await fetch(`${(i % 2 === 0 ? apiA() : apiB()).url}/v1/agents`, { headers: { authorization: `Bearer ${c.tenants.quota.key}` } });
      await res.arrayBuffer();
      expect(res.headers.get('ratelimit-limit')).toBe(String(QUOTA));
      quotaStatuses.push(res.status);
    }
    expect(quotaStatuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(quotaStatuses).toContain(429);
    timings.quota_admitted = quotaStatuses.filter((s) => s === 200).length;
  });

  it('a tenant\'s quota holds across both APIs: they admit its burst once between them', () => {
    expect(quotaStatuses).toHaveLength(QUOTA * 3);
    expect(quotaStatuses.filter((s) => s === 200)).toHaveLength(QUOTA);
  });
});
