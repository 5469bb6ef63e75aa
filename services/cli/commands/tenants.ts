// keel tenants create NAME | keel tenants key NAME [--scopes a,b]: local admin commands against the store
// (for deployments where the API runs on its own and no default tenant is bootstrapped).
import type { Command } from 'commander';
import { loadConfig, resolveDataPath } from '../../config';
import { openStore } from '../../store';
import { API_SCOPES, ApiScopesSchema, normalizeScopes } from '../../keys';

async function withStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>) {
  const loaded = loadConfig();
  const store = await openStore(loaded.config.store.url, resolveDataPath(loaded));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function registerTenantCommands(program: Command) {
  const tenants = program.command('tenants').description('manage tenants and API keys (talks to the store directly)');
  tenants
    .command('create <name>')
    .description('create a tenant and print its first API key (shown once)')
    .action((name: string) =>
      withStore(async (store) => {
        if (await store.tenants.byName(name)) throw new Error(`tenant ${name} exists: use \`keel tenants key ${name}\``);
        const tenant = await store.tenants.create(name);
        const { key } = await store.tenants.createApiKey(tenant.id, 'keel tenants create');
        console.log(`tenant ${name} (${tenant.id})\napi key ${key}`);
      }),
    );
  tenants
    .command('key <name>')
    .option('--label <label>', 'what the key is for', 'cli')
    .option('--scopes <list>', `comma-separated scopes (${API_SCOPES.join(', ')})`, 'admin')
    .description('create another API key for a tenant (shown once; admin unless --scopes)')
    .action((name: string, opts: { label: string; scopes: string }) =>
      withStore(async (store) => {
        const parsed = ApiScopesSchema.safeParse(opts.scopes.split(',').map((s) => s.trim()).filter(Boolean));
        if (!parsed.success) throw new Error(`--scopes: each of ${API_SCOPES.join(', ')}`);
        const tenant = await store.tenants.byName(name);
        if (!tenant) throw new Error(`no tenant ${name}`);
        console.log((await store.tenants.createApiKey(tenant.id, opts.label, normalizeScopes(parsed.data))).key);
      }),
    );
}
