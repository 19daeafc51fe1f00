/**
 * src/level4-sql/statements/upsert.test.ts — the result shapes of RETURNING, upserts and MERGE through the
 * embedded API: columns, types, rows and rowsAffected together, prepared statements with parameters.
 */
import { Database } from '../../database';

let db: Database;
beforeEach(() => {
  db = Database.open(':memory:');
  db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR(5), n INTEGER DEFAULT 0)');
});
afterEach(() => db.close());

test('RETURNING gives columns, types, rows and rowsAffected', () => {
  const r = db.execute("INSERT INTO t (id, s) VALUES (1, 'a'), (2, 'b') RETURNING id, s AS name, n + 1");
  expect(r.columns).toEqual(['ID', 'NAME', 'Col2']);
  expect(r.types).toEqual(['INTEGER', 'CHAR', 'INTEGER']);
  expect(r.rows).toEqual([
    [1, 'a', 1],
    [2, 'b', 1],
  ]);
  expect(r.rowsAffected).toBe(2);
  const u = db.execute("UPDATE t SET s = 'z' WHERE id = 2 RETURNING *");
  expect(u).toMatchObject({ columns: ['ID', 'S', 'N'], rows: [[2, 'z', 0]], rowsAffected: 1 });
  const d = db.execute('DELETE FROM t RETURNING id');
  expect(d.rows).toEqual([[1], [2]]);
  expect(d.rowsAffected).toBe(2);
});

test('statements without RETURNING keep the empty shape', () => {
  const r = db.execute("INSERT INTO t (id, s) VALUES (1, 'a') ON CONFLICT (id) DO NOTHING");
  expect(r).toEqual({ columns: [], types: [], declaredTypes: [], rows: [], rowsAffected: 1 });
  expect(db.execute("INSERT INTO t (id, s) VALUES (1, 'a') ON CONFLICT (id) DO NOTHING").rowsAffected).toBe(0);
  expect(db.execute("INSERT INTO t (id, s) VALUES (1, 'b') ON CONFLICT (id) DO UPDATE SET s = excluded.s").rowsAffected).toBe(1);
  expect(db.execute("REPLACE INTO t (id, s) VALUES (1, 'c'), (3, 'd')").rowsAffected).toBe(2);
});

test('a prepared upsert runs again with new parameters', () => {
  const p = db.prepare('INSERT INTO t (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = t.n + excluded.n RETURNING n');
  expect(p.execute([1, 5]).rows).toEqual([[5]]);
  expect(p.execute([1, 7]).rows).toEqual([[12]]);
  expect(p.execute([2, 1]).rows).toEqual([[1]]);
});

test('MERGE counts inserted, updated and deleted rows', () => {
  db.execute("INSERT INTO t (id, s) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  db.execute('CREATE TABLE src (id INTEGER, op VARCHAR(3))');
  db.execute("INSERT INTO src VALUES (1, 'upd'), (2, 'del'), (4, 'ins'), (5, 'no')");
  const r = db.execute(
    "MERGE INTO t USING src ON t.id = src.id WHEN MATCHED AND op = 'del' THEN DELETE WHEN MATCHED THEN UPDATE SET n = 9 " +
      "WHEN NOT MATCHED AND op = 'ins' THEN INSERT (id, s) VALUES (src.id, op)",
  );
  expect(r.rowsAffected).toBe(3);
  expect(db.execute('SELECT id, s, n FROM t ORDER BY id').rows).toEqual([
    [1, 'a', 9],
    [3, 'c', 0],
    [4, 'ins', 0],
  ]);
});
