// keel keys list | create [--label L] [--scopes a,b] | revoke ID: this tenant's API keys over the HTTP API.
import type { Command } from 'commander';
import { API_SCOPES, DEFAULT_API_KEY_SCOPES } from '../../keys';
import { apiClientFromEnv } from '../client';

const scopeList = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

export function registerKeyCommands(program: Command) {
  const keys = program.command('keys').description("create, list and revoke this tenant's API keys");

  keys
    .command('list')
    .description('list API keys (ids, labels and scopes; the keys themselves are never shown again)')
    .action(async () => {
      const { keys: list } = await apiClientFromEnv().request('GET', '/v1/keys');
      for (const k of list) {
        console.log(`${k.id.padEnd(22)} ${(k.revokedAt ? `revoked ${k.revokedAt}` : 'active').padEnd(34)} ${k.createdAt}  ${k.scopes.join(',').padEnd(24)} ${k.label}`);
      }
    });

  keys
    .command('create')
    .description(`create an API key and print it (shown once: store it now). Scopes: ${API_SCOPES.join(', ')}; admin implies all`)
    .option('--label <label>', 'what the key is for', 'cli')
    .option('--scopes <list>', `comma-separated scopes (default ${DEFAULT_API_KEY_SCOPES.join(',')})`, scopeList)
    .action(async (opts: { label: string; scopes?: string[] }) => {
      const created = await apiClientFromEnv().request('POST', '/v1/keys', { label: opts.label, ...(opts.scopes ? { scopes: opts.scopes } : {}) });
      console.log(`${created.id}\n${created.key}\nscopes ${created.scopes.join(',')}`);
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key: requests with it are refused from now on')
    .action(async (id: string) => {
      await apiClientFromEnv().request('DELETE', `/v1/keys/${encodeURIComponent(id)}`);
      console.log(`${id} revoked`);
    });
}
