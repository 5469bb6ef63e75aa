// Tenant secrets (services/secrets): AES-256-GCM ciphertext only; the key never enters the database.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema
    .createTable('tenant_secrets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tenant_secrets_pk', ['tenant_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable('tenant_secrets').ifExists().execute();
}
