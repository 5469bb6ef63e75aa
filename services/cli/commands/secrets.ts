// keel secrets set NAME [--from-file F] | list | delete NAME: this tenant's write-only secrets.
// The value is read from a file or stdin, never from the command line (shell history, ps).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { apiClientFromEnv, CliError } from '../client';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One trailing newline (from `echo` or an editor) is not part of the value. */
const withoutFinalNewline = (s: string) => s.replace(/\r?\n$/, '');

export function registerSecretCommands(program: Command) {
  const secrets = program.command('secrets').description("set and list this tenant's secrets (values are never shown back)");

  secrets
    .command('set <name>')
    .description('set a secret from stdin (or --from-file); reference it from MCP servers and S3 sources as { secret: NAME }')
    .option('--from-file <file>', 'read the value from this file instead of stdin')
    .action(async (name: string, opts: { fromFile?: string }) => {
      const value = withoutFinalNewline(opts.fromFile ? readFileSync(opts.fromFile, 'utf8') : await readStdin());
      if (!value) throw new CliError('empty value: pipe it on stdin or pass --from-file');
      await apiClientFromEnv().request('PUT', `/v1/secrets/${encodeURIComponent(name)}`, { value });
      console.log(`secret ${name} set`);
    });

  secrets
    .command('list')
    .description('list secret names and when each was last set')
    .action(async () => {
      const { secrets: list } = await apiClientFromEnv().request('GET', '/v1/secrets');
      if (list.length === 0) return console.log('no secrets set');
      for (const s of list) console.log(`${s.name.padEnd(40)} ${s.updatedAt}`);
    });

  secrets
    .command('delete <name>')
    .description('delete a secret')
    .action(async (name: string) => {
      await apiClientFromEnv().request('DELETE', `/v1/secrets/${encodeURIComponent(name)}`);
      console.log(`secret ${name} deleted`);
    });
}
