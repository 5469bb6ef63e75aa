// Signalling a registered workflow's `wait` step over HTTP (POST /v1/runs/:id/signals/:name) and the
// CLI: real Temporal dev server and API. The payload is the step's output, which later steps read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { scriptedModel } from '../support/scripted-model';
import { eventually, startPlatform, TEST_MODEL, type TestPlatform } from '../support/platform';
import { getRunOf, postAs, registerWorkflow, runEnded } from '../support/workflow-runs';
import { keelCli } from '../support/keel-cli';
import { validateDefinition, type WorkflowDefinitionInput } from '../../services/workflows';

let model: VllmStandin;
let p: TestPlatform;
let url: string;
const keel = keelCli(() => ({ url, key: p.tenant.key }));

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  p = await startPlatform({ modelUrl: model.url, workflows: true });
  url = await p.api.listen({ port: 0, host: '127.0.0.1' });
  await register({
    name: 'door',
    steps: [
      { id: 'knock', kind: 'wait', signal: 'open', timeout: '10m' },
      { id: 'greet', kind: 'set', values: { who: 'steps.knock.output.who', count: 'size(steps.knock.output.items)' } },
      { id: 'again', kind: 'wait', signal: 'close', timeout: '10m' },
    ],
    outputs: { who: 'vars.who', count: 'vars.count', closed: 'steps.again.output' },
  });
});

afterAll(async () => {
  await p?.close();
  await model?.close();
});

const register = (def: WorkflowDefinitionInput) => registerWorkflow(p, def);

const post = (path: string, payload?: Record<string, unknown>, key = p.tenant.key) => postAs(p, path, payload, key);
const getRun = (id: string) => getRunOf(p, id);
const waitingAt = (id: string, step: string) =>
  eventually(async () => (await p.runtime.store.runs.events(id, 0)).some((e) => e.type === 'step.started' && e.data.id === step));

describe('signals to wait steps', () => {
  it('continues a waiting step with the payload, which later steps read; the CLI signals too', async () => {
    const started = await post('/v1/workflows/door/runs', { inputs: {} });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().id as string;
    await waitingAt(id, 'knock');

    const payload = { who: 'ann', items: [1, 2, 3] };
    const res = await post(`/v1/runs/${id}/signals/open`, { payload });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
    await waitingAt(id, 'again');

    const cli = await keel(['runs', 'signal', id, 'close']);
    expect(cli.code, cli.stderr).toBe(0);
    const run = await eventually(async () => {
      const r = await getRun(id);
      return r.status === 'completed' ? r : undefined;
    });
    expect(run.outcome.outputs).toEqual({ who: 'ann', count: 3, closed: null });
    const audit = await p.runtime.audit.list(p.tenant.id, { limit: 50, action: 'run.signalled' });
    expect(audit.entries.filter((e) => e.target.id === id).map((e) => e.details).reverse())
      .toEqual([{ signal: 'open', bytes: Buffer.byteLength(JSON.stringify(payload)) }, { signal: 'close', bytes: 0 }]);

    const finished = await post(`/v1/runs/${id}/signals/open`, { payload: 1 });
    expect(finished.statusCode).toBe(409);
    expect(finished.json().error.code).toBe('run_finished');
  });

  it('refuses bad and unknown names (400), large payloads (413), unknown runs and other tenants (404), agent runs (400)', async () => {
    const id = (await post('/v1/workflows/door/runs', { inputs: {} })).json().id as string;
    await waitingAt(id, 'knock');
    const bad = await post(`/v1/runs/${id}/signals/no-dash`, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
    const unknown = await post(`/v1/runs/${id}/signals/shout`, {});
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_signal');
    const large = await post(`/v1/runs/${id}/signals/open`, { payload: 'x'.repeat(70_000) });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('payload_too_large');
    expect((await post(`/v1/runs/${id}/signals/open`, { payload: 1, extra: true })).statusCode).toBe(400);
    expect((await post(`/v1/runs/run_nope/signals/open`, {})).statusCode).toBe(404);
    expect((await post(`/v1/runs/${id}/signals/open`, {}, p.otherTenant.key)).statusCode).toBe(404);

    // None of these reached the run: it still waits at its first step.
    expect((await getRun(id)).status).toBe('running');
    expect((await p.runtime.store.runs.events(id, 0)).some((e) => e.type === 'step.finished' && e.data.id === 'knock')).toBe(false);
    await post(`/v1/runs/${id}/cancel`);

    const agent = await p.api.inject({ method: 'POST', url: '/v1/agents', headers: p.auth(), payload: { name: 'helper', instructions: 'You help.', model: TEST_MODEL } });
    expect(agent.statusCode, agent.body).toBeLessThan(300);
    const agentRun = (await post('/v1/runs', { agent: 'helper', input: 'direct' })).json().id as string;
    const notWorkflow = await post(`/v1/runs/${agentRun}/signals/open`, {});
    expect(notWorkflow.statusCode).toBe(400);
    expect(notWorkflow.json().error.code).toBe('not_a_workflow_run');
  });
});
