// better-sqlite3 behind Kysely with its prepared statements kept: Kysely's SQLite driver prepares
// every query anew, and preparing costs as much as running the small queries the platform makes.
// Statements are kept by their SQL text, the least recently used dropped past `max` (queries with
// `in (?, ?, …)` lists of every length must not grow the cache without end). Reusing a statement is
// safe here: the driver runs each to completion synchronously (`all`/`run`; the store never
// streams rows), and SQLite re-prepares a statement itself after a schema change.
import type { Database as BetterSqlite, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function keptStatements(db: BetterSqlite, max = 500): SqliteDatabase {
  const kept = new Map<string, Statement>();
  return {
    close: () => {
      kept.clear();
      db.close();
    },
    prepare(sql: string) {
      let statement = kept.get(sql);
      if (statement) {
        kept.delete(sql); // most recently used last
      } else {
        statement = db.prepare(sql);
        if (kept.size >= max) kept.delete(kept.keys().next().value!);
      }
      kept.set(sql, statement);
      return statement;
    },
  };
}
