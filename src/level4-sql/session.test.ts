/**
 * src/level4-sql/session.test.ts — the session's autocommit read path (session.ts invariant 6) and what the
 * per-execution fast paths must keep: fresh results, parameter conversion, reads recorded where they count.
 */
import { SqlError, SqlState } from '../common/errors';
import { MemoryStore } from '../level1-datafile/memory-store';
import { DatabaseFile, Session } from './session';

function setup(): { file: DatabaseFile; a: Session; b: Session } {
  const file = DatabaseFile.open(new MemoryStore());
  const a = new Session(file);
  const b = new Session(file);
  a.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, d DATE)');
  a.execute("INSERT INTO t VALUES (1, 10, DATE '2024-01-31'), (2, 20, NULL), (3, 30, NULL)");
  return { file, a, b };
}

function sqlState(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof SqlError ? e.sqlState : 'not an SqlError';
  }
  return undefined;
}

test('autocommit reads open no transaction and see every commit, from any connection', () => {
  const { file, a, b } = setup();
  const point = b.prepare('SELECT v FROM t WHERE id = ?');
  const before = file.openTransactionCount;
  expect(point.execute([1]).rows).toEqual([[10]]);
  expect(b.execute('SELECT count(*) FROM t').rows).toEqual([[3]]);
  expect(file.openTransactionCount).toBe(before);
  a.execute('UPDATE t SET v = 11 WHERE id = 1');
  expect(point.execute([1]).rows).toEqual([[11]]);
  a.execute('INSERT INTO t VALUES (4, 40, NULL)');
  expect(point.execute([4]).rows).toEqual([[40]]);
  // an explicit transaction elsewhere does not change what an autocommit read sees until it commits
  a.execute('BEGIN');
  a.execute('DELETE FROM t WHERE id = 4');
  expect(point.execute([4]).rows).toEqual([[40]]);
  a.execute('COMMIT');
  expect(point.execute([4]).rows).toEqual([]);
  expect(file.openTransactionCount).toBe(0);
});

test('reads inside an explicit transaction use its snapshot and are still validated at commit', () => {
  const { a, b } = setup();
  const point = b.prepare('SELECT v FROM t WHERE id = ?');
  b.execute('BEGIN');
  expect(point.execute([1]).rows).toEqual([[10]]);
  a.execute('UPDATE t SET v = 12 WHERE id = 1');
  expect(point.execute([1]).rows).toEqual([[10]]);
  b.execute('UPDATE t SET v = 21 WHERE id = 2');
  expect(sqlState(() => b.execute('COMMIT'))).toBe(SqlState.TransactionConflict);
  expect(b.inTransaction).toBe(false);
  expect(point.execute([1]).rows).toEqual([[12]]);
  expect(point.execute([2]).rows).toEqual([[20]]);
});

test('a failing autocommit read leaves the session usable and in autocommit', () => {
  const { b } = setup();
  expect(sqlState(() => b.execute('SELECT v / 0 FROM t WHERE id = 1'))).toBe(SqlState.DivisionByZero);
  expect(b.inTransaction).toBe(false);
  expect(b.execute('SELECT v FROM t WHERE id = 2').rows).toEqual([[20]]);
  b.close();
  expect(sqlState(() => b.execute('SELECT 1'))).toBe(SqlState.ConnectionDoesNotExist);
});

test('results are the caller’s: changing one changes neither the database nor a later result', () => {
  const { b } = setup();
  const all = b.prepare('SELECT * FROM t WHERE id = ?');
  const r1 = all.execute([1]);
  const row = r1.rows[0]!;
  (row[2] as Date).setUTCFullYear(1999);
  row[1] = 'changed';
  r1.columns.push('X');
  r1.types.length = 0;
  const r2 = all.execute([1]);
  expect(r2.columns).toEqual(['ID', 'V', 'D']);
  expect(r2.types).toEqual(['INTEGER', 'INTEGER', 'DATE']);
  expect(r2.rows).toEqual([[1, 10, new Date('2024-01-31T00:00:00Z')]]);
  expect(r2.rows[0]).not.toBe(row);
  // stored rows handed straight through a plan are copied too
  const r3 = b.execute('SELECT * FROM t ORDER BY id');
  r3.rows[1]![1] = 'changed';
  expect(b.execute('SELECT v FROM t WHERE id = 2').rows).toEqual([[20]]);
});

test('positional parameters convert as before on the fast path', () => {
  const { b } = setup();
  const q = b.prepare('SELECT ? AS p');
  expect(Object.is(q.execute([-0]).rows[0]![0], 0)).toBe(true);
  expect(q.execute([2n ** 70n]).rows[0]![0]).toBe(2n ** 70n);
  expect(q.execute([5n]).rows[0]![0]).toBe(5);
  expect(q.execute(['x']).rows[0]![0]).toBe('x');
  expect(q.execute([null]).rows[0]![0]).toBe(null);
  expect(sqlState(() => q.execute([Number.NaN]))).toBe(SqlState.RestrictedDataTypeViolation);
  expect(sqlState(() => q.execute([undefined]))).toBe(SqlState.RestrictedDataTypeViolation);
  expect(sqlState(() => q.execute([1, 2]))).toBe(SqlState.WrongParameterCount);
});
