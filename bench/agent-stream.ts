// Time to first token of an agent run against calling the same model stand-in directly. The
// stand-in runs in its own process; the Temporal dev server, a worker and the API (listening on a
// port, the stream bus in-process as `keel start` has it, or NATS with BENCH_BUS_URL) run here, with
// payloads encrypted and runs started eagerly on the worker as in `keel start` (BENCH_EAGER=0: the
// API's own connection, as a separate API process has it).
//   direct: POST the stand-in's streaming /v1/chat/completions, until the first content chunk;
//   agent:  POST /v1/runs over HTTP, then GET /v1/runs/:id/events, until the first `delta` event
//           (timed on the client from before the POST).
// The client (bench/support/ttft-client.ts) is a process of its own, as real clients are.
// Prints {"ttft_added_p50_ms","ttft_added_p99_ms","direct_ttft_p50_ms","agent_ttft_p50_ms",…} as its last line;
// `agent_breakdown_p50_ms` says where an agent run's first token goes, from the server's event times.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { KeelConfigSchema } from '../services/config';
import { createKeelWorker } from '../services/worker';
import { buildRuntime, createApiServer } from '../services/platform';
import { Client } from '@temporalio/client';
import { devServerArgs, encryptedDataConverter, findTemporalCli, inProcessClient } from '../services/temporal';
import { agentRegistry } from '../services/agents';
import { pct, round, startScriptedModel } from './support/stats';
import type { ClientMeasurements } from './support/ttft-client';

// 300 pairs: over 50, the p50 moved by several milliseconds from one benchmark run to the next.
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const MODEL = 'bench-model';
const INPUT = 'direct'; // the scripted stand-in answers `hello` at once


async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const model = await startScriptedModel(MODEL);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: findTemporalCli() }, extraArgs: ['--log-level', 'error', ...devServerArgs()] },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-bench-'));
  const config = KeelConfigSchema.parse({
    dataDir,
    temporal: { address: env.connection.options.address },
    api: { rateLimit: { enabled: false } },
    ...(process.env.BENCH_BUS_URL ? { bus: { url: process.env.BENCH_BUS_URL } } : {}),
    router: { deployments: [{ id: 'standin', provider: 'openai', model: MODEL, endpoint: model.url, scrapeMetrics: false }], models: { [MODEL]: { deployments: ['standin'] } } },
  });
  const runtime = await buildRuntime({ config, baseDir: dataDir });
  // As `keel start` composes them: payloads encrypted, the API's client on the worker's connection.
  const worker = await createKeelWorker({
    connection: env.nativeConnection, namespace: 'default', taskQueue: config.temporal.taskQueues.agents, deps: runtime, payloadCodec: runtime.payloadCodec,
  });
  const workerDone = worker.run();
  const temporal = process.env.BENCH_EAGER === '0'
    ? new Client({ connection: env.connection, namespace: 'default', dataConverter: encryptedDataConverter(runtime.payloadCodec) })
    : inProcessClient(env.nativeConnection, 'default', encryptedDataConverter(runtime.payloadCodec));
  const { api } = await createApiServer({ config, runtime, temporal, dataDir });
  const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });

  const tenant = await runtime.store.tenants.create('bench');
  const { key } = await runtime.store.tenants.createApiKey(tenant.id);
  await agentRegistry(runtime.store).register(tenant.id, { name: 'streamer', description: '', instructions: 'Answer.', model: MODEL, tools: [], limits: {} });

  // The client runs in a process of its own, as a real client does: its requests, its SSE parsing
  // and its timing stay off the event loop of the API and the worker being measured.
  const measured = await runClient({ modelUrl: model.url, model: MODEL, apiUrl, key, agent: 'streamer', input: INPUT, warmup: WARMUP, iterations: ITERATIONS });
  const directMs = measured.direct;
  const runs = measured.agent;
  const agentMs = runs.map((r) => r.ttft);
  const postMs = runs.map((r) => r.postMs);
  const breakdown = await firstTokenBreakdown(env, runs).catch((err: Error) => {
    process.stderr.write(`no breakdown: ${err.stack}\n`);
    return null;
  });

  await api.close();
  worker.shutdown();
  await workerDone;
  await runtime.close();
  await env.teardown();
  model.close();

  const added = agentMs.map((a, i) => a - directMs[i]);
  console.log(JSON.stringify({
    ttft_added_p50_ms: round(pct(added, 50)),
    ttft_added_p99_ms: round(pct(added, 99)),
    direct_ttft_p50_ms: round(pct(directMs, 50)),
    direct_ttft_p99_ms: round(pct(directMs, 99)),
    agent_ttft_p50_ms: round(pct(agentMs, 50)),
    agent_ttft_p99_ms: round(pct(agentMs, 99)),
    post_run_p50_ms: round(pct(postMs, 50)),
    agent_breakdown_p50_ms: breakdown,
    iterations: ITERATIONS,
    bus: process.env.BENCH_BUS_URL ? 'nats' : 'in-process',
    eager_start: process.env.BENCH_EAGER !== '0',
  }));
}

/**
 * Where the first token's time goes, from the server's event times against the client's clock (one
 * machine): POST → workflow started → first workflow task done (the model activity scheduled) →
 * the activity started on the worker → the first delta at the client.
 */
async function firstTokenBreakdown(env: TestWorkflowEnvironment, runs: Array<{ id: string; startedAt: number; ttft: number }>) {
  const tasks: number[] = [];
  const gaps = {
    post_to_workflow_started: [] as number[],
    workflow_started_to_first_task_started: [] as number[],
    first_task_started_to_scheduling_task_completed: [] as number[],
    scheduling_task_completed_to_model_scheduled: [] as number[],
    model_scheduled_to_started: [] as number[],
    model_started_to_client_delta: [] as number[],
  };
  for (const run of runs) {
    const events = (await env.client.workflow.getHandle(run.id).fetchHistory()).events ?? [];
    const at = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6;
    const type = (e: (typeof events)[number]) => Number(e.eventType);
    const started = events.find((e) => type(e) === 1);
    const taskStarted = events.find((e) => type(e) === 6);
    const modelScheduled = events.find((e) => type(e) === 10 && e.activityTaskScheduledEventAttributes?.activityType?.name === 'callModel');
    // The workflow task whose completion scheduled the model call (after the first, when it was held).
    const before = modelScheduled ? events.filter((e) => Number(e.eventId) < Number(modelScheduled.eventId)) : [];
    const taskCompleted = before.filter((e) => type(e) === 7).at(-1);
    tasks.push(before.filter((e) => type(e) === 7).length);
    const modelStarted = modelScheduled && events.find((e) => type(e) === 11 && Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === Number(modelScheduled.eventId));
    if (!started || !taskStarted || !taskCompleted || !modelScheduled || !modelStarted) continue;
    const clientDelta = run.startedAt + run.ttft;
    gaps.post_to_workflow_started.push(at(started) - run.startedAt);
    gaps.workflow_started_to_first_task_started.push(at(taskStarted) - at(started));
    gaps.first_task_started_to_scheduling_task_completed.push(at(taskCompleted) - at(taskStarted));
    gaps.scheduling_task_completed_to_model_scheduled.push(at(modelScheduled) - at(taskCompleted));
    gaps.model_scheduled_to_started.push(at(modelStarted) - at(modelScheduled));
    gaps.model_started_to_client_delta.push(clientDelta - at(modelStarted));
  }
  return {
    ...Object.fromEntries(Object.entries(gaps).map(([k, v]) => [k, v.length ? round(pct(v, 50)) : null])),
    workflow_tasks_before_model_call: tasks.length ? pct(tasks, 50) : null,
  };
}

/** bench/support/ttft-client.ts in its own process; resolves with what it measured. */
function runClient(plan: Record<string, unknown>): Promise<ClientMeasurements> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support/ttft-client.ts'), JSON.stringify(plan)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((ok, fail) => {
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the benchmark client exited with ${code}`));
      ok(JSON.parse(out.trim().split('\n').at(-1)!) as ClientMeasurements);
    });
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
