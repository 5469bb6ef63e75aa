// keel: one CLI over the HTTP API, plus local commands (start, doctor, eval).
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { createRouter } from '../router';
import { CliError } from './client';
import { registerStartCommand } from './commands/start';
import { registerDoctorCommand } from './commands/doctor';
import { registerAgentCommands } from './commands/agents';
import { registerRunCommands } from './commands/runs';
import { registerChatCommand } from './commands/chat';
import { registerEvalCommand } from './commands/eval';
import { registerTenantCommands } from './commands/tenants';
import { registerToolCommands } from './commands/tools';
import { registerIngestCommands } from './commands/ingest';
import { registerSourceCommands } from './commands/sources';
import { registerReplayCommand } from './commands/replay';
import { registerSecretCommands } from './commands/secrets';
import { registerKeyCommands } from './commands/keys';
import { registerWorkflowCommands } from './commands/workflows';
import { registerWorkerCommand } from './commands/worker';
import { registerUsageCommand } from './commands/usage';

// A reader that stops early (`keel runs list | head`) closes the pipe: exit quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

const program = new Command('keel').description('Keel: durable agents and RAG on Temporal').showHelpAfterError();
registerStartCommand(program);
registerWorkerCommand(program);
registerDoctorCommand(program);
registerAgentCommands(program);
registerRunCommands(program);
registerChatCommand(program);
registerEvalCommand(program, {
  makeRouter: () => createRouter(loadConfig().config.router),
  retrieval: () => loadConfig().config.retrieval,
  chunking: () => loadConfig().config.ingest.chunking,
  vector: () => loadConfig().config.vector,
});
registerTenantCommands(program);
registerToolCommands(program);
registerIngestCommands(program);
registerSourceCommands(program);
registerReplayCommand(program);
registerSecretCommands(program);
registerKeyCommands(program);
registerWorkflowCommands(program);
registerUsageCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof CliError) {
    process.stderr.write(`keel: ${err.message}\n`);
  } else {
    process.stderr.write(`keel: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.KEEL_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
  }
  process.exit(1);
});
