// Tenants and their API keys. Keys are stored as SHA-256 hashes; the plain key is shown once.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from './db';

export interface TenantRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  label: string;
  /** What the key may do (services/keys/policy.ts names them). */
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

const storedScopes = (scopes: readonly string[]) => scopes.join(' ');
const scopesOf = (stored: string) => stored.split(' ').filter(Boolean);

export function tenantRepo(db: Db) {
  return {
    async create(name: string): Promise<TenantRecord> {
      const row = { id: `tn_${randomUUID().replace(/-/g, '').slice(0, 20)}`, name, created_at: new Date().toISOString() };
      await db.insertInto('tenants').values(row).execute();
      return { id: row.id, name, createdAt: row.created_at };
    },

    async byName(name: string): Promise<TenantRecord | undefined> {
      const row = await db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
      return row && { id: row.id, name: row.name, createdAt: row.created_at };
    },

    async ensure(name: string): Promise<TenantRecord> {
      return (await this.byName(name)) ?? this.create(name);
    },

    /**
     * Creates a key and returns it in plain text: the only time it exists outside the caller.
     * Without scopes it is an admin key: the operator's (`keel start`, `keel tenants`).
     */
    async createApiKey(tenantId: string, label = 'default', scopes: readonly string[] = ['admin']): Promise<{ id: string; key: string }> {
      const key = `keel_${randomBytes(24).toString('base64url')}`;
      const id = `key_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      await db
        .insertInto('api_keys')
        .values({ id, tenant_id: tenantId, key_hash: hashApiKey(key), label, scopes: storedScopes(scopes), created_at: new Date().toISOString(), revoked_at: null })
        .execute();
      return { id, key };
    },

    /** The tenant's keys, without hashes. */
    async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
      const rows = await db.selectFrom('api_keys').select(['id', 'label', 'scopes', 'created_at', 'revoked_at']).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, label: r.label, scopes: scopesOf(r.scopes), createdAt: r.created_at, revokedAt: r.revoked_at }));
    },

    /** Marks the key revoked; false when the tenant has no such key or it was already revoked. */
    async revokeApiKey(tenantId: string, id: string): Promise<boolean> {
      const r = await db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async authenticate(key: string): Promise<{ tenantId: string; tenantName: string; keyId: string; scopes: string[] } | undefined> {
      const row = await db
        .selectFrom('api_keys')
        .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
        .select(['api_keys.id as keyId', 'tenants.id as tenantId', 'tenants.name as tenantName', 'api_keys.scopes as scopes'])
        .where('api_keys.key_hash', '=', hashApiKey(key))
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      return row && { ...row, scopes: scopesOf(row.scopes) };
    },
  };
}
