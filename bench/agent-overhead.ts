// Temporal's added cost per agent step: the same loop (model stand-in answering at once, one MCP
// tool served in this process over Streamable HTTP) run as AgentRunWorkflow and as a plain function.
// Prints {"steps","temporal_step_p50_ms","temporal_step_p95_ms","direct_step_p50_ms"} as its last line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { KeelConfigSchema } from '../services/config';
import { createKeelWorker } from '../services/worker';
import { buildRuntime } from '../services/platform';
import { createActivities } from '../activities';
import { devServerArgs, findTemporalCli } from '../services/temporal';
import { agentRegistry, runService, toolSpecs, type AgentDefinition } from '../services/agents';
import type { ChatMessage, ChatRequest, ChatStreamSink, ModelRouter, RouteOptions } from '../services/router/types';
import { serveHttp } from '../mcp-servers/shared/serve';
import { createTestServer } from '../test/support/mcp-test-server';
import { pct, round, startScriptedModel } from './support/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const TOOL_TURNS = Number(process.env.BENCH_TOOL_TURNS ?? 10);
const MODEL = 'bench-model';


async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const model = await startScriptedModel(MODEL);
  const mcp = await serveHttp(createTestServer);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: findTemporalCli() },
      extraArgs: ['--log-level', 'error', ...devServerArgs()],
    },
  });
  const config = KeelConfigSchema.parse({
    dataDir: mkdtempSync(join(tmpdir(), 'keel-bench-')),
    temporal: { address: env.connection.options.address },
    router: { deployments: [{ id: 'standin', provider: 'openai', model: MODEL, endpoint: model.url, scrapeMetrics: false }], models: { [MODEL]: { deployments: ['standin'] } } },
    mcpServers: { tools: { transport: 'http', url: mcp.url } },
  });
  const runtime = await buildRuntime({ config, baseDir: config.dataDir });
  const activities = createActivities(runtime);

  // Step boundaries: every model call starts a step, in both modes.
  const stepStarts = new Map<string, number[]>();
  const router = runtime.router;
  const mark = (opts: RouteOptions) => {
    const key = opts.traceId ?? 'direct';
    stepStarts.set(key, [...(stepStarts.get(key) ?? []), performance.now()]);
  };
  // Runs stream their model calls (chatStreamTo); the router's other methods are inherited.
  const timedRouter: ModelRouter = Object.assign(Object.create(router) as ModelRouter, {
    chat: (req: ChatRequest, opts: RouteOptions) => (mark(opts), router.chat(req, opts)),
    chatStreamTo: (req: ChatRequest, opts: RouteOptions, sink: ChatStreamSink) => (mark(opts), router.chatStreamTo!(req, opts, sink)),
  });
  const timedRuntime = { ...runtime, router: timedRouter };
  const worker: Worker = await createKeelWorker({
    connection: env.nativeConnection, namespace: 'default', taskQueue: config.temporal.taskQueues.agents, deps: timedRuntime,
  });
  const workerDone = worker.run();

  const tenant = await runtime.store.tenants.create('bench');
  const definition: AgentDefinition = {
    name: 'bench', description: '', instructions: 'Benchmark.', model: MODEL,
    tools: [{ server: 'tools', tools: ['echo'], approval: {} }], limits: {},
  };
  await agentRegistry(runtime.store).register(tenant.id, definition);
  const runs = runService({ store: runtime.store, temporal: env.client, config });
  const input = `steps ${TOOL_TURNS}`;

  const temporalSteps: number[] = [];
  const directSteps: number[] = [];
  const perStep = (starts: number[], end: number) => starts.map((s, i) => (starts[i + 1] ?? end) - s);

  let lastRunId = '';
  for (let i = 0; i < RUNS + 2; i++) {
    const run = await runs.start(tenant.id, { agent: 'bench', input });
    await env.client.workflow.getHandle(run.id).result();
    const end = performance.now();
    if (i >= 2) temporalSteps.push(...perStep(stepStarts.get(run.id)!, end)); // first runs warm caches
    lastRunId = run.id;
  }
  const breakdown = await historyBreakdown(env, lastRunId);

  const tools = await activities.listAgentTools({ tenantId: tenant.id, grants: definition.tools });
  for (let i = 0; i < RUNS + 2; i++) {
    stepStarts.delete('direct');
    const messages: ChatMessage[] = [{ role: 'system', content: definition.instructions }, { role: 'user', content: input }];
    for (let step = 0; ; step++) {
      const response = await timedRuntime.router.chat({ model: MODEL, messages, tools: toolSpecs(tools) }, { tenantId: tenant.id });
      messages.push({ role: 'assistant', content: response.content, toolCalls: response.toolCalls });
      if (response.toolCalls.length === 0) break;
      const results = await Promise.all(response.toolCalls.map((c, k) =>
        runtime.mcp.callTool({ transport: 'http', name: 'tools', url: mcp.url, headers: {} }, 'echo', c.arguments, { idempotencyKey: `direct:${i}:${step}:${k}` })));
      results.forEach((r, k) => messages.push({ role: 'tool', toolCallId: response.toolCalls[k].id, content: r.content, isError: r.isError }));
    }
    if (i >= 2) directSteps.push(...perStep(stepStarts.get('direct')!, performance.now()));
  }

  worker.shutdown();
  await workerDone;
  await runtime.close();
  await env.teardown();
  await mcp.close();
  model.close();

  const result = {
    steps: temporalSteps.length,
    temporal_step_p50_ms: round(pct(temporalSteps, 50)),
    temporal_step_p95_ms: round(pct(temporalSteps, 95)),
    direct_step_p50_ms: round(pct(directSteps, 50)),
    direct_step_p95_ms: round(pct(directSteps, 95)),
    added_step_p50_ms: round(pct(temporalSteps, 50) - pct(directSteps, 50)),
    runs: RUNS,
    tool_turns_per_run: TOOL_TURNS,
    history_median_ms: breakdown,
  };
  console.log(JSON.stringify(result));
}

/** The model stand-in in its own process, as a real model server would be. */

/** Where a step's time goes, from the server's own event times (medians over one run). */
async function historyBreakdown(env: TestWorkflowEnvironment, workflowId: string) {
  const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const at = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6;
  const gaps: Record<string, number[]> = { wft_schedule_to_start: [], wft_start_to_complete: [], activity_schedule_to_complete: [] };
  const scheduledAt = new Map<number, number>();
  for (let i = 1; i < events.length; i++) {
    const e = events[i];
    const type = e.eventType as unknown as number;
    if (type === 6) gaps.wft_schedule_to_start.push(at(e) - at(events[i - 1]));
    if (type === 7) gaps.wft_start_to_complete.push(at(e) - at(events[i - 1]));
    if (type === 10) scheduledAt.set(Number(e.eventId), at(e));
    if (type === 12) {
      const from = scheduledAt.get(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId));
      if (from !== undefined) gaps.activity_schedule_to_complete.push(at(e) - from);
    }
  }
  return Object.fromEntries(Object.entries(gaps).map(([k, v]) => [k, v.length ? round(pct(v, 50)) : null]));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
