// Tracing overhead: the same agent run (two tool turns: 3 model calls on the vLLM stand-in,
// 2 MCP tool calls over stdio) on a real Temporal dev server, with the worker's activities
// traced (export to a local OTLP receiver standing in for Langfuse, plus the local store) and
// untraced. Runs alternate between the two so drift hits both alike.
// Last stdout line: {"run_p50_ms_traced":…,"run_p50_ms_untraced":…,"overhead_pct":…}
import { devServerArgs } from '../services/temporal';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { AgentRunWorkflow } from '../workflows/agent-run';
import { agentRegistry, runService } from '../services/agents';
import { KeelConfigSchema } from '../services/config';
import { agentRunTracing, createTraceRecorder } from '../services/tracing';
import { buildRuntime } from '../services/platform';
import { startOtlpReceiver } from '../test/support/otlp-receiver';
import { scriptedModel } from '../test/support/scripted-model';
import { startVllmStandin } from '../test/support/vllm-standin';

const root = resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_TRACING_RUNS ?? 60);
const WARMUP = Number(process.env.BENCH_TRACING_WARMUP ?? 5);
const MODEL = 'bench-model';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main() {
  const temporalCli = resolve(root, '.tools/bin/temporal');
  if (!existsSync(temporalCli)) throw new Error('Temporal CLI not installed (npm run setup)');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dataDir = mkdtempSync(join(tmpdir(), 'keel-bench-tracing-'));
  const keys = { publicKey: 'pk-lf-bench', secretKey: 'sk-lf-bench' };
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCli }, extraArgs: ['--log-level', 'error', ...devServerArgs()] },
  });
  const model = await startVllmStandin({ model: MODEL, respond: scriptedModel });
  const receiver = await startOtlpReceiver(keys);
  const baseConfig = {
    dataDir,
    temporal: { address: env.connection.options.address },
    router: {
      deployments: [{ id: 'standin', provider: 'openai' as const, model: MODEL, endpoint: model.url, scrapeMetrics: false }],
      models: { [MODEL]: { deployments: ['standin'] } },
    },
    mcpServers: {
      tools: { transport: 'stdio' as const, command: process.execPath, args: ['--import', 'tsx', join(root, 'test/support/mcp-test-server.ts'), '--stdio'], env: {}, cwd: root },
    },
  };
  const plainConfig = KeelConfigSchema.parse({ ...baseConfig, temporal: { ...baseConfig.temporal, taskQueues: { agents: 'bench-untraced' } } });
  const tracedConfig = KeelConfigSchema.parse({ ...baseConfig, temporal: { ...baseConfig.temporal, taskQueues: { agents: 'bench-traced' } } });
  const runtime = await buildRuntime({ config: plainConfig, baseDir: dataDir });
  const recorder = createTraceRecorder({ environment: 'bench', langfuse: { ...keys, baseUrl: receiver.url } }, { dataDir });
  const workers: Worker[] = [];
  try {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), failureConverterPath: require.resolve('../services/temporal/failure-converter.cjs'), logger: new DefaultLogger('WARN') });
    const tenant = await runtime.store.tenants.create('bench');
    await agentRegistry(runtime.store).register(tenant.id, {
      name: 'helper', instructions: 'You are a bench agent.', model: MODEL, tools: [{ server: 'tools', tools: ['add', 'echo'] }],
    });
    const tracing = agentRunTracing({
      recorder,
      environment: 'bench',
      lookupRun: (tenantId, runId) => runtime.store.runs.get(tenantId, runId),
    });
    for (const [taskQueue, interceptors] of [['bench-untraced', []], ['bench-traced', [tracing]]] as const) {
      workers.push(await Worker.create({ connection: env.nativeConnection, taskQueue, activities: createActivities(runtime), interceptors: { activity: [...interceptors] }, workflowBundle: { code } }));
    }
    const running = workers.map((w) => w.run());

    const services = { untraced: runService({ store: runtime.store, temporal: env.client, config: plainConfig }), traced: runService({ store: runtime.store, temporal: env.client, config: tracedConfig }) };
    const runOnce = async (mode: keyof typeof services) => {
      const t = performance.now();
      const run = await services[mode].start(tenant.id, { agent: 'helper', input: 'two-turns' });
      const outcome = await env.client.workflow.getHandle<typeof AgentRunWorkflow>(run.workflowId).result();
      const ms = performance.now() - t;
      if (outcome.status !== 'completed') throw new Error(`bench run ${run.id} ended ${outcome.status}`);
      return ms;
    };
    for (let i = 0; i < WARMUP; i++) await runOnce('untraced'), await runOnce('traced');
    const times = { traced: [] as number[], untraced: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      // Alternate which mode goes first so neither always follows the other.
      const order: Array<keyof typeof times> = i % 2 ? ['traced', 'untraced'] : ['untraced', 'traced'];
      for (const mode of order) times[mode].push(await runOnce(mode));
    }
    await recorder.flush();
    const stats = recorder.stats();
    for (const w of workers) w.shutdown();
    await Promise.all(running);

    const tracedP50 = percentile(times.traced, 50);
    const untracedP50 = percentile(times.untraced, 50);
    console.error(`runs per mode: ${RUNS}; spans received: ${receiver.spans.length}; recorder: ${JSON.stringify(stats)}`);
    console.error(`traced p90 ${round(percentile(times.traced, 90))} ms, untraced p90 ${round(percentile(times.untraced, 90))} ms`);
    console.log(JSON.stringify({
      run_p50_ms_traced: round(tracedP50),
      run_p50_ms_untraced: round(untracedP50),
      overhead_pct: round(((tracedP50 - untracedP50) / untracedP50) * 100),
    }));
  } finally {
    await recorder.shutdown();
    await runtime.close();
    await receiver.close();
    await model.close();
    await env.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
