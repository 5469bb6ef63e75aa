// The console in headless Chromium against a real Keel (test/console/browser.ts), in the order
// people need it: log in (two tenants, each seeing only its own), register a workflow from YAML
// (a validation error at its line first), run it and watch its tokens stream, approve a tool call
// from the inbox, move traffic (canary, promote, roll back), replay a run and see the diff, search
// a collection, watch a source's ingestion job progress and complete.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectorySource, runIngestion } from '../../services/ingest';
import { createKeelWorkers } from '../../services/worker';
import { startHeldDocuments, type HeldDocuments } from '../support/held-documents';
import { eventually } from '../support/platform';
import { workflowBundlePath } from '../support/temporal';
import { loggedIn, snap, startConsoleRig, until, withScreenshot, type ConsoleRig } from './browser';

let rig: ConsoleRig;

beforeAll(async () => {
  rig = await startConsoleRig();
}, 240_000);

afterAll(async () => {
  await rig?.close();
});

const inject = (method: 'GET' | 'POST', url: string, key: string, payload?: unknown, contentType?: string) =>
  rig.p.api.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...(contentType ? { 'content-type': contentType } : {}) }, ...(payload !== undefined ? { payload: payload as string } : {}) });

const registerWorkflow = async (key: string, yaml: string) => {
  const res = await inject('POST', '/v1/workflows', key, yaml, 'application/yaml');
  expect(res.statusCode, res.body).toBeLessThan(300);
};
const runStatus = async (id: string) => (await inject('GET', `/v1/runs/${id}`, rig.p.tenant.key)).json();

const flow = (name: string, words: string) => `name: ${name}
steps:
  - id: hello
    kind: llm
    model: test-model
    prompt: say ${words}
outputs:
  answer: steps.hello.output
`;

describe('Keel console', () => {
  it('logs two tenants in, in two browser contexts, and each sees only its own objects', async () => {
    await registerWorkflow(rig.p.tenant.key, flow('acme-only', 'acme'));
    await registerWorkflow(rig.p.otherTenant.key, flow('globex-only', 'globex'));
    const acmeRun = (await inject('POST', '/v1/workflows/acme-only/runs', rig.p.tenant.key, { inputs: {} })).json().id as string;

    const a = await loggedIn(rig, rig.p.tenant.key);
    const b = await loggedIn(rig, rig.p.otherTenant.key);
    await withScreenshot(a.page, 'login-acme', async () => {
      await a.page.getByRole('link', { name: 'acme-only' }).waitFor();
      expect(await a.page.getByTestId('tenant').textContent()).toContain('acme');
      expect(await a.page.getByRole('link', { name: 'globex-only' }).count()).toBe(0);
      // What page scripts can read: both storages and document.cookie (runs in the browser).
      const storage = await a.page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie') as string;
      expect(storage).not.toContain(rig.p.tenant.key);
      expect(storage).not.toContain('keel_session');
      const [cookie] = (await a.context.cookies()).filter((c) => c.name === 'keel_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    });
    await withScreenshot(b.page, 'login-globex', async () => {
      await b.page.getByRole('link', { name: 'globex-only' }).waitFor();
      expect(await b.page.getByRole('link', { name: 'acme-only' }).count()).toBe(0);
      await b.page.goto(`${rig.url}/console/runs/${acmeRun}`);
      await b.page.getByRole('alert').filter({ hasText: 'not_found' }).first().waitFor();
    });
    await withScreenshot(a.page, 'logout', async () => {
      await a.page.getByRole('button', { name: 'Log out' }).click();
      await a.page.getByLabel('Tenant API key').waitFor();
      await a.page.reload();
      await a.page.getByLabel('Tenant API key').waitFor();
    });
    const wrong = await rig.browser.newPage();
    await withScreenshot(wrong, 'login-wrong-key', async () => {
      await wrong.goto(`${rig.url}/console/`);
      await wrong.getByLabel('Tenant API key').fill('keel_not-a-key');
      await wrong.getByRole('button', { name: 'Log in' }).click();
      await wrong.getByText('That API key was not accepted.').waitFor();
    });
    await Promise.all([a.context.close(), b.context.close(), wrong.close()]);
  }, 120_000);

  it('registers a workflow from pasted YAML after showing a validation error at its line', async () => {
    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'register', async () => {
      await page.getByRole('link', { name: 'Register from YAML' }).click();
      await page.getByLabel('Definition (YAML)').fill(flow('stream-demo', 'x').replace('kind: llm', 'kind: lmm'));
      await page.getByRole('button', { name: 'Register' }).click();
      const error = page.getByTestId('definition-error').first();
      await error.waitFor();
      expect(await error.textContent()).toMatch(/Line 4/);
      expect(await page.locator('.gutter li.bad').allTextContents()).toContain('4');
      await snap(page, 'register-validation-error');
      const words = Array.from({ length: 24 }, (_, i) => `word${i}`).join(' ');
      await page.getByLabel('Definition (YAML)').fill(flow('stream-demo', words));
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByText('Registered stream-demo v1.').waitFor();
      expect(await page.getByTestId('definition-error').count()).toBe(0);
    });
    await context.close();
  }, 120_000);

  it('runs it and streams the model tokens as they arrive, and rebuilds the page after a reload', async () => {
    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await rig.model.setFaults({ tokenDelayMs: 120 });
    try {
      await withScreenshot(page, 'run-stream', async () => {
        await page.goto(`${rig.url}/console/definitions/workflow/stream-demo`);
        await page.getByRole('button', { name: 'Start run' }).click();
        await page.waitForURL(/\/console\/runs\/.+/);
        await page.getByTestId('live-text').waitFor();
        await snap(page, 'run-page-mid-stream');
        // Reloaded mid-stream: the page comes back with what it had and resumes after its last event.
        await page.reload();
        await page.getByTestId('run-end').waitFor();
        expect(await page.getByTestId('run-end').textContent()).toContain('completed');
        expect(await page.getByTestId('streamed-chars').textContent()).toContain('resumed after a reload');
        expect(Number((await page.getByTestId('streamed-chars').textContent())!.split(' ')[0])).toBeGreaterThan(0);
        expect(await page.getByTestId('step').count()).toBe(1);
        expect(await page.getByText('Run started').count()).toBe(1);
        const text = (await page.getByTestId('step-text').first().textContent())!;
        expect(text.match(/word0 /g)).toHaveLength(1);
        expect(text).toContain('word22 word23');
        await until(async () => !(await page.getByTestId('run-tokens').textContent())?.includes('—'), 'usage shown');
        // A new tab (no saved state) rebuilds the whole run from the stream.
        const fresh = await context.newPage();
        await fresh.goto(page.url());
        await fresh.getByTestId('run-end').waitFor();
        expect(await fresh.getByTestId('step-text').first().textContent()).toContain('word0 word1');
        expect(await fresh.getByTestId('streamed-chars').textContent()).not.toContain('resumed');
      });
    } finally {
      await rig.model.setFaults({});
    }
    await context.close();
  }, 120_000);

  it('approves a waiting tool call from the approvals inbox', async () => {
    const agent = { name: 'helper', instructions: 'You are a test agent.', model: 'test-model', tools: [{ server: 'tools', tools: ['add', 'echo', 'record_side_effect'] }] };
    expect((await inject('POST', '/v1/agents', rig.p.tenant.key, agent)).statusCode).toBeLessThan(300);
    const id = (await inject('POST', '/v1/runs', rig.p.tenant.key, { agent: 'helper', input: 'side-effect' })).json().id as string;
    await eventually(async () => (await runStatus(id)).status === 'awaiting_approval');

    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'approvals', async () => {
      await page.getByRole('link', { name: 'Approvals' }).click();
      const card = page.getByTestId('approval').first();
      await card.waitFor();
      expect(await card.textContent()).toContain('tools/record_side_effect');
      expect(await card.textContent()).toContain('charged');
      await snap(page, 'approvals-inbox');
      await card.getByLabel('Reason (optional)').fill('checked by the console test');
      await card.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Nothing is waiting for a decision.').waitFor();
    });
    const run = await eventually(async () => { const r = await runStatus(id); return r.status === 'completed' ? r : undefined; });
    expect(run.outcome.output).toContain('result:');
    await context.close();
  }, 120_000);

  it('extends a run that reached its step limit from the inbox', async () => {
    const asker = { name: 'asker', instructions: 'You are a test agent.', model: 'test-model', tools: [{ server: 'tools', tools: ['add', 'echo'] }], limits: { maxSteps: 2, onLimit: 'ask' } };
    expect((await inject('POST', '/v1/agents', rig.p.tenant.key, asker)).statusCode).toBeLessThan(300);
    const id = (await inject('POST', '/v1/runs', rig.p.tenant.key, { agent: 'asker', input: 'two-turns' })).json().id as string;
    await eventually(async () => (await runStatus(id)).status === 'awaiting_approval');

    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'budget', async () => {
      await page.getByRole('link', { name: 'Approvals' }).click();
      const card = page.getByTestId('approval').first();
      await card.waitFor();
      expect(await card.textContent()).toContain('Budget: max steps');
      await card.getByLabel('Extend by (steps)').fill('1');
      await card.getByRole('button', { name: 'Extend' }).click();
      await page.getByText('Nothing is waiting for a decision.').waitFor();
    });
    const run = await eventually(async () => { const r = await runStatus(id); return ['completed', 'failed', 'budget_exceeded'].includes(r.status) ? r : undefined; });
    expect(run.status).toBe('completed');
    expect(run.outcome.output).toBe('done: sum is 5');
    await context.close();
  }, 120_000);

  it('sends a share of runs to a canary, promotes it and rolls it back', async () => {
    await registerWorkflow(rig.p.tenant.key, flow('traffic', 'one'));
    await registerWorkflow(rig.p.tenant.key, flow('traffic', 'two'));
    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'traffic', async () => {
      await page.goto(`${rig.url}/console/definitions/workflow/traffic`);
      const status = page.getByTestId('traffic-status');
      await status.waitFor();
      expect(await status.textContent()).toBe('v1 is stable and gets every new run.');
      expect(await page.locator('table.diff').textContent()).toContain('say two');
      await page.getByLabel('Canary version').selectOption('2');
      await page.getByLabel('Share of new runs (%)').fill('25');
      await page.getByRole('button', { name: 'Set canary' }).click();
      await page.getByText('v1 is stable; v2 gets 25% of new runs as the canary.').waitFor();
      await page.getByRole('button', { name: 'Promote canary' }).click();
      await page.getByText('v2 is stable and gets every new run.').waitFor();
      await page.getByRole('button', { name: /Roll back/ }).click();
      await page.getByText('v1 is stable and gets every new run.').waitFor();
    });
    const labels = (await inject('GET', '/v1/workflows/traffic/versions', rig.p.tenant.key)).json().labels;
    expect(labels).toMatchObject({ stable: 1, canary: null });
    await context.close();
  }, 120_000);

  it('replays a run and shows the step diff beside the original', async () => {
    const id = (await inject('POST', '/v1/runs', rig.p.tenant.key, { agent: 'helper', input: 'two-turns' })).json().id as string;
    await eventually(async () => (await runStatus(id)).status === 'completed');
    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'replay', async () => {
      await page.goto(`${rig.url}/console/runs/${id}`);
      await page.getByLabel('Mode').selectOption('exact');
      await page.getByRole('button', { name: 'Start replay' }).click();
      await page.waitForURL(/\/console\/replays\/.+/);
      await until(async () => (await page.getByTestId('replay-status').textContent().catch(() => ''))?.includes('completed'), 'replay completed');
      expect(await page.getByTestId('diff-summary').textContent()).toContain('exactly');
      expect(await page.getByTestId('diff-step').count()).toBeGreaterThanOrEqual(5);
      await snap(page, 'replay-diff');
    });
    await context.close();
  }, 120_000);

  it('resumes a failed workflow run from its failed step on a fixed version', async () => {
    const broken = (value: string) => `name: parse-then-say
steps:
  - id: hello
    kind: llm
    model: test-model
    prompt: say resumed
  - id: parse
    kind: set
    values:
      n: int("${value}")
outputs:
  answer: steps.hello.output
`;
    await registerWorkflow(rig.p.tenant.key, broken('not a number'));
    const id = (await inject('POST', '/v1/workflows/parse-then-say/runs', rig.p.tenant.key, { inputs: {} })).json().id as string;
    await eventually(async () => (await runStatus(id)).status === 'failed');
    await registerWorkflow(rig.p.tenant.key, broken('42'));

    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'resume', async () => {
      await page.goto(`${rig.url}/console/runs/${id}`);
      await page.getByLabel(/On version/).fill('2');
      await page.getByRole('button', { name: 'Resume run' }).click();
      await page.waitForURL((u) => /\/console\/runs\/.+/.test(u.pathname) && !u.pathname.endsWith(id));
      await until(async () => (await page.getByTestId('run-status').textContent().catch(() => ''))?.includes('completed'), 'resumed run completed');
    });
    const resumedId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const resumed = await runStatus(resumedId);
    expect(resumed.agentVersion).toBe(2);
    expect(resumed.steps.find((s: { id: string }) => s.id === 'hello').reused).toBe(true);
    await context.close();
  }, 120_000);

  it('filters the runs list by who started them', async () => {
    const id = (await inject('POST', '/v1/workflows/parse-then-say/runs', rig.p.tenant.key, { inputs: {} })).json().id as string;
    const { startedBy } = await runStatus(id);
    expect(startedBy).toMatch(/\S/);
    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'runs-started-by', async () => {
      await page.goto(`${rig.url}/console/runs`);
      await page.getByLabel('Started by (key id)').fill('no-such-key');
      await page.getByLabel('Started by (key id)').press('Enter');
      await page.getByText('No runs match.').waitFor();
      await page.getByLabel('Started by (key id)').fill(startedBy);
      await page.getByLabel('Started by (key id)').press('Enter');
      await page.getByRole('link', { name: id }).waitFor();
    });
    await context.close();
  }, 120_000);

  it('searches a collection and shows lexical, dense and hybrid results with scores', async () => {
    const docs = mkdtempSync(join(tmpdir(), 'keel-console-docs-'));
    writeFileSync(join(docs, 'yaw.md'), '# Yaw\n\nThe yaw brake holds the nacelle into the wind.');
    writeFileSync(join(docs, 'tower.md'), '# Tower\n\nClimb the tower ladder only with a fall arrester.');
    await runIngestion(new DirectorySource(docs, ['**/*'], []), { store: rig.p.runtime.vectors }, { tenantId: rig.p.tenant.id, collection: 'handbook' });
    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'knowledge', async () => {
      await page.getByRole('link', { name: 'Knowledge' }).click();
      await page.getByTestId('collection-handbook').waitFor();
      expect(await page.getByTestId('collection-handbook').textContent()).toContain('2');
      await page.getByLabel('Query').fill('yaw brake');
      await page.getByRole('button', { name: 'Search' }).click();
      const lexical = page.getByTestId('results-lexical');
      await lexical.getByTestId('result').first().waitFor();
      expect(await lexical.getByTestId('result').first().textContent()).toMatch(/Yaw.*\d\.\d{4}/s);
      await page.getByTestId('results-hybrid').getByText(/\d\.\d{4}|No results|Ran as|needs an embedding model/).first().waitFor();
      await snap(page, 'knowledge-search');
    });
    await context.close();
  }, 120_000);
});

describe('Keel console knowledge: the jobs of a source', () => {
  let web: HeldDocuments;
  let workers: Worker[] = [];
  let running: Promise<unknown>;
  const documents = {
    '/anemometer.md': '# Anemometer\n\nCalibrate the anemometer every year.',
    '/brakes.md': '# Brakes\n\nReplace the yaw brake pads when worn.',
    '/cooling.md': '# Cooling\n\nCheck the generator coolant level monthly.',
  };

  beforeAll(async () => {
    // The second document is held: the job stays running after its first batch until the test releases it.
    web = await startHeldDocuments(documents, ['/brakes.md']);
    const { config } = rig.p;
    const ingest = { ...config.ingest, fetch: { ...config.ingest.fetch, allowCidrs: ['127.0.0.1/32'], timeoutMs: 120_000 } };
    workers = await createKeelWorkers({ connection: rig.p.env.nativeConnection, config: { ...config, ingest }, runtime: rig.p.runtime, roles: ['ingest'], workflowBundlePath: workflowBundlePath() });
    running = Promise.all(workers.map((w) => w.run()));
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    for (const w of workers) w.shutdown();
    await running;
  });

  it('shows a running job of a source with its live progress, then its completed counts', async () => {
    const key = rig.p.tenant.key;
    const job = { collection: 'turbine-notes', source: { kind: 'urls', urls: Object.keys(documents).map((path) => `${web.url}${path}`) }, batchSize: 1, heartbeatTimeoutMs: 120_000 };
    const created = await inject('POST', '/v1/sources', key, { sourceId: 'turbine-notes', cron: '0 0 1 1 *', job });
    expect(created.statusCode, created.body).toBe(201);
    expect((await inject('POST', '/v1/sources/turbine-notes/trigger', key)).statusCode).toBe(200);
    await web.requested('/brakes.md');
    // The job has finished its first batch and waits on the held document (batch 2 of 3).
    const [listed] = await eventually(async () => {
      const res = await inject('GET', '/v1/sources/turbine-notes/jobs', key);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().jobs.length > 0 && res.json().jobs;
    });
    expect(listed).toMatchObject({ status: 'RUNNING', progress: { phase: 'ingesting', documents: 3, batchesDone: 1, batches: 3, counts: { seen: 1, added: 1 } } });
    expect(listed.startedAt).toBeDefined();
    expect(listed.closedAt).toBeUndefined();
    expect((await inject('GET', `/v1/ingest/jobs/${encodeURIComponent(listed.jobId)}`, key)).json()).toMatchObject({ jobId: listed.jobId, status: 'RUNNING' });
    expect((await inject('GET', '/v1/sources/turbine-notes/jobs', rig.p.otherTenant.key)).statusCode).toBe(404);
    expect((await inject('GET', `/v1/ingest/jobs/${encodeURIComponent(listed.jobId)}`, rig.p.otherTenant.key)).statusCode).toBe(404);
    expect((await inject('GET', '/v1/sources/turbine-notes/jobs?limit=11', key)).statusCode).toBe(400);

    const { context, page } = await loggedIn(rig, key);
    const jobPolls: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/v1/ingest/jobs/')) jobPolls.push(r.url()); });
    await withScreenshot(page, 'knowledge-source-job', async () => {
      await page.getByRole('link', { name: 'Knowledge' }).click();
      const source = page.getByTestId('source-turbine-notes');
      await source.waitFor();
      expect(await source.textContent()).toContain('0 0 1 1 *');
      const shown = source.getByTestId('job');
      await shown.first().waitFor();
      expect(await shown.count()).toBe(1);
      const bar = shown.getByRole('progressbar', { name: /^Progress/ });
      await bar.waitFor();
      expect(await bar.getAttribute('value')).toBe('1');
      expect(await bar.getAttribute('max')).toBe('3');
      expect(await shown.getByTestId('job-progress-text').textContent()).toBe('1 of 3 documents, ingesting (batch 2 of 3)');
      expect(await shown.locator('.status-running').count()).toBe(1);
      expect(await page.getByTestId('collection-turbine-notes').locator('td').nth(1).textContent()).toBe('1');
      await snap(page, 'knowledge-job-running');

      web.release('/brakes.md');
      await shown.locator('.status-completed').waitFor();
      expect(await shown.getByTestId('job-counts').textContent()).toMatch(/^3 documents: 3 added, 0 updated, 0 unchanged, 0 deleted, 0 failed; [1-9]\d* chunks$/);
      expect(await shown.getByText('finished').count()).toBe(1);
      expect(await bar.count()).toBe(0);
      // The collection the job wrote to is counted again once the job ends.
      await until(async () => (await page.getByTestId('collection-turbine-notes').locator('td').nth(1).textContent()) === '3', 'collection shows 3 documents');
      // The page followed the job by polling it, not by reloading.
      expect(jobPolls.length).toBeGreaterThan(0);
      expect(jobPolls.every((u) => u.endsWith(`/v1/ingest/jobs/${encodeURIComponent(listed.jobId)}`))).toBe(true);
      await snap(page, 'knowledge-job-completed');
    });
    await context.close();
    expect(web.received.filter((path) => path === '/brakes.md')).toHaveLength(1);
  }, 180_000);
});

describe('Keel console usage page', () => {
  const report = {
    from: '2026-11-25T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z', groupBy: ['agent', 'day'],
    rows: [
      { agent: 'helper', day: '2026-12-01', inputTokens: 1200, outputTokens: 300, totalTokens: 1500, costUsd: 0.012, modelCalls: 4 },
      { agent: 'triage', day: '2026-12-02', inputTokens: 400, outputTokens: 100, totalTokens: 500, costUsd: 0.004, modelCalls: 2 },
    ],
    totals: { inputTokens: 1600, outputTokens: 400, totalTokens: 2000, costUsd: 0.016, modelCalls: 6 },
  };

  it('charts tokens and cost from GET /v1/usage, and says so plainly when the API has no usage endpoint', async () => {
    const { context, page } = await loggedIn(rig, rig.p.tenant.key);
    await withScreenshot(page, 'usage', async () => {
      // The page against the endpoint's contract, whatever this API serves today.
      await page.route('**/v1/usage?*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(report) }));
      await page.getByRole('link', { name: 'Usage' }).click();
      await page.getByText('Total: 2,000 tokens').waitFor();
      expect(await page.getByRole('img', { name: 'Tokens per group' }).locator('rect.bar-0').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('table').last().textContent()).toContain('helper');
      await snap(page, 'usage-charts');
      await page.unroute('**/v1/usage?*');
      await page.route('**/v1/usage?*', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'no route GET /v1/usage' } }) }));
      await page.getByRole('checkbox', { name: 'model' }).check();
      await page.getByTestId('usage-unavailable').waitFor();
    });
    await context.close();
  }, 120_000);
});
