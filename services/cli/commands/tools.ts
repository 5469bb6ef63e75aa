// keel tools register FILE [--name N] [--replace] | list | get NAME | remove NAME | describe NAME
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { apiClientFromEnv, CliError } from '../client';
import { printJson } from '../output';

export function registerToolCommands(program: Command) {
  const tools = program.command('tools').description("register and inspect this tenant's MCP servers");

  tools
    .command('register <file>')
    .description('register an MCP server from a YAML/JSON spec: {name, transport: stdio|http, …}; secrets as {fromEnv: VAR} or {secret: name}')
    .option('--name <name>', 'server name (overrides the name in the file)')
    .option('--replace', 'replace an existing server of that name', false)
    .action(async (file: string, opts: { name?: string; replace: boolean }) => {
      const spec = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
      if (!spec || typeof spec !== 'object') throw new CliError(`${file} does not hold a server spec object`);
      const name = opts.name ?? spec.name;
      if (typeof name !== 'string') throw new CliError('the spec needs a name (or pass --name)');
      const api = apiClientFromEnv();
      const record = opts.replace
        ? await api.request('PUT', `/v1/tools/servers/${encodeURIComponent(name)}`, { ...spec, name })
        : await api.request('POST', '/v1/tools/servers', { ...spec, name });
      console.log(`${record.name} (${record.spec.transport}) registered`);
    });

  tools
    .command('list')
    .description('list registered MCP servers')
    .action(async () => {
      const { servers } = await apiClientFromEnv().request('GET', '/v1/tools/servers');
      if (servers.length === 0) return console.log('no MCP servers registered');
      for (const s of servers) console.log(`${s.name.padEnd(24)} ${s.spec.transport.padEnd(6)} ${s.spec.transport === 'http' ? s.spec.url : s.spec.command}`);
    });

  tools
    .command('get <name>')
    .description('show a registered MCP server (secret references, never values)')
    .action(async (name: string) => printJson(await apiClientFromEnv().request('GET', `/v1/tools/servers/${encodeURIComponent(name)}`)));

  tools
    .command('remove <name>')
    .description('remove a registered MCP server')
    .action(async (name: string) => {
      await apiClientFromEnv().request('DELETE', `/v1/tools/servers/${encodeURIComponent(name)}`).catch((err) => {
        // 204 has no JSON body; only real failures are CliErrors.
        if (err instanceof CliError) throw err;
      });
      console.log(`${name} removed`);
    });

  tools
    .command('describe <name>')
    .description("connect to the server and list its tools with their annotations")
    .action(async (name: string) => {
      const { tools: list } = await apiClientFromEnv().request('GET', `/v1/tools/servers/${encodeURIComponent(name)}/tools`);
      for (const t of list) {
        const hints = Object.entries(t.annotations ?? {}).filter(([k, v]) => k !== 'title' && v === true).map(([k]) => k.replace(/Hint$/, ''));
        console.log(`${t.name.padEnd(28)} ${hints.length ? `[${hints.join(', ')}] ` : ''}${t.description}`);
      }
    });
}
