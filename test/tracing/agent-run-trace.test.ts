// A real agent run (Temporal dev server, MCP server process, vLLM stand-in) with the worker's
// agent run tracing interceptor installed: the run arrives at the OTLP receiver standing in for
// Langfuse as one trace, reads back identically from Langfuse's API and the local store, and
// the tool executions land in the audit log with masked arguments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { auditLog } from '../../services/audit';
import {
  createTraceRecorder,
  readTrace,
  rootObservationId,
  traceIdForWorkflow,
  agentRunTracing,
  type TraceRecorder,
} from '../../services/tracing';
import { startLangfuseApiStandin, type LangfuseApiStandin } from '../support/langfuse-api-standin';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { eventually, startPlatform, testMcpServer, TEST_MODEL, type TestPlatform } from '../support/platform';
import { scriptedModel } from '../support/scripted-model';
import { testDataConverter, workflowBundlePath } from '../support/temporal';
import { startVllmStandin, type VllmStandin } from '../support/vllm-standin';

const keys = { publicKey: 'pk-lf-run', secretKey: 'sk-lf-run' };

let model: VllmStandin;
let p: TestPlatform;
let receiver: OtlpReceiver;
let langfuseApi: LangfuseApiStandin;
let recorder: TraceRecorder;
let worker: Worker;
let workerDone: Promise<void>;
let traceDir: string;

beforeAll(async () => {
  model = await startVllmStandin({ model: TEST_MODEL, respond: scriptedModel });
  receiver = await startOtlpReceiver(keys);
  langfuseApi = await startLangfuseApiStandin({ ...keys, spans: () => receiver.spans });
  p = await startPlatform({ modelUrl: model.url, worker: 'none', config: { mcpServers: { tools: testMcpServer() } } });
  traceDir = mkdtempSync(join(tmpdir(), 'keel-run-traces-'));
  recorder = createTraceRecorder(
    { environment: 'test', langfuse: { ...keys, baseUrl: receiver.url }, masking: { tenants: { [p.tenant.id]: 'off' } } },
    { dataDir: traceDir },
  );
  const tracing = agentRunTracing({
    recorder,
    lookupRun: (tenantId, runId) => p.runtime.store.runs.get(tenantId, runId),
    audit: auditLog(p.runtime.store.db),
  });
  worker = await Worker.create({
    dataConverter: testDataConverter(),
    connection: p.env.nativeConnection,
    namespace: p.config.temporal.namespace,
    taskQueue: p.config.temporal.taskQueues.agents,
    activities: createActivities(p.runtime),
    interceptors: { activity: [tracing] },
    workflowBundle: { codePath: workflowBundlePath() },
  });
  workerDone = worker.run();
  const res = await p.api.inject({
    method: 'POST', url: '/v1/agents', headers: p.auth(),
    payload: { name: 'helper', instructions: 'You are a test agent.', model: TEST_MODEL, tools: [{ server: 'tools', tools: ['add', 'echo'] }] },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
});

afterAll(async () => {
  worker?.shutdown();
  await workerDone;
  await recorder?.shutdown();
  await p?.close();
  await model?.close();
  await receiver?.close();
  await langfuseApi?.close();
  if (traceDir) rmSync(traceDir, { recursive: true, force: true });
});

describe('a traced agent run', () => {
  it('exports one trace per run with the run, each model call and each tool call', async () => {
    const start = await p.api.inject({ method: 'POST', url: '/v1/runs', headers: p.auth(), payload: { agent: 'helper', input: 'two-turns' } });
    expect(start.statusCode, start.body).toBe(202);
    const runId = start.json().id as string;
    const run = await eventually(async () => {
      const r = (await p.api.inject({ method: 'GET', url: `/v1/runs/${runId}`, headers: p.auth() })).json();
      return ['completed', 'failed'].includes(r.status) ? r : undefined;
    });
    expect(run.status).toBe('completed');
    await recorder.flush();

    const traceId = traceIdForWorkflow(run.workflowId);
    const fromLangfuse = await readTrace(traceId, { from: 'langfuse', config: { langfuse: { ...keys, baseUrl: langfuseApi.url } } });
    expect(fromLangfuse).not.toBeNull();
    const { trace, observations } = fromLangfuse!;
    expect(trace).toMatchObject({ workflowId: run.workflowId, runId, tenantId: p.tenant.id, agentName: 'helper', agentVersion: '1', environment: 'test', input: 'two-turns', output: 'done: sum is 5' });
    expect(observations.map((o) => `${o.type}:${o.name}`)).toEqual([
      'agent:helper', `generation:model:${TEST_MODEL}`, 'tool:tools/add', `generation:model:${TEST_MODEL}`, 'tool:tools/echo', `generation:model:${TEST_MODEL}`,
    ]);
    const root = rootObservationId(traceId);
    for (const o of observations.slice(1)) expect(o.parentId).toBe(root);
    const generations = observations.filter((o) => o.type === 'generation');
    for (const g of generations) {
      expect(g.usage!.total).toBeGreaterThan(0);
      expect(g.metadata).toMatchObject({ logicalModel: TEST_MODEL, deployment: 'standin' });
      expect(g.costUsd).toBeGreaterThanOrEqual(0);
    }
    expect(observations.find((o) => o.name === 'tools/add')).toMatchObject({ input: { a: 2, b: 3 }, output: { content: '5', isError: false } });

    // The same trace, in the same shape, from the local store (offline replay).
    expect(await readTrace(traceId, { from: 'local', store: recorder.localStore })).toEqual(fromLangfuse);
    expect(recorder.stats()).toMatchObject({ invalid: 0, sinkErrors: 0, exportFailures: 0 });

    const audit = (await p.api.inject({ method: 'GET', url: '/v1/audit?action=tool.executed', headers: p.auth() }));
    // The lead's app registers the audit route; until then read the log directly.
    const entries = audit.statusCode === 200 ? audit.json().entries : (await auditLog(p.runtime.store.db).list(p.tenant.id, { limit: 50, action: 'tool.executed' })).entries;
    expect(entries.map((e: { target: { id: string } }) => e.target.id).sort()).toEqual(['tools/add', 'tools/echo']);
  });
});
