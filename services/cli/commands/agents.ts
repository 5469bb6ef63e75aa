// keel agents register FILE | list | get NAME
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiClientFromEnv } from '../client';
import { printJson } from '../output';

export function registerAgentCommands(program: Command) {
  const agents = program.command('agents').description('register and inspect agent definitions');

  agents
    .command('register <file>')
    .description('register an agent definition (YAML or JSON); a changed definition becomes a new version')
    .action(async (file: string) => {
      const body = readFileSync(file, 'utf8');
      const type = /\.json$/i.test(file) ? 'application/json' : 'application/yaml';
      const res = await apiClientFromEnv().request('POST', '/v1/agents', body, { 'content-type': type });
      console.log(`${res.agent.name} version ${res.agent.version}${res.created ? ' registered' : ' (unchanged)'}`);
    });

  agents
    .command('list')
    .description('list agents')
    .action(async () => {
      const { agents: list } = await apiClientFromEnv().request('GET', '/v1/agents');
      if (list.length === 0) return console.log('no agents registered');
      for (const a of list) console.log(`${a.name.padEnd(32)} v${a.latestVersion}  updated ${a.updatedAt}`);
    });

  agents
    .command('get <name>')
    .option('--version <n>', 'a specific version')
    .description('show an agent definition')
    .action(async (name: string, opts: { version?: string }) => {
      const path = opts.version ? `/v1/agents/${encodeURIComponent(name)}/versions/${opts.version}` : `/v1/agents/${encodeURIComponent(name)}`;
      printJson(await apiClientFromEnv().request('GET', path));
    });
}
