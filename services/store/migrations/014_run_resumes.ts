// A registered workflow's run that resumes a failed one (POST /v1/runs/:id/resume) names it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.alterTable('runs').addColumn('resumed_from', 'text').execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.alterTable('runs').dropColumn('resumed_from').execute();
}
