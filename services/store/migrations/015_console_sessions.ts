// Console sessions: a browser's login, made by exchanging an API key (POST /v1/console/session).
// The cookie holds an opaque random id; only its SHA-256 is stored, with the key it stands for (the
// session has that key's tenant and scopes, and ends when the key is revoked) and its CSRF token.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema
    .createTable('console_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('api_key_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_by_key').on('console_sessions').columns(['api_key_id']).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable('console_sessions').ifExists().execute();
}
