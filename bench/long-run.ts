// One agent run of 300 model calls whose context grows with every tool result (~2.7 KB each), with
// the model stand-in in its own process. Measures what the run's workflow history holds and how a
// step's time changes as the context grows.
// Prints {"model_calls","history_bytes","largest_payload_bytes","step_p50_ms_first_50","step_p50_ms_last_50",…} as its last line.
//   history_bytes: the sum of every payload's bytes (data + metadata) over all runs of the continue-as-new chain.
//   largest_payload_bytes: the largest callModel/callTool input or result; the largest of any kind is reported beside it.
//   baseline_callmodel_bytes_estimate: what callModel inputs alone put through history before the
//   claim-check (the whole message list with every call), summed from the requests the model got.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { KeelConfigSchema } from '../services/config';
import { createKeelWorker } from '../services/worker';
import { buildRuntime } from '../services/platform';
import { devServerArgs, findTemporalCli } from '../services/temporal';
import { agentRegistry, runService, type AgentDefinition } from '../services/agents';
import type { ChatRequest, ChatStreamSink, ModelRouter, RouteOptions } from '../services/router';
import { serveHttp } from '../mcp-servers/shared/serve';
import { createTestServer } from '../test/support/mcp-test-server';
import { largestByKind, measureHistory } from '../test/support/history-payloads';
import { round, startScriptedModel } from './support/stats';

const MODEL_CALLS = Number(process.env.BENCH_MODEL_CALLS ?? 300);
const RESULT_BYTES = Number(process.env.BENCH_RESULT_BYTES ?? 2700);
const MODEL = 'bench-model';
const WINDOW = 100_000_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const model = await startScriptedModel(MODEL, WINDOW);
  const mcp = await serveHttp(createTestServer);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: findTemporalCli() }, extraArgs: ['--log-level', 'error', ...devServerArgs()] },
  });
  const config = KeelConfigSchema.parse({
    dataDir: mkdtempSync(join(tmpdir(), 'keel-bench-')),
    temporal: { address: env.connection.options.address },
    router: {
      deployments: [{ id: 'standin', provider: 'openai', model: MODEL, endpoint: model.url, scrapeMetrics: false, contextWindow: WINDOW }],
      models: { [MODEL]: { deployments: ['standin'] } },
    },
    mcpServers: { tools: { transport: 'http', url: mcp.url } },
  });
  const runtime = await buildRuntime({ config, baseDir: config.dataDir });

  const stepStarts: number[] = [];
  let baselineBytes = 0;
  let contextChars = 0;
  const router = runtime.router;
  const count = (req: ChatRequest) => {
    stepStarts.push(performance.now());
    baselineBytes += Buffer.byteLength(JSON.stringify(req.messages));
    contextChars = req.messages.reduce((n, m) => n + m.content.length, 0);
  };
  // Model calls stream (chatStreamTo) when the run publishes deltas; the router's other methods are inherited.
  const timedRouter: ModelRouter = Object.assign(Object.create(router) as ModelRouter, {
    chat: (req: ChatRequest, opts: RouteOptions) => (count(req), router.chat(req, opts)),
    chatStreamTo: (req: ChatRequest, opts: RouteOptions, sink: ChatStreamSink) => (count(req), router.chatStreamTo!(req, opts, sink)),
  });
  const timed = { ...runtime, router: timedRouter };
  const worker = await createKeelWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue: config.temporal.taskQueues.agents, deps: timed });
  const workerDone = worker.run();

  const tenant = await runtime.store.tenants.create('bench');
  const definition: AgentDefinition = {
    name: 'long', description: '', instructions: 'Read every result.', model: MODEL,
    tools: [{ server: 'tools', tools: ['big'], approval: {} }],
    limits: { maxSteps: MODEL_CALLS + 10, maxTotalTokens: 2_000_000_000 },
    context: { policy: 'truncate', maxTokens: WINDOW },
  };
  await agentRegistry(runtime.store).register(tenant.id, definition);
  const runs = runService({ store: runtime.store, temporal: env.client, config });
  const run = await runs.start(tenant.id, { agent: 'long', input: `grow ${MODEL_CALLS - 1} ${RESULT_BYTES}` });
  const outcome = await env.client.workflow.getHandle(run.id).result();
  const end = performance.now();
  if (outcome.status !== 'completed') throw new Error(`the run ended ${outcome.status}: ${JSON.stringify(outcome)}`);

  const { payloads, runs: executions, eventsBytes } = await measureHistory(env.client, run.id);
  const byKind = largestByKind(payloads);
  const modelAndTool = Object.entries(byKind).filter(([k]) => /callModel|callTool|MarkerRecorded/.test(k)).map(([, v]) => v);
  const steps = stepStarts.map((s, i) => (stepStarts[i + 1] ?? end) - s);

  worker.shutdown();
  await workerDone;
  await runtime.close();
  await env.teardown();
  await mcp.close();
  model.close();

  process.stderr.write(`largest payload by kind: ${JSON.stringify(byKind)}\n`);
  console.log(JSON.stringify({
    model_calls: stepStarts.length,
    history_bytes: eventsBytes,
    largest_payload_bytes: Math.max(...modelAndTool),
    step_p50_ms_first_50: round(median(steps.slice(0, 50))),
    step_p50_ms_last_50: round(median(steps.slice(-50))),
    largest_payload_any_kind_bytes: Math.max(...payloads.map((p) => p.bytes)),
    largest_payload_kind: Object.entries(byKind).sort((a, b) => b[1] - a[1])[0][0],
    history_runs: executions,
    final_context_chars: contextChars,
    baseline_callmodel_bytes_estimate: baselineBytes,
  }));
}

/** The model stand-in in its own process, as a real model server would be. */

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
