// First-start chores: the default tenant with an API key, the example agents and workflows.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Store } from '../store';
import type { AgentRegistry } from '../agents';
import { DomainError } from '../errors';
import { formatValidationError, type ReportedValidationError, type WorkflowRegistry } from '../workflows';

export interface Credentials {
  tenant: string;
  tenantId: string;
  apiKey: string;
}

/** The default tenant's key is kept in `<dataDir>/credentials.json` (mode 0600) so the CLI can use it. */
export async function ensureDefaultCredentials(store: Store, dataDir: string): Promise<Credentials> {
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Credentials;
    if (await store.tenants.authenticate(saved.apiKey)) return saved;
  }
  const tenant = await store.tenants.ensure('default');
  const { key } = await store.tenants.createApiKey(tenant.id, 'keel start');
  const creds = { tenant: tenant.name, tenantId: tenant.id, apiKey: key };
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

export function readSavedCredentials(dataDir: string): Credentials | undefined {
  const file = join(dataDir, 'credentials.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Credentials) : undefined;
}

/**
 * Registers every agent definition under `<examplesDir>/agents` (YAML or JSON) for a tenant. The
 * files are the operator's own: a changed one becomes the stable version at once.
 */
export async function loadExampleAgents(registry: AgentRegistry, tenantId: string, examplesDir: string) {
  const dir = join(examplesDir, 'agents');
  if (!existsSync(dir)) return [];
  const loaded: Array<{ name: string; version: number; created: boolean }> = [];
  for (const file of readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const body = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    try {
      const { agent, created } = await registry.register(tenantId, body, undefined, { stable: true });
      loaded.push({ name: agent.name, version: agent.version, created });
    } catch (err) {
      throw new Error(`examples/agents/${file}: ${(err as Error).message}`);
    }
  }
  return loaded;
}

export interface ExampleWorkflows {
  loaded: Array<{ name: string; version: number; created: boolean }>;
  /** Examples the tenant cannot run yet (a collection not ingested, a tool server missing): why, per file. */
  refused: Array<{ file: string; errors: string[] }>;
}

/**
 * Registers every workflow definition under `<examplesDir>/workflows` for a tenant, stable at once.
 * One whose checks fail (say its collection is not ingested yet) is reported, not fatal: start-up
 * goes on, and the next start registers it. Examples naming each other register in any order.
 */
export async function loadExampleWorkflows(registry: WorkflowRegistry, tenantId: string, examplesDir: string): Promise<ExampleWorkflows> {
  const dir = join(examplesDir, 'workflows');
  if (!existsSync(dir)) return { loaded: [], refused: [] };
  let pending = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const loaded: ExampleWorkflows['loaded'] = [];
  let refused: ExampleWorkflows['refused'] = [];
  while (pending.length > 0) {
    refused = [];
    for (const file of pending) {
      try {
        const { workflow, created } = await registry.register(tenantId, readFileSync(join(dir, file), 'utf8'), undefined, { stable: true });
        loaded.push({ name: workflow.name, version: workflow.version, created });
      } catch (err) {
        if (!(err instanceof DomainError) || err.kind !== 'invalid') throw new Error(`examples/workflows/${file}: ${(err as Error).message}`);
        const reported = (err.details as { errors?: ReportedValidationError[] } | undefined)?.errors;
        const errors = reported?.map((e) => formatValidationError({ ...e, stepId: e.step })) ?? [err.message];
        refused.push({ file, errors });
      }
    }
    // Another pass only when this one registered something a refused example may name.
    if (refused.length === pending.length) break;
    pending = refused.map((r) => r.file);
  }
  return { loaded, refused };
}
