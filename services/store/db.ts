// Opens the platform database: a SQLite file by default, PostgreSQL when the URL says so.
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Kysely, Migrator, SqliteDialect, PostgresDialect, type Dialect } from 'kysely';
import type { Database } from './schema';
import { migrations } from './migrations';
import { keptStatements } from './sqlite-statements';

export type Db = Kysely<Database>;

async function dialectFor(url: string, dataDir: string): Promise<Dialect> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { Pool } = await import('pg').catch(() => {
      throw new Error('store.url is a PostgreSQL URL but the "pg" package is not installed: npm install pg');
    });
    return new PostgresDialect({ pool: new Pool({ connectionString: url, max: 10 }) });
  }
  if (!url.startsWith('sqlite:')) {
    throw new Error(`store.url must start with sqlite: or postgres:// (got ${url.split(':')[0]}:)`);
  }
  const path = url.slice('sqlite:'.length);
  const Sqlite = (await import('better-sqlite3')).default;
  const file = path === ':memory:' ? path : isAbsolute(path) ? path : resolve(dataDir, path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Sqlite(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: no corruption and no loss on a process crash; only a power cut can drop the
  // last commits. FULL would fsync every audit entry and run record.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new SqliteDialect({ database: keptStatements(sqlite) });
}

export async function openDb(url: string, dataDir: string): Promise<Db> {
  const db = new Kysely<Database>({ dialect: await dialectFor(url, dataDir) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    await db.destroy();
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message}`);
  }
  return db;
}
