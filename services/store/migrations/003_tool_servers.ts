// Per-tenant MCP server registry (services/mcp/registry.ts). Specs hold secret references only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema
    .createTable('tool_servers')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tool_servers_pk', ['tenant_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable('tool_servers').ifExists().execute();
}
