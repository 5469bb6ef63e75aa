// Per-tenant registry of MCP servers (table `tool_servers`). Specs are stored with secret
// references only: values that look like credentials must be `{ secret }` references to the
// tenant's own secrets. `{ fromEnv }` (the worker's environment) is for keel.yaml's servers only.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { HttpServerSpec, McpServerSpec, StdioServerSpec, type MaybeSecret, type SecretRef } from './types';

interface ToolServersTable {
  tenant_id: string;
  name: string;
  transport: string;
  spec: string;
  created_at: string;
  updated_at: string;
}
type RegistryDb = Kysely<{ tool_servers: ToolServersTable }>;

/** What a tenant sends: a server spec without `name` (it comes from the path), `egress` (policy sets it) or `tenantId` (the caller's). */
export const ToolServerBody = z.discriminatedUnion('transport', [
  StdioServerSpec.omit({ name: true, tenantId: true }).strict(),
  HttpServerSpec.omit({ name: true, egress: true, tenantId: true }).strict(),
]);
export type ToolServerBody = z.input<typeof ToolServerBody>;
export const ToolServerName = McpServerSpec.options[0].shape.name;

export interface ToolServerRecord {
  name: string;
  spec: McpServerSpec;
  createdAt: string;
  updatedAt: string;
}

export class ToolRegistryError extends Error {
  constructor(
    readonly code: 'invalid' | 'conflict' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface ToolRegistryPolicy {
  /** Exact commands tenants may run as stdio servers; empty = none. */
  stdioCommands?: readonly string[];
  allowPrivateHttp?: boolean;
  /** Names of platform-configured servers, which tenants cannot shadow. */
  reservedNames?: readonly string[];
}

const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|api-?key|password|auth/i;
const SENSITIVE_ENV = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH/i;

const SECRET_HINT = 'store the value as a tenant secret (PUT /v1/secrets/NAME) and reference it as { "secret": NAME }';

/** Where a tenant's spec asks for the worker's environment. Refused whatever the environment holds. */
function envReferences(values: Record<string, MaybeSecret>, where: string, bearer?: SecretRef): string[] {
  const found = Object.entries(values).filter(([, v]) => typeof v === 'object' && 'fromEnv' in v).map(([k]) => `${where} ${k}`);
  if (bearer && 'fromEnv' in bearer) found.push('bearerTokenRef');
  return found;
}

function plaintextSecrets(values: Record<string, MaybeSecret>, sensitive: RegExp): string[] {
  return Object.entries(values)
    .filter(([k, v]) => typeof v === 'string' && v.length > 0 && sensitive.test(k))
    .map(([k]) => k);
}

export function toolServerRegistry(db: Kysely<any>, policy: ToolRegistryPolicy = {}) {
  const d = db as RegistryDb;
  // The owner comes from the row, whatever the stored JSON says: it scopes the spec's secret references.
  const toRecord = (r: ToolServersTable): ToolServerRecord => ({
    name: r.name,
    spec: McpServerSpec.parse({ ...JSON.parse(r.spec), tenantId: r.tenant_id }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  function checked(name: string, raw: unknown): McpServerSpec {
    const nameOk = ToolServerName.safeParse(name);
    if (!nameOk.success) throw new ToolRegistryError('invalid', `invalid server name "${name}": ${nameOk.error.issues[0]?.message}`);
    if (policy.reservedNames?.includes(name)) throw new ToolRegistryError('conflict', `"${name}" is a platform MCP server name`);
    const body = ToolServerBody.safeParse(raw);
    if (!body.success) {
      const issues = body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new ToolRegistryError('invalid', `invalid server spec: ${issues}`);
    }
    const b = body.data;
    if (b.transport === 'stdio') {
      if (!policy.stdioCommands?.includes(b.command)) {
        throw new ToolRegistryError('invalid', `stdio command "${b.command}" is not allowed for tenant servers (mcp.tenantStdioCommands)`);
      }
      refuseEnvReferences(envReferences(b.env, 'env'));
      const plain = plaintextSecrets(b.env, SENSITIVE_ENV);
      if (plain.length) throw new ToolRegistryError('invalid', `env ${plain.join(', ')}: ${SECRET_HINT}, not as a value`);
      return { ...b, name };
    }
    refuseEnvReferences(envReferences(b.headers, 'header', b.bearerTokenRef));
    const plain = plaintextSecrets(b.headers, SENSITIVE_HEADER);
    if (plain.length) throw new ToolRegistryError('invalid', `header ${plain.join(', ')}: ${SECRET_HINT}, not as a value`);
    const url = new URL(b.url);
    if (url.username || url.password) throw new ToolRegistryError('invalid', 'credentials in the URL: use headers with secret references');
    return { ...b, name, egress: policy.allowPrivateHttp ? 'any' : 'public' };
  }

  function refuseEnvReferences(found: string[]) {
    if (found.length) throw new ToolRegistryError('invalid', `${found.join(', ')}: tenant servers cannot read the platform environment ({ "fromEnv" }); ${SECRET_HINT}`);
  }

  return {
    /** Creates or replaces the tenant's server `name`. */
    async put(tenantId: string, name: string, body: unknown, mode: 'create' | 'upsert' = 'upsert'): Promise<{ record: ToolServerRecord; created: boolean }> {
      const spec = checked(name, body);
      const now = new Date().toISOString();
      return d.transaction().execute(async (tx) => {
        const existing = await tx.selectFrom('tool_servers').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
        if (existing && mode === 'create') throw new ToolRegistryError('conflict', `MCP server "${name}" is already registered`);
        const row = { tenant_id: tenantId, name, transport: spec.transport, spec: JSON.stringify(spec), created_at: existing?.created_at ?? now, updated_at: now };
        if (existing) {
          await tx.updateTable('tool_servers').set({ transport: row.transport, spec: row.spec, updated_at: now }).where('tenant_id', '=', tenantId).where('name', '=', name).execute();
        } else {
          await tx.insertInto('tool_servers').values(row).execute();
        }
        return { record: toRecord(row), created: !existing };
      });
    },

    async list(tenantId: string): Promise<ToolServerRecord[]> {
      const rows = await d.selectFrom('tool_servers').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
      return rows.map(toRecord);
    },

    async get(tenantId: string, name: string): Promise<ToolServerRecord | undefined> {
      const row = await d.selectFrom('tool_servers').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    async remove(tenantId: string, name: string): Promise<boolean> {
      const r = await d.deleteFrom('tool_servers').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type ToolServerRegistry = ReturnType<typeof toolServerRegistry>;

/**
 * Finds the server a tenant means by `name`: platform-configured servers first, then the
 * tenant's registry. This is the `resolveServer` the tool activities take.
 */
export function toolServerResolver(platform: Record<string, z.input<typeof ToolServerBody> | Omit<McpServerSpec, 'name'>>, registry?: ToolServerRegistry) {
  return async (tenantId: string, name: string): Promise<McpServerSpec | undefined> => {
    const configured = platform[name];
    if (configured) return McpServerSpec.parse({ ...configured, name });
    return (await registry?.get(tenantId, name))?.spec;
  };
}
