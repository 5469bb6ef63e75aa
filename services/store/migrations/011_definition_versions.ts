// Versioned definitions for every kind (agents, registered workflows) with their traffic labels:
// `stable`, an optional `canary` with a share of runs, an optional `pinned` version. Agents move
// here from `agents` / `agent_versions`; each keeps its versions and gets stable = its latest.
// Runs record why they ran the version they did (`version_reason`).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('definitions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('stable_version', 'integer', (c) => c.notNull())
    /** JSON array of the stable versions before the current one, oldest first (what rollback returns to). */
    .addColumn('stable_history', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('canary_version', 'integer')
    /** The canary's share of runs in basis points (0–10000: 12.5 % is 1250). */
    .addColumn('canary_bp', 'integer')
    .addColumn('pinned_version', 'integer')
    /** Bumped by every label change: concurrent changes compare-and-set on it. */
    .addColumn('labels_rev', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('definitions_pk', ['tenant_id', 'kind', 'name'])
    .execute();
  await db.schema
    .createTable('definition_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('definition_versions_pk', ['tenant_id', 'kind', 'name', 'version'])
    .execute();
  await db.schema.createIndex('definition_versions_digest').on('definition_versions').columns(['tenant_id', 'kind', 'name', 'digest']).execute();

  await sql`INSERT INTO definitions (tenant_id, kind, name, latest_version, stable_version, stable_history, labels_rev, created_at, updated_at)
    SELECT tenant_id, 'agent', name, latest_version, latest_version, '[]', 0, created_at, updated_at FROM agents`.execute(db);
  await sql`INSERT INTO definition_versions (tenant_id, kind, name, version, digest, definition, created_at)
    SELECT tenant_id, 'agent', name, version, digest, definition, created_at FROM agent_versions`.execute(db);
  await db.schema.dropTable('agent_versions').execute();
  await db.schema.dropTable('agents').execute();

  await db.schema.alterTable('runs').addColumn('version_reason', 'text').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('runs').dropColumn('version_reason').execute();
  await db.schema
    .createTable('agents')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agents_pk', ['tenant_id', 'name'])
    .execute();
  await db.schema
    .createTable('agent_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_versions_pk', ['tenant_id', 'name', 'version'])
    .execute();
  await sql`INSERT INTO agents (tenant_id, name, latest_version, created_at, updated_at)
    SELECT tenant_id, name, latest_version, created_at, updated_at FROM definitions WHERE kind = 'agent'`.execute(db);
  await sql`INSERT INTO agent_versions (tenant_id, name, version, digest, definition, created_at)
    SELECT tenant_id, name, version, digest, definition, created_at FROM definition_versions WHERE kind = 'agent'`.execute(db);
  await db.schema.dropTable('definition_versions').execute();
  await db.schema.dropTable('definitions').execute();
}
