// Resuming a registered workflow's failed run over the API and the CLI: real Temporal dev server,
// the test MCP server, the vLLM stand-in (which records every request it gets). The new run reuses
// what the failed run's steps recorded — large values by their blob reference — and runs live from
// the step that failed, on the failed run's version or a newer one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { getRunOf, postAs, registerWorkflow, runEnded } from '../support/workflow-runs';
import { keelCli } from '../support/keel-cli';
import { validateDefinition, type WorkflowDefinitionInput } from '../../services/workflows';

let model: VllmStandin;
let p: TestPlatform;
let url: string;
const keel = keelCli(() => ({ url, key: p.tenant.key }));

type StepRecord = { id: string; status: string; output?: string; reused?: boolean; outputRef?: string };

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, workflows: true, config: { mcpServers: { tools: testMcpServer() } } });
  url = await p.api.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const register = (def: WorkflowDefinitionInput) => registerWorkflow(p, def);

const post = (path: string, payload?: Record<string, unknown>, key = p.tenant.key) => postAs(p, path, payload, key);
const getRun = (id: string) => getRunOf(p, id);
const ended = (id: string) => runEnded(p, id);
const stepsOf = (run: { steps: StepRecord[] }) => Object.fromEntries(run.steps.map((s) => [s.id, s]));
const userTexts = (from: number) => model.requests.slice(from).map((r) => String(r.messages.find((m) => m.role === 'user')?.content ?? ''));

const llm = (id: string, prompt: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'llm' as const, model: TEST_MODEL, prompt, ...extra });
const tool = (id: string, name: string, args: Record<string, unknown>) => ({ id, kind: 'tool' as const, server: 'tools', tool: name, arguments: args });

// Five steps; the fourth fails in version 1 (the tool errors) and is fixed in version 2.
type StepInput = ReturnType<typeof llm> | ReturnType<typeof tool>;
const v1Steps: StepInput[] = [
  llm('classify', 'classify {{ inputs.message }}', { outputSchema: { type: 'object', required: ['urgency'], properties: { urgency: { enum: ['low', 'high'] } } } }),
  tool('fetch', 'big', { bytes: 12_000, seed: 4 }),
  llm('draft', 'say draft for {{ steps.classify.output.urgency }}'),
  tool('send', 'fail', { message: 'mail server down' }),
  llm('answer', 'say sent {{ steps.send.output }} urgency {{ steps.classify.output.urgency }} fetched {{ size(steps.fetch.output) }}'),
];
const withSteps = (replace: Record<string, StepInput>): WorkflowDefinitionInput => ({
  name: 'mailer',
  inputs: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
  steps: v1Steps.map((s) => replace[s.id] ?? s),
  outputs: { answer: 'steps.answer.output', head: 'steps.fetch.output.substring(0, 3)' },
});
const v1 = withSteps({});
const v2 = withSteps({ send: tool('send', 'echo', { text: '{{ steps.draft.output }}' }) });
const v3 = withSteps({ draft: llm('draft', 'say redraft for {{ steps.classify.output.urgency }}'), send: tool('send', 'echo', { text: '{{ steps.draft.output }}' }) });

describe('resuming a failed run', () => {
  let failedId: string;

  beforeAll(async () => {
    expect(await register(v1)).toBe(1);
    expect(await register(v2)).toBe(2);
    expect(await register(v3)).toBe(3);
    const res = await post('/v1/workflows/mailer/runs', { inputs: { message: 'urgent: the mail' } });
    expect(res.statusCode, res.body).toBe(202);
    failedId = res.json().id;
    const failed = await ended(failedId);
    expect(failed.status).toBe('failed');
    expect(failed.outcome.error).toMatchObject({ code: 'tool_error', step: 'send' });
    expect(stepsOf(failed).fetch.outputRef).toBeDefined();
  });

  it('on version 2 (keel runs resume --version 2): reuses steps 1–3 with no model or tool call for them and completes', async () => {
    const before = model.requests.length;
    const cli = await keel(['runs', 'resume', failedId, '--version', '2']);
    expect(cli.code, cli.stderr).toBe(0);
    const id = /^run (\S+) resumes /.exec(cli.stdout)?.[1];
    expect(id, cli.stdout).toBeDefined();
    const run = await ended(id!);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    expect(run).toMatchObject({ kind: 'workflow', agentName: 'mailer', agentVersion: 2, versionReason: 'requested', resumedFrom: failedId });
    // Only the answer step asked the model; the classify and draft answers were the recorded ones.
    expect(userTexts(before)).toEqual(['say sent draft for high urgency high fetched 12000']);
    // The stored 12 KB tool result was served by its blob reference.
    expect(run.outcome.outputs).toEqual({ answer: 'sent draft for high urgency high fetched 12000', head: '#4 ' });
    const steps = stepsOf(run);
    for (const id of ['classify', 'fetch', 'draft']) expect(steps[id], id).toMatchObject({ status: 'succeeded', reused: true });
    expect(steps.send.reused).toBeUndefined();
    expect(run.usage).toMatchObject({ modelCalls: 1, toolCalls: 1 });
    const events = await p.runtime.store.runs.events(id!, 0);
    expect(events[0].data).toMatchObject({ resumedFrom: failedId, version: 2 });
  });

  it('on its own version by default (resumed), failing again at the same step without a model call; at the priority asked', async () => {
    const before = model.requests.length;
    const res = await post(`/v1/runs/${failedId}/resume`, { priority: 'batch' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ agentVersion: 1, versionReason: 'resumed', resumedFrom: failedId, status: 'running' });
    // Temporal's priority key for batch runs (services/workflows/runs.ts).
    expect((await p.env.client.workflow.getHandle(res.json().id).describe()).raw.workflowExecutionInfo?.priority?.priorityKey).toBe(5);
    const run = await ended(res.json().id);
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatchObject({ code: 'tool_error', step: 'send' });
    expect(model.requests.length - before).toBe(0);
  });

  it('runs a step a newer version changed again, and every step that reads it', async () => {
    const before = model.requests.length;
    const res = await post(`/v1/runs/${failedId}/resume`, { version: 3 });
    expect(res.statusCode, res.body).toBe(202);
    const run = await ended(res.json().id);
    expect(run.status, JSON.stringify(run.outcome)).toBe('completed');
    const steps = stepsOf(run);
    expect(steps.classify.reused).toBe(true);
    expect(steps.fetch.reused).toBe(true);
    expect(steps.draft.reused).toBeUndefined();
    expect(userTexts(before)).toEqual(['say redraft for high', 'say sent redraft for high urgency high fetched 12000']);
  });

  it('refuses runs still going (409), completed runs (409), agent runs (400), unknown versions and other tenants (404), and keys without the runs scope', async () => {
    await register({ name: 'holder', steps: [{ id: 'hold', kind: 'wait', signal: 'go', timeout: '10m' }] });
    const started = await post('/v1/workflows/holder/runs', { inputs: {} });
    const holding = started.json().id as string;
    const running = await post(`/v1/runs/${holding}/resume`);
    expect(running.statusCode).toBe(409);
    expect(running.json().error.code).toBe('run_not_finished');
    await post(`/v1/runs/${holding}/cancel`);
    expect((await ended(holding)).status).toBe('cancelled');

    const completed = (await p.runtime.store.runs.list(p.tenant.id, { limit: 50, status: 'completed' })).runs.find((r) => r.agentName === 'mailer')!;
    const done = await post(`/v1/runs/${completed.id}/resume`);
    expect(done.statusCode).toBe(409);
    expect(done.json().error.code).toBe('run_completed');

    const agent = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { name: 'helper', instructions: 'You help.', model: TEST_MODEL } });
    expect(agent.statusCode, agent.body).toBeLessThan(300);
    const agentRun = await post('/v1/runs', { agent: 'helper', input: 'direct' });
    const notWorkflow = await post(`/v1/runs/${agentRun.json().id}/resume`);
    expect(notWorkflow.statusCode).toBe(400);
    expect(notWorkflow.json().error.code).toBe('not_a_workflow_run');

    const unknownVersion = await post(`/v1/runs/${failedId}/resume`, { version: 99 });
    expect(unknownVersion.statusCode).toBe(404);
    expect((await post('/v1/runs/run_nope/resume')).statusCode).toBe(404);
    const otherTenant = await post(`/v1/runs/${failedId}/resume`, {}, p.otherTenant.key);
    expect(otherTenant.statusCode).toBe(404);
    expect((await post(`/v1/runs/${failedId}/resume`, { version: 2, extra: true })).statusCode).toBe(400);

    const readOnly = await p.runtime.store.tenants.createApiKey(p.tenant.id, 'reader', ['read']);
    const forbidden = await post(`/v1/runs/${failedId}/resume`, {}, readOnly.key);
    expect(forbidden.statusCode).toBe(403);
  });
});
