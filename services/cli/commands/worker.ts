// keel worker [--queues agents,ingest]: Temporal workers for the chosen task queues against a running
// Temporal (TEMPORAL_ADDRESS), as services/worker/main.ts runs them in production.
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { runWorkerProcess } from '../../platform';
import { parseWorkerRoles, WORKER_ROLES } from '../../worker';
import { CliError } from '../client';

export function registerWorkerCommand(program: Command) {
  program
    .command('worker')
    .description('run Temporal workers for some task queues against a running Temporal (scale each queue on its own)')
    .option('--queues <list>', `comma-separated task-queue roles: ${WORKER_ROLES.join(', ')}`, WORKER_ROLES.join(','))
    .action(async (opts: { queues: string }) => {
      let roles;
      try {
        roles = parseWorkerRoles(opts.queues, '--queues');
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      await runWorkerProcess(loadConfig(), roles, (line) => console.log(`[keel] ${line}`));
      // Drained and closed: exit even if a client library left a timer behind.
      process.exit(0);
    });
}
