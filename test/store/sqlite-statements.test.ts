// Kysely's SQLite driver gets kept statements: one per SQL text, the least recently used dropped
// past the limit, and still right after the schema changes under them.
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { keptStatements } from '../../services/store/sqlite-statements';

it('prepares each SQL text once and drops the least recently used past the limit', () => {
  const raw = new Database(':memory:');
  let prepared = 0;
  const counting = new Proxy(raw, {
    get: (target, key) => (key === 'prepare' ? (sql: string) => (prepared++, target.prepare(sql)) : Reflect.get(target, key)),
  });
  const db = keptStatements(counting, 2);
  const one = db.prepare('select 1 as v');
  expect(db.prepare('select 1 as v')).toBe(one);
  db.prepare('select 2 as v');
  db.prepare('select 1 as v'); // touched: `select 2` is now the oldest
  db.prepare('select 3 as v');
  expect(prepared).toBe(3);
  expect(db.prepare('select 1 as v')).toBe(one);
  db.prepare('select 2 as v');
  expect(prepared).toBe(4);
  expect(() => db.prepare('select nonsense from nowhere')).toThrow(/no such table/);
  db.close();
  expect(raw.open).toBe(false);
});

it('answers from the current schema after a table changes under a kept statement', () => {
  const db = keptStatements(new Database(':memory:'));
  db.prepare('create table t (a integer)').run([]);
  db.prepare('insert into t (a) values (?)').run([1]);
  expect(db.prepare('select * from t').all([])).toEqual([{ a: 1 }]);
  db.prepare('alter table t add column b text').run([]);
  db.prepare('update t set b = ?').run(['x']);
  expect(db.prepare('select * from t').all([])).toEqual([{ a: 1, b: 'x' }]);
  db.close();
});
