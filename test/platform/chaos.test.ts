// The chaos bench, bounded: a few runs and one ingestion job through two worker SIGKILLs, a Temporal
// dev server restart on the same database and a 5 s model outage. Nothing is lost, no side effect
// happens twice and every document is indexed exactly once.
import { expect, inject, it } from 'vitest';
import { runChaos } from '../../bench/support/chaos';

it('rides out worker kills, a server restart and a model outage with every invariant kept', async () => {
  const log: string[] = [];
  const { leftOver, ...result } = await runChaos({
    runs: 6, ingestJobs: 1, docsPerJob: 12, workerKills: 2, serverRestarts: 1,
    outageSeconds: 5, outageWindowSeconds: 120, retryMaxIntervalSeconds: 1, breakerCooldownMs: 1_000,
    spreadSeconds: 16, deadlineSeconds: 60, toolHoldMs: 300, modelLatencyMs: 20,
    seed: Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000),
    temporalCli: inject('temporalCliPath'), workflowBundle: inject('workflowBundlePath'),
    log: (line) => (log.push(line), process.env.CHAOS_VERBOSE && console.error(line)),
  });
  const context = `${log.join('\n')}\n${leftOver.join('\n')}`;
  expect(result, context).toEqual({
    runs: 6, completed: 6, failed: 0, lost: 0, duplicate_side_effects: 0,
    ingest_docs_expected: 12, ingest_docs_indexed: 12, worker_kills: 2, server_restarts: 1, model_outage_s: 5,
  });
}, 150_000);
