// keel keys list | create [--label L] | revoke ID: this tenant's API keys over the HTTP API.
import type { Command } from 'commander';
import { apiClientFromEnv } from '../client';

export function registerKeyCommands(program: Command) {
  const keys = program.command('keys').description("create, list and revoke this tenant's API keys");

  keys
    .command('list')
    .description('list API keys (ids and labels; the keys themselves are never shown again)')
    .action(async () => {
      const { keys: list } = await apiClientFromEnv().request('GET', '/v1/keys');
      for (const k of list) console.log(`${k.id.padEnd(22)} ${(k.revokedAt ? `revoked ${k.revokedAt}` : 'active').padEnd(34)} ${k.createdAt}  ${k.label}`);
    });

  keys
    .command('create')
    .description('create an API key and print it (shown once: store it now)')
    .option('--label <label>', 'what the key is for', 'cli')
    .action(async (opts: { label: string }) => {
      const created = await apiClientFromEnv().request('POST', '/v1/keys', { label: opts.label });
      console.log(`${created.id}\n${created.key}`);
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key: requests with it are refused from now on')
    .action(async (id: string) => {
      await apiClientFromEnv().request('DELETE', `/v1/keys/${encodeURIComponent(id)}`);
      console.log(`${id} revoked`);
    });
}
