// Time to first token of an agent run against calling the same model stand-in directly. The
// stand-in runs in its own process; the Temporal dev server, a worker and the API (listening on a
// port, the stream bus in-process as `keel start` has it, or NATS with BENCH_BUS_URL) run here, with
// payloads encrypted and runs started eagerly on the worker as in `keel start` (BENCH_EAGER=0: the
// API's own connection, as a separate API process has it).
//   direct: POST the stand-in's streaming /v1/chat/completions, until the first content chunk;
//   agent:  POST /v1/runs over HTTP, then GET /v1/runs/:id/events, until the first `delta` event
//           (timed on the client from before the POST).
// Prints {"ttft_added_p50_ms","ttft_added_p99_ms","direct_ttft_p50_ms","agent_ttft_p50_ms",…} as its last line;
// `agent_breakdown_p50_ms` says where an agent run's first token goes, from the server's event times.
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

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
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

  const direct = async () => {
    const t0 = performance.now();
    const res = await fetch(`${model.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: 'system', content: 'Answer.' }, { role: 'user', content: INPUT }] }),
    });
    let ttft = NaN;
    for await (const block of sseBlocks(res)) {
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!data || data === '[DONE]') continue;
      if (Number.isNaN(ttft) && JSON.parse(data).choices?.[0]?.delta?.content) ttft = performance.now() - t0;
    }
    return ttft;
  };

  const agent = async () => {
    const startedAt = Date.now();
    const t0 = performance.now();
    const posted = await fetch(`${apiUrl}/v1/runs`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ agent: 'streamer', input: INPUT }),
    });
    const { id } = (await posted.json()) as { id: string };
    const postMs = performance.now() - t0;
    const res = await fetch(`${apiUrl}/v1/runs/${id}/events`, { headers: { authorization: `Bearer ${key}` } });
    let ttft = NaN;
    for await (const block of sseBlocks(res)) {
      if (Number.isNaN(ttft) && /^event: delta$/m.test(block)) ttft = performance.now() - t0;
    }
    if (Number.isNaN(ttft)) throw new Error(`run ${id} streamed no delta`);
    return { ttft, postMs, id, startedAt };
  };

  for (let i = 0; i < WARMUP; i++) {
    await direct();
    await agent();
  }
  const directMs: number[] = [];
  const agentMs: number[] = [];
  const postMs: number[] = [];
  const runs: Array<{ id: string; startedAt: number; ttft: number }> = [];
  for (let i = 0; i < ITERATIONS; i++) {
    directMs.push(await direct());
    const a = await agent();
    agentMs.push(a.ttft);
    postMs.push(a.postMs);
    runs.push(a);
  }
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

/** An SSE response's blocks (the text between blank lines), as they arrive. */
async function* sseBlocks(res: Response): AsyncGenerator<string> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      yield buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
    }
  }
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

/** The model stand-in in its own process, as a real model server would be. */

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
