// API keys carry scopes (services/keys/policy.ts), stored space-separated. Keys that exist before
// this migration keep doing everything they did: they become admin.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable('api_keys').addColumn('scopes', 'text', (c) => c.notNull().defaultTo('admin')).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.alterTable('api_keys').dropColumn('scopes').execute();
}
