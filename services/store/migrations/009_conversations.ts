// Conversations: a series of agent runs (turns) that share their memory. Each turn is a run
// record linked to its conversation.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema.createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('agent_name', 'text', (c) => c.notNull())
    .addColumn('agent_version', 'integer', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idle_seconds', 'integer', (c) => c.notNull())
    .addColumn('turns', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('conversations_by_tenant').on('conversations').columns(['tenant_id', 'created_at']).execute();
  await db.schema.alterTable('runs').addColumn('conversation_id', 'text').execute();
  await db.schema.alterTable('runs').addColumn('turn', 'integer').execute();
  await db.schema.createIndex('runs_by_conversation').on('runs').columns(['conversation_id', 'turn']).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropIndex('runs_by_conversation').ifExists().execute();
  await db.schema.alterTable('runs').dropColumn('turn').execute();
  await db.schema.alterTable('runs').dropColumn('conversation_id').execute();
  await db.schema.dropIndex('conversations_by_tenant').ifExists().execute();
  await db.schema.dropTable('conversations').ifExists().execute();
}
