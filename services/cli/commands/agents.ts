// keel agents register FILE | list | get NAME, and the version verbs (versions.ts): versions, diff, promote, rollback, canary, pin
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiClientFromEnv } from '../client';
import { printJson } from '../output';
import { describeLabels, registerVersionCommands } from './versions';

export function registerAgentCommands(program: Command) {
  const agents = program.command('agents').description('register and inspect agent definitions');

  agents
    .command('register <file>')
    .description('register an agent definition (YAML or JSON); a changed definition becomes a new version, which runs get once promoted (the first version is stable at once)')
    .option('--stable', 'make the registered version stable at once')
    .option('--canary <percent>', 'make the registered version the canary with this share of new runs (0–100)')
    .action(async (file: string, opts: { stable?: boolean; canary?: string }) => {
      const body = readFileSync(file, 'utf8');
      const type = /\.json$/i.test(file) ? 'application/json' : 'application/yaml';
      const query = opts.stable ? '?stable=true' : opts.canary !== undefined ? `?canary=${encodeURIComponent(opts.canary)}` : '';
      const res = await apiClientFromEnv().request('POST', `/v1/agents${query}`, body, { 'content-type': type });
      console.log(`${res.agent.name} version ${res.agent.version}${res.created ? ' registered' : ' (unchanged)'}`);
      console.log(describeLabels(res.agent.name, res.labels));
    });

  agents
    .command('list')
    .description('list agents')
    .action(async () => {
      const { agents: list } = await apiClientFromEnv().request('GET', '/v1/agents');
      if (list.length === 0) return console.log('no agents registered');
      for (const a of list) console.log(`${a.name.padEnd(32)} v${a.latestVersion}  stable v${a.stableVersion}  updated ${a.updatedAt}`);
    });

  agents
    .command('get <name>')
    .option('--version <n>', 'a specific version')
    .description('show an agent definition')
    .action(async (name: string, opts: { version?: string }) => {
      const path = opts.version ? `/v1/agents/${encodeURIComponent(name)}/versions/${opts.version}` : `/v1/agents/${encodeURIComponent(name)}`;
      printJson(await apiClientFromEnv().request('GET', path));
    });

  registerVersionCommands(agents, 'agents', 'agent');
}
