// Who started a run (the API key's id, or `keel` for Keel itself): the console filters runs by it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable('runs').addColumn('started_by', 'text').execute();
  await db.schema.createIndex('runs_tenant_started_by').on('runs').columns(['tenant_id', 'started_by', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex('runs_tenant_started_by').execute();
  await db.schema.alterTable('runs').dropColumn('started_by').execute();
}
