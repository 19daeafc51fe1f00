/**
 * src/level4-sql/statements/dml.test.ts — INSERT, UPDATE and DELETE through the embedded API: sources, column
 * lists, defaults, casts, rowsAffected, the Halloween problem, and statement atomicity.
 */
import { Database } from '../../database';
import { SqlError, SqlState } from '../../common/errors';

let db: Database;
beforeEach(() => {
  db = Database.open(':memory:');
  db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR(5) DEFAULT 'dft', n NUMERIC(6,2))");
});
afterEach(() => db.close());

function fails(sql: string, params?: unknown[]): SqlError {
  try {
    db.execute(sql, params);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  }
  throw new Error(`expected ${sql} to fail`);
}

function rows(sql: string): unknown[][] {
  return db.execute(sql).rows;
}

test('INSERT sources and column lists', () => {
  expect(db.execute("INSERT INTO t VALUES (1, 'a', 1.5)").rowsAffected).toBe(1);
  expect(db.execute('INSERT INTO t (n, id) VALUES (2, 2), (3, 3)').rowsAffected).toBe(2);
  expect(db.execute('INSERT INTO t (id, s, n) SELECT id + 10, s, n FROM t').rowsAffected).toBe(3);
  expect(rows('SELECT id, s FROM t ORDER BY id')).toEqual([
    [1, 'a'],
    [2, 'dft'],
    [3, 'dft'],
    [11, 'a'],
    [12, 'dft'],
    [13, 'dft'],
  ]);
  expect(rows('SELECT n FROM t WHERE id = 1').map((r) => String(r[0]))).toEqual(['1.5']);
});

test('INSERT count mismatches are 42601 at the offending value', () => {
  const more = fails("INSERT INTO t (id) VALUES (1, 'x')");
  expect(more.sqlState).toBe(SqlState.SyntaxErrorAt);
  expect(more.position).toBe("INSERT INTO t (id) VALUES (1, 'x')".indexOf("'x'"));
  expect(more.message).toBe('INSERT has more expressions than target columns');
  const fewer = fails('INSERT INTO t VALUES (1)');
  expect(fewer.message).toBe('INSERT has fewer expressions than target columns');
  expect(fewer.position).toBe('INSERT INTO t VALUES (1'.length);
  const query = fails('INSERT INTO t (id, s) SELECT id FROM t');
  expect(query.sqlState).toBe(SqlState.SyntaxErrorAt);
  expect(query.message).toBe('INSERT has fewer columns in its query than target columns');
  expect(fails('INSERT INTO t (id, nosuch) VALUES (1, 2)').sqlState).toBe(SqlState.UndefinedColumn);
  expect(fails('INSERT INTO t (id, id) VALUES (1, 2)').sqlState).toBe(SqlState.DuplicateColumn);
  expect(fails('INSERT INTO nosuch VALUES (1)').sqlState).toBe(SqlState.UndefinedTable);
});

test('DEFAULT VALUES, casts per column, and type errors', () => {
  db.execute('CREATE TABLE d (a INTEGER DEFAULT 4, b REAL, c VARCHAR(10))');
  db.execute('INSERT INTO d DEFAULT VALUES');
  db.execute("INSERT INTO d VALUES ('5', 2, 3.25)");
  expect(rows('SELECT a, b, c FROM d ORDER BY a')).toEqual([
    [4, null, null],
    [5, 2, '3.25'],
  ]);
  expect(fails("INSERT INTO d (a) VALUES ('five')").sqlState).toBe(SqlState.DatatypeMismatch);
  expect(fails("INSERT INTO d (c) VALUES ('eleven chars')").sqlState).toBe(SqlState.StringDataRightTruncation);
  expect(fails('INSERT INTO t (id, n) VALUES (1, 10000)').sqlState).toBe(SqlState.NumericValueOutOfRange);
});

test('UPDATE evaluates over the old row, counts matched rows, moves each row once', () => {
  db.execute('INSERT INTO t (id, n) VALUES (1, 1), (2, 2), (3, 3)');
  // the matching rows are collected before the first change: a key scan never meets a moved row again
  expect(db.execute('UPDATE t SET id = id + 10').rowsAffected).toBe(3);
  expect(rows('SELECT id FROM t ORDER BY id')).toEqual([[11], [12], [13]]);
  expect(db.execute('UPDATE t SET id = id - 10 WHERE id >= 2').rowsAffected).toBe(3);
  // keys are checked at the end of the statement: 1 → 2 meets the old 2, but the final keys are unique
  expect(db.execute('UPDATE t SET id = id + 1').rowsAffected).toBe(3);
  expect(fails('UPDATE t SET id = 2 WHERE id > 2').sqlState).toBe(SqlState.UniqueViolation);
  expect(db.execute('UPDATE t SET id = id - 1').rowsAffected).toBe(3);
  expect(rows('SELECT id, n FROM t ORDER BY id').map((r) => [r[0], String(r[1])])).toEqual([
    [1, '1'],
    [2, '2'],
    [3, '3'],
  ]);
  expect(db.execute("UPDATE t SET s = 'dft' WHERE id = 1").rowsAffected).toBe(1);
  expect(db.execute('UPDATE t SET s = NULL WHERE id = 99').rowsAffected).toBe(0);
  expect(fails('UPDATE t SET id = 3 WHERE id = 1').sqlState).toBe(SqlState.UniqueViolation);
  expect(fails('UPDATE t SET nosuch = 1').sqlState).toBe(SqlState.UndefinedColumn);
  // a column assigned twice keeps the last value (SQLite's leniency, assignments.ts invariant 1)
  expect(db.execute("UPDATE t SET s = 'x', s = 'y' WHERE id = 1").rowsAffected).toBe(1);
  expect(rows('SELECT s FROM t WHERE id = 1')).toEqual([['y']]);
  expect(fails("UPDATE t SET n = 'x'").sqlState).toBe(SqlState.DatatypeMismatch);
  expect(rows('SELECT id FROM t ORDER BY id')).toEqual([[1], [2], [3]]);
});

test('UPDATE and DELETE with an alias, parameters and an index range', () => {
  db.execute('INSERT INTO t (id, n) VALUES (1, 1), (2, 2), (3, 3), (4, 4)');
  expect(db.execute('UPDATE t AS x SET n = x.n * 10 WHERE x.id BETWEEN ? AND ?', [2, 3]).rowsAffected).toBe(2);
  expect(rows('SELECT n FROM t ORDER BY id').map((r) => String(r[0]))).toEqual(['1', '20', '30', '4']);
  expect(db.execute('DELETE FROM t x WHERE x.n > @lim', { lim: 5 }).rowsAffected).toBe(2);
  expect(db.execute('DELETE FROM t').rowsAffected).toBe(2);
  expect(rows('SELECT count(*) FROM t')).toEqual([[0]]);
});

test('a statement failing part-way leaves nothing, inside and outside transactions', () => {
  db.execute('INSERT INTO t (id, n) VALUES (1, 1), (2, 2)');
  expect(fails('INSERT INTO t (id) SELECT id + 1 FROM t').sqlState).toBe(SqlState.UniqueViolation);
  expect(fails('UPDATE t SET n = n * 5000').sqlState).toBe(SqlState.NumericValueOutOfRange);
  expect(rows('SELECT id, n FROM t ORDER BY id').map((r) => [r[0], String(r[1])])).toEqual([
    [1, '1'],
    [2, '2'],
  ]);
  db.execute('BEGIN');
  db.execute('DELETE FROM t WHERE id = 1');
  expect(fails('INSERT INTO t (id) VALUES (5), (2)').detail).toMatch(/rolled back/);
  expect(db.inTransaction).toBe(false);
  expect(rows('SELECT id FROM t ORDER BY id')).toEqual([[1], [2]]);
});
