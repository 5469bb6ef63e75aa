// Runs carry their live status (running, awaiting_approval, …), written by the workflow's
// activities. status_event_id is the run event the status was recorded at: a retried or late
// write older than the stored one changes nothing.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable('runs').addColumn('status_event_id', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('runs_by_status').on('runs').columns(['tenant_id', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex('runs_by_status').ifExists().execute();
  await db.schema.alterTable('runs').dropColumn('status_event_id').execute();
}
