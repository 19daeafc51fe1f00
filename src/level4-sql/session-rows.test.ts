/**
 * src/level4-sql/session-rows.test.ts — `Session.executeRows` (session.ts invariant 11, result-stream.ts):
 * a read-only SELECT's rows pulled one at a time from its open cursor, from the snapshot it started on;
 * errors while pulling are the statement's; the session's next call ends the stream.
 */
import { MemoryStore } from '../level1-datafile/memory-store';
import { DatabaseFile, Session, type StatementRows } from './session';
import { sqlStateOf } from '../common/testing/sql-state-of';

function setup(): { a: Session; b: Session } {
  const file = DatabaseFile.open(new MemoryStore());
  const a = new Session(file);
  const b = new Session(file);
  a.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, d DATE)');
  a.execute("INSERT INTO t VALUES (1, 10, DATE '2024-01-31'), (2, 20, NULL), (3, 30, NULL), (4, 40, NULL)");
  return { a, b };
}

function all(r: StatementRows): unknown[][] {
  const out: unknown[][] = [];
  for (let row = r.next(); row !== null; row = r.next()) out.push(row);
  return out;
}

test('a SELECT streams the rows execute would return, with the same columns and types', () => {
  const { a } = setup();
  const whole = a.execute('SELECT id, v * 2 AS w, d FROM t ORDER BY id');
  const r = a.executeRows('SELECT id, v * 2 AS w, d FROM t ORDER BY id');
  expect(r.columns).toEqual(whole.columns);
  expect(r.types).toEqual(whole.types);
  expect(r.declaredTypes).toEqual(whole.declaredTypes);
  expect(all(r)).toEqual(whole.rows);
  expect(r.next()).toBeNull();
  expect(a.hasOpenRows).toBe(false);
});

test('rows are pulled lazily: an error in a later row comes when that row is pulled, not before', () => {
  const { a } = setup();
  const r = a.executeRows('SELECT 60 / (3 - id) FROM t ORDER BY id');
  expect(r.next()).toEqual([30]);
  expect(r.next()).toEqual([60]);
  expect(sqlStateOf(() => r.next())).toBe('22012');
  expect(r.next()).toBeNull(); // the error ended the stream
  expect(a.hasOpenRows).toBe(false);
});

test('a stream reads the snapshot it started on, whatever commits while it is open', () => {
  const { a, b } = setup();
  const r = a.executeRows('SELECT id, v FROM t ORDER BY id');
  expect(r.next()).toEqual([1, 10]);
  b.execute('UPDATE t SET v = 0');
  b.execute('INSERT INTO t VALUES (5, 50, NULL)');
  expect(all(r)).toEqual([
    [2, 20],
    [3, 30],
    [4, 40],
  ]);
  expect(a.execute('SELECT count(*), sum(v) FROM t').rows).toEqual([[5, 50]]);
});

test("the session's next call, or close, ends an open stream", () => {
  const { a } = setup();
  const r = a.executeRows('SELECT id FROM t ORDER BY id');
  expect(r.next()).toEqual([1]);
  expect(a.hasOpenRows).toBe(true);
  a.execute('SELECT 1');
  expect(a.hasOpenRows).toBe(false);
  expect(r.next()).toBeNull();
  const p = a.prepare('SELECT 2');
  const r2 = a.executeRows('SELECT id FROM t ORDER BY id');
  expect(r2.next()).toEqual([1]);
  p.execute();
  expect(r2.next()).toBeNull();
  const r3 = a.executeRows('SELECT id FROM t');
  const r4 = a.executeRows('SELECT v FROM t ORDER BY v');
  expect(r3.next()).toBeNull();
  expect(r4.next()).toEqual([10]);
  r4.close();
  expect(r4.next()).toBeNull();
  const r5 = a.executeRows('SELECT id FROM t');
  a.close();
  expect(r5.next()).toBeNull();
});

test('inside a transaction a stream sees its writes, and an error while pulling rolls the transaction back', () => {
  const { a, b } = setup();
  a.execute('BEGIN TRANSACTION');
  a.execute('INSERT INTO t VALUES (9, 90, NULL)');
  const r = a.executeRows('SELECT id FROM t WHERE id > 3 ORDER BY id');
  expect(all(r)).toEqual([[4], [9]]);
  expect(a.inTransaction).toBe(true);
  const bad = a.executeRows('SELECT 1 / (9 - id) FROM t ORDER BY id');
  expect(bad.next()).not.toBeNull();
  let state = 'no error';
  for (let i = 0; i < 5 && state === 'no error'; i++) state = sqlStateOf(() => bad.next());
  expect(state).toBe('22012');
  expect(a.inTransaction).toBe(false);
  expect(b.execute('SELECT count(*) FROM t WHERE id = 9').rows).toEqual([[0]]);
});

test('other statements, texts of several statements and value-typed columns come whole', () => {
  const { a } = setup();
  const ins = a.executeRows('INSERT INTO t VALUES (6, 60, NULL), (7, 70, NULL)');
  expect(ins.rowsAffected).toBe(2);
  expect(ins.columns).toEqual([]);
  expect(ins.next()).toBeNull();
  const two = a.executeRows('DELETE FROM t WHERE id > 5; SELECT count(*) FROM t');
  expect(all(two)).toEqual([[4]]);
  const dyn = a.executeRows('SELECT NULL AS n, id FROM t ORDER BY id');
  expect(dyn.types).toEqual(['NULL', 'INTEGER']);
  expect(all(dyn)).toHaveLength(4);
  expect(all(a.executeRows(''))).toEqual([]);
});
