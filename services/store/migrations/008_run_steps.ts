// A run's steps, one row each, written as they start and finish (the workflow no longer carries
// them): a long run's history grows with its number of steps, not with their contents.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.createTable('run_steps')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_steps_pk', ['run_id', 'idx'])
    .execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable('run_steps').ifExists().execute();
}
