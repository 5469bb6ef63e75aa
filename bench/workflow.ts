// The interpreter's cost per step: one five-step definition (set → llm → branch → tool → llm; the
// model stand-in answers at once, the MCP tool is served in this process) run through
// RegisteredWorkflow and as the equivalent hand-written workflow (bench/support), on one worker
// and one dev server, in one run; and how long validating a 200-step definition takes. Per-step
// times are measured inside Temporal (workflow start to close, from history) and, beside them, end
// to end from the client.
// Prints {"steps","interpreter_step_p50_ms","handwritten_step_p50_ms","validate_ms_p50", …} as its last line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, Runtime, DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { KeelConfigSchema } from '../services/config';
import { buildRuntime } from '../services/platform';
import { workflowBundleOptions } from '../services/worker';
import { createActivities } from '../activities';
import { workflowActivities } from '../activities/workflow-steps';
import { agentRunTracing } from '../services/tracing';
import { devServerArgs, findTemporalCli } from '../services/temporal';
import { largeDefinition, validateDefinition, workflowRunService, type WorkflowDefinitionInput } from '../services/workflows';
import { serveHttp } from '../mcp-servers/shared/serve';
import { createTestServer } from '../test/support/mcp-test-server';
import { HandwrittenFiveStepWorkflow } from './support/handwritten-workflow';
import { pct, round, startScriptedModel } from './support/stats';
import { phases, traceHistory } from './support/history-trace';

// The difference of two p50s moved by a millisecond from one benchmark run to the next over 30 or
// 100 runs of each on a two-core machine; 300 runs of each take about two minutes.
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARMUP = 3;
const STEPS = 5;
const VALIDATE_STEPS = 200;
const MODEL = 'bench-model';


const FIVE_STEPS: WorkflowDefinitionInput = {
  name: 'bench-five',
  inputs: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
  steps: [
    { id: 'prepare', kind: 'set', values: { text: 'inputs.message + "!"' } },
    {
      id: 'classify', kind: 'llm', model: MODEL, prompt: 'classify {{ vars.text }}',
      outputSchema: { type: 'object', required: ['urgency'], properties: { urgency: { enum: ['low', 'high'] } } },
    },
    {
      id: 'route', kind: 'branch',
      cases: [{ when: 'steps.classify.output.urgency == "high"', steps: [{ id: 'paged', kind: 'set', values: { routed: '"paged"' } }] }],
      else: [{ id: 'low', kind: 'set', values: { routed: '"low"' } }],
    },
    { id: 'shout', kind: 'tool', server: 'tools', tool: 'echo', arguments: { text: '{{ vars.text }}' }, approval: { policy: 'never' } },
    { id: 'answer', kind: 'llm', model: MODEL, prompt: 'say urgency {{ steps.classify.output.urgency }}' },
  ],
  outputs: { answer: 'steps.answer.output', routed: 'vars.routed' },
};

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const validateMs = validationTimes();

  const model = await startScriptedModel(MODEL);
  const mcp = await serveHttp(createTestServer);
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: findTemporalCli() }, extraArgs: ['--log-level', 'error', ...devServerArgs()] },
  });
  const config = KeelConfigSchema.parse({
    dataDir: mkdtempSync(join(tmpdir(), 'keel-bench-')),
    temporal: { address: env.connection.options.address },
    router: { deployments: [{ id: 'standin', provider: 'openai', model: MODEL, endpoint: model.url, scrapeMetrics: false }], models: { [MODEL]: { deployments: ['standin'] } } },
    mcpServers: { tools: { transport: 'http', url: mcp.url } },
  });
  const runtime = await buildRuntime({ config, baseDir: config.dataDir });
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), workflowsPath: require.resolve('./support/bench-workflows') });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: config.temporal.taskQueues.workflows,
    workflowBundle: { code },
    activities: timed({ ...createActivities(runtime), ...workflowActivities({ store: runtime.store, blobs: runtime.blobs, retriever: runtime.retriever }) }),
    interceptors: { activity: [agentRunTracing(runtime.tracingHooks)] },
  });
  const workerDone = worker.run();

  const tenant = await runtime.store.tenants.create('bench');
  const checked = validateDefinition(FIVE_STEPS);
  if (!checked.ok) throw new Error(`the benchmark definition is not valid: ${JSON.stringify(checked.errors)}`);
  await runtime.store.definitions.register(tenant.id, 'workflow', FIVE_STEPS.name, checked.definition);
  const runs = workflowRunService({ store: runtime.store, temporal: env.client, config });

  const interpreter: number[] = [];
  const handwritten: number[] = [];
  // Inside Temporal: from the workflow's start to its close, per step (what the interpreter adds,
  // without the run service's start path: version resolution, run record, audit).
  const interpreterInside: number[] = [];
  const handwrittenInside: number[] = [];
  const insidePerStep = async (workflowId: string) => {
    const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const at = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6;
    return (at(events.at(-1)!) - at(events[0])) / STEPS;
  };
  const traced: Record<'interpreter' | 'handwritten', Array<Awaited<ReturnType<typeof phases>>>> = { interpreter: [], handwritten: [] };
  const lastIds = { interpreter: '', handwritten: '' };
  // Alternating, so both see the same machine load.
  for (let i = 0; i < RUNS + WARMUP; i++) {
    let started = performance.now();
    const run = await runs.start(tenant.id, { workflow: FIVE_STEPS.name, inputs: { message: `printer ${i} is slow` } });
    const outcome = await env.client.workflow.getHandle(run.id).result();
    if ((outcome as { status: string }).status !== 'completed') throw new Error(`interpreter run failed: ${JSON.stringify(outcome)}`);
    if (i >= WARMUP) interpreter.push((performance.now() - started) / STEPS);
    if (i >= WARMUP) interpreterInside.push(await insidePerStep(run.id));
    lastIds.interpreter = run.id;

    const runId = `hand_${i}_${Date.now().toString(36)}`;
    started = performance.now();
    await runtime.store.runs.create({ id: runId, tenantId: tenant.id, kind: 'workflow', agentName: 'handwritten', agentVersion: 1, workflowId: runId, input: '{}', status: 'running' });
    await env.client.workflow.execute(HandwrittenFiveStepWorkflow, {
      workflowId: runId,
      taskQueue: config.temporal.taskQueues.workflows,
      args: [{ runId, tenantId: tenant.id, model: MODEL, message: `printer ${i} is slow`, inlineBytes: config.agents.inlineContentBytes, contextMaxTokens: config.agents.contextMaxTokens, deadlineSeconds: config.agents.deadlineSeconds }],
    });
    if (i >= WARMUP) handwritten.push((performance.now() - started) / STEPS);
    if (i >= WARMUP) handwrittenInside.push(await insidePerStep(runId));
    lastIds.handwritten = runId;
    if (process.env.BENCH_TRACE && i >= WARMUP) {
      traced.interpreter.push(await phases(env.client.workflow.getHandle(run.id)));
      traced.handwritten.push(await phases(env.client.workflow.getHandle(runId)));
    }
    if (process.env.BENCH_REPLAY && i === RUNS + WARMUP - 1) {
      // The workflow code's own CPU, without the server: each history replayed many times on one worker.
      for (const [name, id] of [['interpreter', run.id], ['handwritten', runId], ['interpreter', run.id], ['handwritten', runId]].filter(([name]) => !process.env.BENCH_REPLAY_ONLY || name === process.env.BENCH_REPLAY_ONLY)) {
        const history = await env.client.workflow.getHandle(id).fetchHistory();
        const n = Number(process.env.BENCH_REPLAY);
        const t = performance.now();
        for await (const r of Worker.runReplayHistories({ workflowBundle: { code }, replayName: name }, Array.from({ length: n }, (_, k) => ({ workflowId: `${id}-${k}`, history })))) {
          if (r.error) throw r.error;
        }
        process.stderr.write(`replay ${name}: ${round((performance.now() - t) / n)} ms per run\n`);
      }
    }
    if (process.env.BENCH_TRACE && i === RUNS + WARMUP - 1) {
      await traceHistory('interpreter', env.client.workflow.getHandle(run.id));
      await traceHistory('hand-written', env.client.workflow.getHandle(runId));
    }
  }

  if (process.env.BENCH_TRACE) {
    for (const [name, runs] of Object.entries(traced)) {
      const med = (f: (p: (typeof runs)[number]) => number) => round(pct(runs.map(f), 50));
      const tasks = runs[0].tasks.map((_, k) => med((p) => p.tasks[k] ?? 0));
      const names = Object.keys(runs[0].activities);
      process.stderr.write(`${name}: task p50s ${JSON.stringify(tasks)} (local activities ${JSON.stringify(runs[0].localActivities)}), sum ${med((p) => p.tasks.reduce((a, b) => a + b, 0))}; task queue waits ${med((p) => p.waits)}; activities ${JSON.stringify(Object.fromEntries(names.map((n) => [n, med((p) => p.activities[n])])))}\n`);
    }
  }
  if (process.env.BENCH_TRACE) process.stderr.write(`activity p50s: ${JSON.stringify(Object.fromEntries(Object.entries(activityTimes).map(([n, t]) => [n, [round(pct(t, 50)), t.length]])))}\n`);
  // The two record the same run: the same events (types and step ids) in the same order.
  const recorded = async (runId: string) => (await runtime.store.runs.events(runId, 0)).map((e) => `${e.type}:${(e.data as { id?: string }).id ?? ''}`);
  const [byInterpreter, byHand] = [await recorded(lastIds.interpreter), await recorded(lastIds.handwritten)];
  if (JSON.stringify(byInterpreter) !== JSON.stringify(byHand)) {
    throw new Error(`the two runs recorded different events:\n  interpreter: ${byInterpreter.join(' ')}\n  hand-written: ${byHand.join(' ')}`);
  }

  worker.shutdown();
  await workerDone;
  await runtime.close();
  await env.teardown();
  await mcp.close();
  model.close();

  const result = {
    steps: STEPS,
    interpreter_step_p50_ms: round(pct(interpreterInside, 50)),
    handwritten_step_p50_ms: round(pct(handwrittenInside, 50)),
    validate_ms_p50: round(pct(validateMs, 50)),
    added_step_p50_ms: round(pct(interpreterInside, 50) - pct(handwrittenInside, 50)),
    interpreter_step_p95_ms: round(pct(interpreterInside, 95)),
    handwritten_step_p95_ms: round(pct(handwrittenInside, 95)),
    // From the client: the interpreter's runs start through the run service, the hand-written ones
    // straight on Temporal after one store write.
    interpreter_step_e2e_p50_ms: round(pct(interpreter, 50)),
    handwritten_step_e2e_p50_ms: round(pct(handwritten, 50)),
    runs: RUNS,
    validate_steps: VALIDATE_STEPS,
  };
  console.log(JSON.stringify(result));
}

/** Validating a fresh 200-step definition (nothing served from the expression cache), as a parsed value. */
function validationTimes(): number[] {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const definition = largeDefinition(VALIDATE_STEPS, `b${i}`);
    const started = performance.now();
    const result = validateDefinition(definition);
    times.push(performance.now() - started);
    if (!result.ok) throw new Error('the large benchmark definition is not valid');
  }
  return times;
}

/** The model stand-in in its own process, as a real model server would be. */

const activityTimes: Record<string, number[]> = {};
function timed<T extends object>(activities: T): T {
  if (!process.env.BENCH_TRACE) return activities;
  return Object.fromEntries(Object.entries(activities).map(([name, f]) => [name, async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await (f as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      (activityTimes[name] ??= []).push(performance.now() - started);
    }
  }])) as T;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
