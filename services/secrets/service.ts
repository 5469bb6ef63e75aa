// A tenant's secrets: written over the API, never read back by it. Only the platform's own
// consumers (the MCP pool connecting a tenant's server, a tenant's S3 source) reveal a value, and
// only within the tenant that stored it.
import type { Kysely } from 'kysely';
import type { Db } from '../store';
import type { AuditActor, AuditLog } from '../audit';
import { notFound, parseInput } from '../errors';
import type { SecretCipher } from './cipher';
import { SecretName, SecretValue } from './policy';

interface TenantSecretsTable {
  tenant_id: string;
  name: string;
  ciphertext: string;
  created_at: string;
  updated_at: string;
}
type SecretsDb = Kysely<{ tenant_secrets: TenantSecretsTable }>;

export interface SecretSummary {
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** What a consumer needs: the tenant's value of a named secret, undefined when it has none. */
export type TenantSecretReader = (tenantId: string, name: string) => Promise<string | undefined>;

const SYSTEM: AuditActor = { type: 'system', id: 'keel' };
const owner = (tenantId: string, name: string) => `${tenantId}\u0000${name}`;

export function tenantSecrets(deps: { db: Db; cipher: SecretCipher; audit?: AuditLog }) {
  const db = deps.db as unknown as SecretsDb;
  const { cipher, audit } = deps;

  return {
    /** Stores (or replaces) a value; the response never contains it. */
    async put(tenantId: string, rawName: string, rawValue: unknown, actor: AuditActor = SYSTEM): Promise<SecretSummary & { created: boolean }> {
      const name = parseInput(SecretName, rawName, 'secret name');
      const value = parseInput(SecretValue, rawValue, 'secret value');
      const now = new Date().toISOString();
      const ciphertext = cipher.seal(value, owner(tenantId, name));
      const created = await db.transaction().execute(async (tx) => {
        const existing = await tx.selectFrom('tenant_secrets').select('created_at').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
        if (existing) {
          await tx.updateTable('tenant_secrets').set({ ciphertext, updated_at: now }).where('tenant_id', '=', tenantId).where('name', '=', name).execute();
          return undefined;
        }
        await tx.insertInto('tenant_secrets').values({ tenant_id: tenantId, name, ciphertext, created_at: now, updated_at: now }).execute();
        return now;
      });
      await audit?.append({ tenantId, action: 'secret.set', actor, target: { type: 'secret', id: name }, details: { created: created !== undefined } });
      return { name, createdAt: created ?? now, updatedAt: now, created: created !== undefined };
    },

    async list(tenantId: string): Promise<SecretSummary[]> {
      const rows = await db.selectFrom('tenant_secrets').select(['name', 'created_at', 'updated_at']).where('tenant_id', '=', tenantId).orderBy('name').execute();
      return rows.map((r) => ({ name: r.name, createdAt: r.created_at, updatedAt: r.updated_at }));
    },

    async remove(tenantId: string, name: string, actor: AuditActor = SYSTEM): Promise<void> {
      const r = await db.deleteFrom('tenant_secrets').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound(`secret ${name}`);
      await audit?.append({ tenantId, action: 'secret.deleted', actor, target: { type: 'secret', id: name }, details: {} });
    },

    /** The value, for the platform's consumers only (never an API response). */
    reveal: (async (tenantId, name) => {
      const row = await db.selectFrom('tenant_secrets').select('ciphertext').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
      return row ? cipher.open(row.ciphertext, owner(tenantId, name)) : undefined;
    }) as TenantSecretReader,
  };
}
export type TenantSecrets = ReturnType<typeof tenantSecrets>;
