// A run's model call records one usage row, whatever Temporal retries: the activity run again
// (another attempt of the same scheduled activity) calls the model again but adds no row, while
// the next scheduled call adds its own. The row names the run's agent and the workflow that
// called it, and the per-tenant metrics count the call once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelActivities } from '../../activities/model';
import { runCallUsage } from '../../activities/usage';
import { openStore, type Store } from '../../services/store';
import { usageMetrics, usageRecorder } from '../../services/usage';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';
import { testRouter } from '../router/fixtures';

describe('model call usage across activity retries', () => {
  let store: Store;
  let vllm: VllmStandin;
  let tenantId: string;
  const registry = new Registry();
  const cleanup: Array<() => unknown> = [];

  beforeAll(async () => {
    store = await openStore('sqlite:keel.sqlite', mkdtempSync(join(tmpdir(), 'keel-model-usage-')));
    tenantId = (await store.tenants.create('acme')).id;
    await store.runs.create({ id: 'run_wf', tenantId, kind: 'workflow', agentName: 'triage', agentVersion: 1, workflowId: 'run_wf', input: '{}', status: 'running' });
    await store.runs.create({
      id: 'run_child', tenantId, kind: 'agent', agentName: 'helper', agentVersion: 3, workflowId: 'run_child', input: 'x', status: 'running',
      parent: { runId: 'run_wf', workflowId: 'run_wf', step: 1, callIndex: 0 },
    });
    vllm = await startVllmStandin({ model: 'm', respond: () => ({ content: 'ok', usage: { prompt_tokens: 12, completion_tokens: 3 } }) });
  });
  afterAll(async () => {
    for (const c of cleanup) await c();
    await vllm?.close();
    await store?.close();
  });

  it('records a retried call once and the next call again', async () => {
    const { router } = testRouter({
      deployments: [{ id: 'd1', provider: 'openai', model: 'm', endpoint: vllm.url, scrapeMetrics: false, costPer1kInput: 1, costPer1kOutput: 2 }],
      models: { m: { deployments: ['d1'] } },
    });
    cleanup.push(() => router.close());
    const recorder = usageRecorder({ usage: store.usage, metrics: usageMetrics({ maxTenants: 10, maxModels: 10 }, registry) });
    const { callModel } = modelActivities({ router, usage: runCallUsage({ recorder, runs: store.runs }) });
    const input = { tenantId, runId: 'run_child', step: 4, priority: 'interactive' as const, request: { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] } };
    const attempt = (activityId: string, n: number) =>
      new MockActivityEnvironment({ activityId, attempt: n, workflowExecution: { workflowId: 'run_child', runId: 'temporal-exec-1' } }).run(callModel, input);

    await attempt('7', 1);
    await attempt('7', 2); // Temporal retried the activity: the model is called again…
    expect(vllm.requests).toHaveLength(2);
    const rows = await store.db.selectFrom('model_usage').selectAll().execute();
    expect(rows).toHaveLength(1); // …and the call is recorded once
    expect(rows[0]).toMatchObject({
      tenant_id: tenantId, source: 'run', run_id: 'run_child', agent: 'helper', workflow: 'triage', model: 'm', deployment: 'd1', provider: 'openai',
      input_tokens: 12, output_tokens: 3, total_tokens: 15,
    });
    expect(rows[0]!.cost_usd).toBeCloseTo(0.012 + 0.006, 9);
    expect(rows[0]!.id).toBe('run:run_child:4:temporal-exec-1:7:0');

    await attempt('8', 1); // the run's next model call
    const report = await store.usage.summarize(tenantId, { from: '2000-01-01', to: '2999-12-31', groupBy: ['agent', 'workflow'] });
    expect(report).toEqual([{ agent: 'helper', workflow: 'triage', inputTokens: 24, outputTokens: 6, totalTokens: 30, costUsd: expect.closeTo(0.036, 9), modelCalls: 2 }]);

    const calls = (await registry.getSingleMetric('keel_model_calls_total')!.get()).values;
    expect(calls).toEqual([{ labels: { tenant: tenantId, model: 'm', source: 'run' }, value: 2 }]);
  });
});
