// Shared limits and usage. `limit_counters`: fixed-window counters (request rates, token quotas,
// daily caps) per tenant, limit kind and window start, updated with one atomic upsert so every
// API replica and worker on one database counts the same and a restart keeps the counts.
// `model_usage`: one row per model call, keyed by the call's stable id so a retried activity or
// a repeated write records it once; what `GET /v1/usage` sums.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>) {
  await db.schema
    .createTable('limit_counters')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** ISO-8601 start of the window (a UTC day starts at midnight). */
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    /** When the window is over and the row may be deleted (ISO-8601). */
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('limit_counters_pk', ['tenant_id', 'kind', 'window_start'])
    .execute();
  await db.schema.createIndex('limit_counters_expires_at').on('limit_counters').column('expires_at').execute();

  await db.schema
    .createTable('model_usage')
    /** The model call's stable id (a run's: run, step, Temporal execution and activity; the gateway's: its response id). */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    /** run | gateway */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('agent', 'text')
    .addColumn('workflow', 'text')
    /** The logical model that answered. */
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('deployment', 'text')
    .addColumn('provider', 'text')
    /** UTC day of `at` (YYYY-MM-DD). */
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('input_tokens', 'bigint', (c) => c.notNull())
    .addColumn('output_tokens', 'bigint', (c) => c.notNull())
    .addColumn('total_tokens', 'bigint', (c) => c.notNull())
    .addColumn('cost_usd', 'double precision', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_usage_tenant_day').on('model_usage').columns(['tenant_id', 'day']).execute();
}

export async function down(db: Kysely<unknown>) {
  await db.schema.dropTable('model_usage').ifExists().execute();
  await db.schema.dropTable('limit_counters').ifExists().execute();
}
