// A child agent's run links to the run that called it: the parent's run id (indexed, to list a
// run's children) and where in the parent it was called (JSON: run, workflow, step, call index).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable('runs').addColumn('parent_run_id', 'text').execute();
  await db.schema.alterTable('runs').addColumn('parent', 'text').execute();
  await db.schema.createIndex('runs_by_parent').on('runs').columns(['parent_run_id']).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex('runs_by_parent').ifExists().execute();
  await db.schema.alterTable('runs').dropColumn('parent').execute();
  await db.schema.alterTable('runs').dropColumn('parent_run_id').execute();
}
