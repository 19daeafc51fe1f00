/**
 * src/level4-sql/routines/routines.test.ts — stored routines through the embedded API: an endless loop stops at
 * the statement timeout, errors inside routines carry the call's position and the routine's name, a failed
 * CALL leaves the database as it was, and a function is compiled once for all the rows of a query.
 */
import { Database } from '../../database';
import { SqlError, SqlState } from '../../common/errors';

let db: Database;
beforeEach(() => {
  db = Database.open(':memory:');
  db.execute('CREATE TABLE t (a INT PRIMARY KEY)');
});
afterEach(() => db.close());

function fails(sql: string, options?: { timeoutMs: number }): SqlError {
  try {
    db.execute(sql, undefined, options);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  }
  throw new Error(`expected ${sql} to fail`);
}

test('an endless loop in a body stops at the statement timeout (57014)', () => {
  db.execute('CREATE PROCEDURE spin() BEGIN DECLARE i INT DEFAULT 0; WHILE TRUE DO SET i = i + 1; END WHILE; END');
  expect(fails('CALL spin()', { timeoutMs: 50 }).sqlState).toBe(SqlState.QueryCanceled);
});

test('an error inside a routine has the call position and names the routine', () => {
  db.execute('CREATE FUNCTION div(x INT) RETURNS INT BEGIN RETURN 10 / x; END');
  const e = fails('SELECT 1, div(0)');
  expect(e.sqlState).toBe(SqlState.DivisionByZero);
  expect(e.position).toBe(10);
  expect(e.detail).toContain('function DIV');
});

test('a failed CALL changes nothing, inside an explicit transaction it ends the transaction', () => {
  db.execute("CREATE PROCEDURE two(k INT) BEGIN INSERT INTO t VALUES (k); INSERT INTO t VALUES (k); END");
  expect(fails('CALL two(1)').sqlState).toBe(SqlState.UniqueViolation);
  expect(db.execute('SELECT count(*) FROM t').rows).toEqual([[0]]);
  db.execute('BEGIN');
  db.execute('INSERT INTO t VALUES (5)');
  fails('CALL two(2)');
  expect(db.execute('SELECT count(*) FROM t').rows).toEqual([[0]]);
});

test('OUT parameters come back from a top-level CALL as one row named after them', () => {
  db.execute('CREATE PROCEDURE divmod(IN a INT, IN b INT, OUT q INT, OUT r INT) BEGIN SET q = a / b; SET r = a - q * b; END');
  const res = db.execute('CALL divmod(17, 5, NULL, NULL)');
  expect(res.columns).toEqual(['Q', 'R']);
  expect(res.rows).toEqual([[3, 2]]);
});

test('a function over many rows: one compile, the same answers as the expression it wraps', () => {
  const rows: string[] = [];
  for (let i = 0; i < 2000; i++) rows.push(`(${i})`);
  db.execute(`INSERT INTO t VALUES ${rows.join(',')}`);
  db.execute('CREATE FUNCTION sq(x INT) RETURNS INT RETURN x * x');
  const a = db.execute('SELECT sq(a) FROM t ORDER BY a').rows;
  const b = db.execute('SELECT a * a FROM t ORDER BY a').rows;
  expect(a).toEqual(b);
  expect(db.execute('SELECT count(*) FROM t WHERE sq(a) < 100').rows).toEqual([[10]]);
});

test('a routine body and a trigger read the clock of the statement that invoked them', () => {
  db.execute('BEGIN TRANSACTION');
  const ins = db.prepare('INSERT INTO t VALUES (?)');
  for (let i = 0; i < 20_000; i++) ins.execute([i]);
  db.execute('COMMIT');
  // a multi-statement body runs each of its statements in a context of its own (context.ts invariant 6)
  db.execute('CREATE FUNCTION g(x INT) RETURNS TIMESTAMP BEGIN DECLARE y TIMESTAMP; SET y = CURRENT_TIMESTAMP; RETURN y; END');
  // 20,000 calls take longer than a millisecond, so a clock per call would give more than one value
  expect(db.execute('SELECT COUNT(DISTINCT g(a)), MIN(g(a)) = CURRENT_TIMESTAMP, MAX(g(a)) = CURRENT_TIMESTAMP FROM t').rows).toEqual([
    [1, true, true],
  ]);
  db.execute('CREATE TABLE ev (id INT PRIMARY KEY, at TIMESTAMP)');
  db.execute('CREATE TABLE seen (id INT, at TIMESTAMP)');
  db.execute('CREATE TRIGGER tr AFTER INSERT ON ev REFERENCING NEW AS n FOR EACH ROW INSERT INTO seen VALUES (n.id, CURRENT_TIMESTAMP)');
  db.execute('INSERT INTO ev SELECT a, CURRENT_TIMESTAMP FROM t WHERE a < 5000');
  expect(db.execute('SELECT COUNT(DISTINCT seen.at), COUNT(*) FROM seen JOIN ev ON ev.id = seen.id WHERE ev.at = seen.at').rows).toEqual([
    [1, 5000],
  ]);
});
