// A standalone worker process (production, docker-compose, crash tests): `node dist/services/worker/main.js`
// after `npm run build`, or `tsx services/worker/main.ts` from the sources.
import { configEnvUsage, loadConfig } from '../config';
import { installTemporalLogging, runWorkerProcess } from '../platform';
import { parseWorkerRoles, WORKER_ROLES, type WorkerRole } from './index';

const USAGE = `Usage: node dist/services/worker/main.js [--queues ${WORKER_ROLES.join(',')}]

Runs Keel's Temporal workers (agent runs, registered workflows, ingestion) against a running Temporal until SIGINT or SIGTERM.

  --queues LIST          the task-queue roles to serve, comma-separated: ${WORKER_ROLES.join(', ')}
                         (default: KEEL_WORKER_ROLES, else all of them)

SIGTERM drains: polling stops and in-flight activities get worker.shutdownGraceSeconds (default 30) to
finish. worker.health.port (KEEL__worker__health__port; 0, the default, serves none) serves /livez and
/readyz; worker.concurrency.<queue> bounds what this process runs at once per task queue.

Environment (over keel.yaml):
  KEEL_WORKER_ROLES      the same as --queues (the flag wins)
  (KEEL_PAYLOAD_KEYS below: the API and every worker need the same ring)
  KEEL_LOG_LEVEL         Temporal's worker logs as JSON lines on stdout: trace … error, silent (default: warn)
  KEEL_WORKFLOW_BUNDLE   a prebuilt workflow bundle (default: dist/workflow-bundle.js from \`npm run build\`,
                         else workflows/ is bundled at start-up)
${configEnvUsage()}
`;

/** `--queues a,b` or `--queues=a,b`, if given. */
function queuesArg(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--queues' || a.startsWith('--queues='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice('--queues='.length) : (argv[i + 1] ?? '');
}

function roles(): WorkerRole[] {
  const flag = queuesArg(process.argv.slice(2));
  if (flag !== undefined) return parseWorkerRoles(flag, '--queues');
  return parseWorkerRoles(process.env.KEEL_WORKER_ROLES ?? WORKER_ROLES.join(','), 'KEEL_WORKER_ROLES');
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE);
} else {
  let chosen: WorkerRole[] = [];
  try {
    chosen = roles();
  } catch (err) {
    process.stderr.write(`worker: ${(err as Error).message}\n`);
    process.exit(2);
  }
  installTemporalLogging();
  Promise.resolve().then(() => runWorkerProcess(loadConfig(), chosen, (line) => process.stdout.write(`${line}\n`))).then(() => process.exit(0), (err) => {
    process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
