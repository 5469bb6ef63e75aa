// Console sessions (migration 015): an opaque id in an HttpOnly cookie stands for one API key. The
// store keeps only the id's hash, so a copy of the database opens no browser session.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';

export interface ConsoleSession {
  tenantId: string;
  tenantName: string;
  keyId: string;
  scopes: string[];
  csrfToken: string;
  expiresAt: string;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');
const token = () => randomBytes(32).toString('base64url');

export function consoleSessionRepo(db: Db) {
  return {
    /** A new session for the key; returns the id for the cookie (never stored) and the CSRF token. */
    async create(apiKeyId: string, ttlMs: number): Promise<{ id: string; csrfToken: string; expiresAt: string }> {
      const id = token();
      const csrfToken = token();
      const now = Date.now();
      const expiresAt = new Date(now + ttlMs).toISOString();
      await db
        .insertInto('console_sessions')
        .values({ id_hash: hashOf(id), api_key_id: apiKeyId, csrf_token: csrfToken, created_at: new Date(now).toISOString(), expires_at: expiresAt })
        .execute();
      // Expired sessions go when anyone logs in; there is no other sweeper.
      await db.deleteFrom('console_sessions').where('expires_at', '<', new Date(now).toISOString()).execute();
      return { id, csrfToken, expiresAt };
    },

    /** The live session for a cookie's id: unexpired, its key not revoked. */
    async find(id: string): Promise<ConsoleSession | undefined> {
      const row = await db
        .selectFrom('console_sessions')
        .innerJoin('api_keys', 'api_keys.id', 'console_sessions.api_key_id')
        .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
        .select(['api_keys.id as keyId', 'tenants.id as tenantId', 'tenants.name as tenantName', 'api_keys.scopes as scopes', 'console_sessions.csrf_token as csrfToken', 'console_sessions.expires_at as expiresAt'])
        .where('console_sessions.id_hash', '=', hashOf(id))
        .where('api_keys.revoked_at', 'is', null)
        .where('console_sessions.expires_at', '>', new Date().toISOString())
        .executeTakeFirst();
      return row && { ...row, scopes: row.scopes.split(' ').filter(Boolean) };
    },

    async delete(id: string): Promise<boolean> {
      const r = await db.deleteFrom('console_sessions').where('id_hash', '=', hashOf(id)).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
