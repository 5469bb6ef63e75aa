// Replays are runs linked to the run they replay: the original's id and the replay's spec (JSON).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable('runs').addColumn('replay_of', 'text').execute();
  await db.schema.alterTable('runs').addColumn('replay', 'text').execute();
  await db.schema.createIndex('runs_by_replay_of').on('runs').columns(['tenant_id', 'replay_of']).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex('runs_by_replay_of').ifExists().execute();
  await db.schema.alterTable('runs').dropColumn('replay').execute();
  await db.schema.alterTable('runs').dropColumn('replay_of').execute();
}
