// RegisteredWorkflow end to end: real Temporal dev server, the test MCP server as a process, the
// vLLM stand-in with scripted answers, the HTTP API. Every step kind, control flow, errors,
// approvals, cancellation, limits, the event stream and claim-checked values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { getRunOf, llmStep, registerWorkflow, runEnded, startWorkflowRun, stepsOf, toolStep, type StepRecord } from '../support/workflow-runs';
import { expectFreshReplay, saveHistory, withSlowProgressWrites } from '../support/histories';
import { validateDefinition, type WorkflowDefinitionInput, type WorkflowRunInput } from '../../services/workflows';
import { DirectorySource, runIngestion } from '../../services/ingest';
import { RegisteredWorkflow, workflowSignal } from '../../workflows';

let model: VllmStandin;
let p: TestPlatform;
const sideEffects = join(mkdtempSync(join(tmpdir(), 'keel-wf-')), 'side-effects.log');

const register = (def: WorkflowDefinitionInput) => registerWorkflow(p, def);
const start = (name: string, inputs: Record<string, unknown> = {}, key = p.tenant.key) => startWorkflowRun(p, name, inputs, key);

const getRun = (id: string) => getRunOf(p, id);
const ended = (id: string) => runEnded(p, id);
const modelRequests = () => model.requests.length;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({
    modelUrl: model.url,
    workflows: true,
    config: { mcpServers: { tools: testMcpServer({ SIDE_EFFECT_LOG: sideEffects }) } },
  });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const llm = llmStep;
const tool = toolStep;

describe('RegisteredWorkflow', () => {
  const triage: WorkflowDefinitionInput = {
    name: 'triage',
    inputs: { type: 'object', required: ['message', 'scenario'], properties: { message: { type: 'string' }, scenario: { type: 'string' } } },
    steps: [
      { id: 'prepare', kind: 'set', values: { text: 'inputs.message + "!"' } },
      llm('classify', '{{ inputs.scenario }} {{ vars.text }}', {
        system: 'You triage support messages.',
        outputSchema: { type: 'object', required: ['urgency'], properties: { urgency: { enum: ['low', 'high'] } } },
      }),
      {
        id: 'route', kind: 'branch',
        cases: [{ when: 'steps.classify.output.urgency == "high"', steps: [tool('page', 'add', { a: 2, b: 3 })] }],
        else: [{ id: 'note', kind: 'set', values: { routed: '"low"' } }],
      },
      tool('shout', 'echo', { text: '{{ vars.text }}' }),
      llm('answer', 'say urgency {{ steps.classify.output.urgency }} paged {{ steps.page.status }}'),
    ],
    outputs: { answer: 'steps.answer.output', urgency: 'steps.classify.output.urgency', route: 'steps.route.output' },
  };

  it('runs set → llm (output schema) → branch → tool → llm, recording every step and the outputs', async () => {
    await register(triage);
    const id = await start('triage', { message: 'urgent: the turbine is down', scenario: 'classify' });
    const run = await ended(id);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.kind).toBe('workflow');
    expect(run.agentName).toBe('triage');
    expect(run.versionReason).toBe('stable');
    expect(run.outcome.outputs).toEqual({ answer: 'urgency high paged succeeded', urgency: 'high', route: { sum: 5 } });
    expect(run.steps.map((s: StepRecord) => `${s.id}:${s.kind}:${s.status}`)).toEqual([
      'prepare:set:succeeded', 'classify:llm:succeeded', 'route:branch:succeeded', 'note:set:skipped', 'page:tool:succeeded',
      'shout:tool:succeeded', 'answer:llm:succeeded',
    ]);
    expect(stepsOf(run).shout.output).toBe('urgent: the turbine is down!');
    expect(run.usage.modelCalls).toBe(2);
    expect(run.usage.toolCalls).toBe(2);
    expect(stepsOf(run).classify.attempt).toBe(1);
    const usage = await p.runtime.store.db.selectFrom('model_usage').select(['agent', 'workflow', 'total_tokens']).where('run_id', '=', id).execute();
    expect(usage.map((u) => `${u.agent}:${u.workflow}`)).toEqual(['null:triage', 'null:triage']);
    expect(usage.reduce((n, u) => n + Number(u.total_tokens), 0)).toBe(run.usage.totalTokens);
    const events = await p.runtime.store.runs.events(id, 0);
    expect(events[0].type).toBe('run.started');
    expect(events.at(-1)!.type).toBe('run.finished');
    // Every event reached the store, whichever write carried it (a progress write, a model or tool call, the outcome).
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'step.started')).toHaveLength(7);
    expect(events.find((e) => e.type === 'step.finished' && e.data.id === 'page')!.data).toMatchObject({ kind: 'tool', status: 'succeeded', output: '{"sum":5}' });
    await saveHistory(p.config.temporal.address!, id, 'workflow-triage');
    await expectFreshReplay(p.env.client, id);
  });

  it('repairs an answer that breaks the output schema once, and fails the step when the repair breaks it too', async () => {
    const repaired = await ended(await start('triage', { message: 'the printer is slow', scenario: 'sloppy' }));
    expect(repaired.status).toBe('completed');
    expect(repaired.outcome.outputs.urgency).toBe('low');
    expect(repaired.outcome.outputs.answer).toBe('urgency low paged skipped');
    expect(stepsOf(repaired).note.status).toBe('succeeded');
    expect(stepsOf(repaired).page.status).toBe('skipped');
    expect(repaired.usage.modelCalls).toBe(3);

    const failed = await ended(await start('triage', { message: 'hm', scenario: 'stubborn' }));
    expect(failed.status).toBe('failed');
    expect(failed.outcome.error).toMatchObject({ code: 'invalid_output', step: 'classify' });
    expect(stepsOf(failed).answer).toBeUndefined();
  });

  it('refuses inputs that break the inputs schema (400, with the path) and unknown workflows (404)', async () => {
    const bad = await p.api.inject({ method: 'POST', url: '/v1/workflows/triage/runs', headers: p.auth(), payload: { inputs: { message: 3 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_inputs');
    expect(bad.json().error.message).toMatch(/inputs\/message must be string|must have required property 'scenario'/);
    const unknown = await p.api.inject({ method: 'POST', url: '/v1/workflows/nope/runs', headers: p.auth(), payload: { inputs: {} } });
    expect(unknown.statusCode).toBe(404);
    const otherTenant = await p.api.inject({ method: 'POST', url: '/v1/workflows/triage/runs', headers: p.auth(p.otherTenant.key), payload: { inputs: {} } });
    expect(otherTenant.statusCode).toBe(404);
    const extra = await p.api.inject({ method: 'POST', url: '/v1/workflows/triage/runs', headers: p.auth(), payload: { inputs: {}, sneaky: true } });
    expect(extra.statusCode).toBe(400);
  });

  it('searches a collection in a retrieve step and records a retriever observation with the scores', async () => {
    const docs = mkdtempSync(join(tmpdir(), 'keel-wf-docs-'));
    writeFileSync(join(docs, 'yaw.md'), '# Yaw\n\nThe yaw brake holds the nacelle into the wind.');
    writeFileSync(join(docs, 'tower.md'), '# Tower\n\nClimb the tower ladder only with a fall arrester.');
    await runIngestion(new DirectorySource(docs, ['**/*'], []), { store: p.runtime.vectors }, { tenantId: p.tenant.id, collection: 'handbook' });
    await register({
      name: 'lookup',
      steps: [
        { id: 'search', kind: 'retrieve', collection: 'handbook', query: '{{ inputs.q }}', mode: 'lexical', topK: 2 },
        llm('answer', 'say {{ steps.search.output.results[0].title }}', { if: 'size(steps.search.output.results) > 0' }),
      ],
      outputs: { answer: 'steps.answer.output', top: 'steps.search.output.results[0].documentId', scored: 'steps.search.output.results.all(r, r.score > 0.0)' },
    });
    const run = await ended(await start('lookup', { q: 'yaw brake nacelle' }));
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.outputs.answer).toBe('Yaw');
    expect(run.outcome.outputs.scored).toBe(true);
    const trace = await eventually(async () => {
      const res = await p.api.inject({ method: 'GET', url: `/v1/traces/${run.trace.traceId}`, headers: p.auth() });
      const body = res.statusCode === 200 ? res.json() : undefined;
      return body?.observations?.some((o: { type: string }) => o.type === 'retriever') ? body : undefined;
    });
    const retriever = trace.observations.find((o: { type: string }) => o.type === 'retriever');
    expect(retriever.name).toBe('search:handbook');
    expect(retriever.input).toEqual({ query: 'yaw brake nacelle', collection: 'handbook' });
    expect(retriever.output[0]).toMatchObject({ title: 'Yaw', score: expect.any(Number) });
    expect(trace.trace.name ?? trace.trace.metadata).toBeDefined();
  });

  it('fans out with map at its concurrency limit and joins parallel branches', async () => {
    await register({
      name: 'fan',
      steps: [
        {
          id: 'each', kind: 'map', over: 'inputs.items', as: 'it', concurrency: 2,
          steps: [tool('nap', 'slow', { ms: 400 }), tool('say', 'echo', { text: 'item {{ it }}' })],
        },
        { id: 'both', kind: 'parallel', branches: { left: [tool('l', 'echo', { text: 'left' })], right: [tool('r', 'add', { a: 1, b: 2 })] } },
      ],
      outputs: { each: 'steps.each.output', both: 'steps.both.output' },
    });
    const id = await start('fan', { items: [1, 2, 3, 4, 5] });
    const run = await ended(id);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.outputs).toEqual({ each: ['item 1', 'item 2', 'item 3', 'item 4', 'item 5'], both: { left: 'left', right: { sum: 3 } } });
    const naps = run.steps.filter((s: StepRecord) => /^each\[\d\]\.nap$/.test(s.id)).map((s: StepRecord): [number, number] => [Date.parse(s.startedAt), Date.parse(s.endedAt!)]);
    expect(naps).toHaveLength(5);
    // At every moment at most two items ran, and at some moment two did.
    const overlap = (t: number) => naps.filter((n: [number, number]) => n[0] <= t && t < n[1]).length;
    const most = Math.max(...naps.map((n: [number, number]) => overlap(n[0])));
    expect(most).toBe(2);
    await saveHistory(p.config.temporal.address!, id, 'workflow-map-parallel');
    await expectFreshReplay(p.env.client, id);
  });

  it('replays a fan-out whose progress writes end after the steps they were written beside', async () => {
    // A slow store: each progress write is still running when the next steps end.
    await withSlowProgressWrites(p.runtime.store.runs, 300, async () => {
      const id = await start('fan', { items: [1, 2, 3] });
      const run = await ended(id);
      expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
      expect(run.steps.filter((s: StepRecord) => /^each\[\d\]\.say$/.test(s.id))).toHaveLength(3);
      await expectFreshReplay(p.env.client, id);
    });
  });

  it('runs the failed step\'s compensation and fails the run with its error', async () => {
    await register({
      name: 'saga',
      steps: [
        tool('charge', 'record_side_effect', { value: 'charged' }, { approval: { policy: 'never' } }),
        tool('ship', 'fail', { message: 'warehouse closed' }, {
          onError: { compensate: [tool('refund', 'echo', { text: 'refund {{ steps.charge.output.value }} because {{ steps.ship.error.message }}' })] },
        }),
        { id: 'after', kind: 'set', values: { x: '1' } },
      ],
    });
    const run = await ended(await start('saga'));
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toEqual({ code: 'tool_error', message: 'warehouse closed', step: 'ship' });
    const steps = stepsOf(run);
    expect(steps.refund).toMatchObject({ status: 'succeeded', compensation: true, output: 'refund charged because warehouse closed' });
    expect(steps.ship.status).toBe('failed');
    expect(steps.after).toBeUndefined();
  });

  it('retries a failing step with backoff, then continues with the fallback value; a step past its timeout fails with timeout', async () => {
    await register({
      name: 'flaky',
      steps: [
        tool('flaky', 'fail', { message: 'nope' }, {
          retry: { attempts: 3, backoff: { initial: '100ms', factor: 1 } },
          onError: { continue: { value: '"fallback: " + steps.flaky.error.message' } },
        }),
        tool('late', 'slow', { ms: 5000 }, { timeout: '300ms', onError: { continue: { value: 'steps.late.error.code' } } }),
      ],
      outputs: { flaky: 'steps.flaky.output', late: 'steps.late.output', status: 'steps.flaky.status' },
    });
    const run = await ended(await start('flaky'));
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run.outcome.outputs).toEqual({ flaky: 'fallback: nope', late: 'timeout', status: 'succeeded' });
    const steps = stepsOf(run);
    expect(steps.flaky).toMatchObject({ attempt: 3, status: 'succeeded', continued: true, error: { code: 'tool_error', message: 'nope' } });
    expect(steps.late.error?.code).toBe('timeout');
  });

  it('waits for a person at approval steps and destructive tools; an approval nobody answers takes its default', async () => {
    await register({
      name: 'sign-off',
      steps: [
        { id: 'ok', kind: 'approval', message: 'Ship {{ inputs.n }} parcels?', timeout: '1h' },
        tool('charge', 'record_side_effect', { value: 'charged' }, { if: 'steps.ok.output.decision == "approve"' }),
      ],
      outputs: { decision: 'steps.ok.output' },
    });
    const id = await start('sign-off', { n: 3 });
    const first = await eventually(async () => {
      const r = await getRun(id);
      return r.status === 'awaiting_approval' && r.pendingApprovals.length === 1 ? r : undefined;
    });
    expect(first.pendingApprovals[0]).toMatchObject({ toolCallId: 'ok', message: 'Ship 3 parcels?' });
    // Started by the API, the run does not record itself: its trace starts with its run.started write.
    const live = await eventually<{ trace: { name?: string } }>(async () => {
      const res = await p.api.inject({ method: 'GET', url: `/v1/traces/${first.trace.traceId}`, headers: p.auth() });
      return res.statusCode === 200 ? res.json() : undefined;
    });
    expect(live.trace).toMatchObject({ name: expect.stringContaining('sign-off') });
    const approve = await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(), payload: { toolCallId: 'ok', decision: 'approve', reason: 'fine' } });
    expect(approve.statusCode, approve.body).toBe(200);
    const second = await eventually(async () => {
      const r = await getRun(id);
      return r.status === 'awaiting_approval' && r.pendingApprovals[0]?.toolCallId === 'charge' ? r : undefined;
    });
    expect(second.pendingApprovals[0]).toMatchObject({ server: 'tools', tool: 'record_side_effect', arguments: { value: 'charged' } });
    const unknown = await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(), payload: { toolCallId: 'nope', decision: 'approve' } });
    expect(unknown.statusCode).toBe(409);
    await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/approvals`, headers: p.auth(), payload: { toolCallId: 'charge', decision: 'reject', reason: 'too much' } });
    const run = await ended(id);
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatchObject({ code: 'approval_rejected', step: 'charge' });
    expect(run.outcome.error.message).toMatch(/too much/);
    const events = (await p.runtime.store.runs.events(id, 0)).map((e) => e.type);
    expect(events.filter((t) => t === 'approval.needed')).toHaveLength(2);
    expect(events.filter((t) => t === 'approval.decided')).toHaveLength(2);
    await saveHistory(p.config.temporal.address!, id, 'workflow-approvals');
    await expectFreshReplay(p.env.client, id);

    await register({
      name: 'default-decision',
      steps: [{ id: 'ok', kind: 'approval', message: 'Proceed?', timeout: '1s', defaultDecision: 'approve' }],
      outputs: { decision: 'steps.ok.output' },
    });
    const timedOut = await ended(await start('default-decision'));
    expect(timedOut.status).toBe('completed');
    expect(timedOut.outcome.outputs.decision).toEqual({ decision: 'approve', timedOut: true });
  });

  it('cancels the work in flight, then runs the compensation of the steps that completed', async () => {
    await register({
      name: 'cancel-me',
      steps: [
        tool('reserve', 'echo', { text: 'seat 4' }, { onError: { compensate: [tool('release', 'echo', { text: 'release {{ steps.reserve.output }}' })] } }),
        tool('hold', 'slow', { ms: 60_000 }),
      ],
    });
    const id = await start('cancel-me');
    await eventually(async () => (await p.runtime.store.runs.events(id, 0)).some((e) => e.type === 'step.started' && e.data.id === 'hold'));
    const res = await p.api.inject({ method: 'POST', url: `/v1/runs/${id}/cancel`, headers: p.auth() });
    expect(res.statusCode).toBe(202);
    const run = await ended(id);
    expect(run.status).toBe('cancelled');
    const steps = stepsOf(run);
    expect(steps.hold).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    expect(steps.release).toMatchObject({ status: 'succeeded', compensation: true, output: 'release seat 4' });
    expect(steps.release.index).toBeGreaterThan(steps.hold.index);
    await saveHistory(p.config.temporal.address!, id, 'workflow-cancelled-compensated');
    await expectFreshReplay(p.env.client, id);
  });

  it('stops at the token budget and at the deadline', async () => {
    await register({
      name: 'spender',
      limits: { maxTotalTokens: 700 },
      steps: [llm('a', 'costly'), llm('b', 'costly'), llm('c', 'costly')],
    });
    const spent = await ended(await start('spender'));
    expect(spent.status).toBe('budget_exceeded');
    expect(spent.outcome.limit).toBe('max_total_tokens');
    expect(spent.usage.modelCalls).toBe(2);
    expect(spent.usage.totalTokens).toBe(1200);

    await register({ name: 'slowpoke', limits: { deadline: '2s' }, steps: [{ id: 'nap', kind: 'wait', duration: '10m' }] });
    const late = await ended(await start('slowpoke'));
    expect(late.status).toBe('budget_exceeded');
    expect(late.outcome.limit).toBe('deadline');
  });

  it('waits for a signal, and fails the wait with timeout when none comes', async () => {
    await register({
      name: 'signalled',
      steps: [
        { id: 'go', kind: 'wait', signal: 'go_ahead', timeout: '1m' },
        { id: 'late', kind: 'wait', signal: 'never', timeout: '500ms', onError: { continue: { value: 'steps.late.error.code' } } },
      ],
      outputs: { go: 'steps.go.output', late: 'steps.late.output' },
    });
    const id = await start('signalled');
    await eventually(async () => (await p.runtime.store.runs.events(id, 0)).some((e) => e.type === 'step.started' && e.data.id === 'go'));
    await p.env.client.workflow.getHandle(id).signal(workflowSignal, { name: 'go_ahead', payload: { ok: true } });
    const run = await ended(id);
    expect(run.outcome.outputs).toEqual({ go: { ok: true }, late: 'timeout' });
  });

  it('records its own run when started without the API, and reuses recorded step results (resume)', async () => {
    const definition = validateDefinition(triage);
    if (!definition.ok) throw new Error('invalid');
    const runId = `run_resume${Date.now().toString(36)}`;
    const before = modelRequests();
    const input: WorkflowRunInput = {
      runId, tenantId: p.tenant.id, workflow: { name: 'triage', version: 1, definition: definition.definition },
      inputs: { message: 'urgent: again', scenario: 'classify' }, priority: 'batch', limits: { deadlineSeconds: 600 },
      inlineBytes: 2048, contextMaxTokens: 128_000, agentDefaults: { maxSteps: 20, maxTotalTokens: 200_000, stepsPerHistory: 40 },
      recorded: {
        prepare: { status: 'succeeded', output: { text: 'recorded text' } },
        classify: { status: 'succeeded', output: { urgency: 'high' } },
        page: { status: 'failed', output: null },
      },
    };
    await p.env.client.workflow.execute(RegisteredWorkflow, { workflowId: runId, taskQueue: p.config.temporal.taskQueues.workflows, args: [input] });
    const run = await ended(runId);
    expect(run.status).toBe('completed');
    expect(run.kind).toBe('workflow');
    const steps = stepsOf(run);
    expect(steps.classify).toMatchObject({ reused: true, status: 'succeeded' });
    expect(steps.page.reused).toBeUndefined();
    expect(steps.page.status).toBe('succeeded');
    // The reused `set` step's variables are what later steps read.
    expect(steps.shout.output).toBe('recorded text');
    // Only the answer step asked the model.
    expect(modelRequests() - before).toBe(1);
  });
});
