// npm run bench -- chaos: 50 agent runs (a counted tool call and a destructive one each, approved
// through the API) and 3 ingestion jobs while the worker process is SIGKILLed 5 times, the Temporal
// dev server restarts once on the same database and the model refuses connections for 60 s.
// Overrides: CHAOS_RUNS, CHAOS_INGEST_JOBS, CHAOS_DOCS_PER_JOB, CHAOS_WORKER_KILLS,
// CHAOS_SERVER_RESTARTS, CHAOS_OUTAGE_SECONDS, CHAOS_SPREAD_SECONDS, CHAOS_DEADLINE_SECONDS,
// CHAOS_SEED, … (every ChaosOptions number), or --runs N --worker-kills N … on the command line.
// Prints {"runs","completed","failed","lost","duplicate_side_effects","ingest_docs_expected",
// "ingest_docs_indexed","worker_kills","server_restarts","model_outage_s"} as its last line.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runChaos } from './support/chaos';
import { CHAOS_DEFAULTS, chaosOptionsFromEnv, type ChaosOptions } from './support/chaos-options';

function fromArgs(argv: string[]): Partial<ChaosOptions> {
  const env: NodeJS.ProcessEnv = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    env[`CHAOS_${argv[i].slice(2).replace(/-/g, '_').toUpperCase()}`] = argv[i + 1];
  }
  return chaosOptionsFromEnv(env);
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const opts: ChaosOptions = {
    ...CHAOS_DEFAULTS,
    ...chaosOptionsFromEnv(),
    ...fromArgs(process.argv.slice(2)),
    log: (line) => process.stderr.write(`[chaos] ${line}\n`),
  };
  const { leftOver, ...result } = await runChaos(opts);
  if (leftOver.length) process.stderr.write(`[chaos] left unfinished after ${opts.deadlineSeconds} s:\n  ${leftOver.join('\n  ')}\n`);
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
