/**
 * src/level4-sql/session.test.ts — the session's autocommit read path (session.ts invariant 6) and what the
 * per-execution fast paths must keep: fresh results, parameter conversion, reads recorded where they count.
 */
import * as v8 from 'v8';
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

describe('INSERT … VALUES is planned from schemas alone inside a transaction (invariant 8)', () => {
  /** The queue of appended rows of the transaction's draft of its first changed table (table-draft.ts). */
  function queuedRows(s: Session): number {
    const tx = (s as unknown as { tx: { builder: { firstDraft: { rows: { unqueued(): { queue: { length: number } } } } } } }).tx;
    return tx.builder.firstDraft.rows.unqueued().queue.length;
  }

  test('preparing an insert into another table leaves a bulk-loaded table unfrozen, and the commit keeps every row', () => {
    const { a } = setup();
    a.execute('CREATE TABLE u (g INTEGER PRIMARY KEY, label VARCHAR(10))');
    a.execute('BEGIN');
    const load = a.prepare('INSERT INTO t VALUES (?, ?, NULL)');
    for (let i = 10; i < 1010; i++) load.execute([i, i * 2]);
    const queued = queuedRows(a);
    expect(queued).toBeGreaterThan(900);
    const other = a.prepare('INSERT INTO u VALUES (?, ?)');
    for (let g = 0; g < 5; g++) other.execute([g, `g${g}`]);
    expect(queuedRows(a)).toBeGreaterThanOrEqual(queued); // not frozen into the tree (which empties the queue)
    a.execute('COMMIT');
    expect(a.execute('SELECT count(*), sum(v) FROM t').rows).toEqual([[1003, 60 + 2 * ((1009 * 1010) / 2 - (9 * 10) / 2)]]);
    expect(a.execute('SELECT label FROM u WHERE g = 4').rows).toEqual([['g4']]);
  });

  test('the schema it plans from is the transaction’s own: tables and columns made earlier in it', () => {
    const { a } = setup();
    a.execute('BEGIN');
    a.execute('INSERT INTO t VALUES (7, 70, NULL)');
    a.execute('CREATE TABLE w (k INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 5, CHECK (n < 100))');
    a.execute('ALTER TABLE t ADD COLUMN extra VARCHAR(5)');
    const ins = a.prepare('INSERT INTO t (id, v, extra) VALUES (?, ?, ?)');
    ins.execute([8, 80, 'x']);
    const insW = a.prepare('INSERT INTO w (k) VALUES (?)');
    insW.execute([1]);
    expect(sqlState(() => a.prepare('INSERT INTO w VALUES (2, 500)').execute())).toBe(SqlState.CheckViolation);
    expect(a.inTransaction).toBe(false); // the failed statement ended the transaction: nothing of it stayed
    expect(a.execute('SELECT count(*) FROM t').rows).toEqual([[3]]);
    expect(sqlState(() => a.execute('SELECT * FROM w'))).toBe(SqlState.UndefinedTable);
  });

  test('values that read a table the transaction changed read its rows at execution, not from the plan', () => {
    const { a } = setup();
    a.execute('CREATE TABLE log (n INTEGER)');
    a.execute('BEGIN');
    const load = a.prepare('INSERT INTO t VALUES (?, 1, NULL)');
    for (let i = 10; i < 200; i++) load.execute([i]);
    const count = a.prepare('INSERT INTO log VALUES ((SELECT count(*) FROM t))');
    count.execute();
    load.execute([500]);
    count.execute();
    a.execute('COMMIT');
    expect(a.execute('SELECT n FROM log ORDER BY n').rows).toEqual([[193], [194]]);
  });
});

test('a prepared text has the hidden class of a parsed one (decision 0038)', () => {
  v8.setFlagsFromString('--allow-natives-syntax');
  // V8's test intrinsic, compiled after the flag above is set
  const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
  const { a } = setup();
  const sql = 'SELECT v FROM t WHERE id = ?';
  const prepared = a.prepare(sql) as unknown as { text: object };
  a.execute(sql, [1]);
  const parsed = (a as unknown as { cache: Map<string, object> }).cache.get(sql)!;
  expect(parsed).toBeDefined();
  expect(prepared.text).not.toBe(parsed); // its own plan slots
  expect(sameMap(prepared.text, parsed)).toBe(true);
});
