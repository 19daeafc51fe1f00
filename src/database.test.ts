/**
 * src/database.test.ts — the embedded public API (Contract E) end to end, imported from the package root:
 * results and value representations, parameters, prepared statements, transactions, two connections to one
 * file (snapshot isolation and serializable commits), close and reopen.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database, Decimal, SqlError, SqlState, TransactionConflict } from './index';
import { sqlErrorOf } from './common/testing/sql-state-of';

function sqlStateOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return (e as SqlError).sqlState;
  }
  throw new Error('expected an SqlError');
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-db-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('results', () => {
  let db: Database;
  beforeEach(() => {
    db = Database.open(':memory:');
  });
  afterEach(() => db.close());

  test('create, insert, query, update, delete', () => {
    expect(db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(10))')).toEqual({
      columns: [],
      types: [],
      declaredTypes: [],
      rows: [],
      rowsAffected: 0,
    });
    expect(db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')").rowsAffected).toBe(3);
    const r = db.execute('SELECT id, name FROM t ORDER BY id');
    expect(r.columns).toEqual(['ID', 'NAME']);
    expect(r.types).toEqual(['INTEGER', 'CHAR']);
    expect(r.declaredTypes).toEqual(['INTEGER', 'VARCHAR(10)']);
    expect(r.rows).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(db.execute("UPDATE t SET name = 'z' WHERE id >= 2").rowsAffected).toBe(2);
    expect(db.execute('DELETE FROM t WHERE id = 1').rowsAffected).toBe(1);
    expect(db.execute('SELECT id, name FROM t ORDER BY id').rows).toEqual([
      [2, 'z'],
      [3, 'z'],
    ]);
    expect(db.execute('UPDATE t SET name = name WHERE id = 2').rowsAffected).toBe(1);
  });

  test('a result without rows has frozen empty lists, which a caller cannot change for the next one', () => {
    db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const first = db.execute('INSERT INTO t VALUES (1)');
    expect(Object.isFrozen(first.rows) && Object.isFrozen(first.columns) && Object.isFrozen(first.types)).toBe(true);
    expect(Object.isFrozen(first.declaredTypes) && first.declaredTypes.length === 0).toBe(true);
    expect(() => first.rows.push([1])).toThrow(TypeError);
    const second = db.prepare('INSERT INTO t VALUES (?)').execute([2]);
    expect(second).toEqual({ columns: [], types: [], declaredTypes: [], rows: [], rowsAffected: 1 });
    second.rowsAffected = 99; // the result object itself is the caller's
    expect(db.execute('DELETE FROM t').rowsAffected).toBe(2);
  });

  test('arrays and documents come back as copies: a caller changing them changes nothing stored', () => {
    db.execute('CREATE TABLE d (doc DOCUMENT, arr DOCARRAY)');
    db.execute("INSERT INTO d VALUES ({'a': {'b': 1}}, ?)", [[{ c: 1 }, 2]]);
    const arr = db.execute('SELECT arr FROM d').rows[0]![0] as Array<{ c: number } | number | string>;
    (arr[0] as { c: number }).c = 42;
    arr.push('x');
    const agg = db.execute('SELECT array_agg(doc) FROM d').rows[0]![0] as Array<{ a: { b: number } }>;
    agg[0]!.a.b = 99;
    const rows = db.execute('SELECT doc.a.b, arr FROM d').rows;
    expect(rows).toEqual([[1, [{ c: 1 }, 2]]]);
  });

  test('values come back in their public representation', () => {
    db.execute(
      'CREATE TABLE v (i INTEGER, b INTEGER, n NUMERIC(7,2), r REAL, c VARCHAR(5), f BOOLEAN, d DATE, ts TIMESTAMP, tm TIME)',
    );
    db.execute(
      "INSERT INTO v VALUES (1, 12345678901234567890123456789, 12.345, 1.5, 'x', TRUE, DATE '2024-02-29', TIMESTAMP '2024-02-29 10:20:30', TIME '10:20:30')",
    );
    const r = db.execute('SELECT * FROM v');
    expect(r.types).toEqual(['INTEGER', 'INTEGER', 'NUMERIC', 'REAL', 'CHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'TIME']);
    const [i, b, n, real, c, f, d, ts, tm] = r.rows[0]!;
    expect(i).toBe(1);
    expect(b).toBe(12345678901234567890123456789n);
    expect(n).toBeInstanceOf(Decimal);
    expect((n as Decimal).toFixed(2)).toBe('12.35');
    expect(real).toBe(1.5);
    expect(c).toBe('x');
    expect(f).toBe(true);
    expect(d).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(ts).toEqual(new Date(Date.UTC(2024, 1, 29, 10, 20, 30)));
    expect(tm).toBe('10:20:30');
  });

  test('a caller changing a result cannot change the database', () => {
    db.execute('CREATE TABLE d (x DATE)');
    db.execute("INSERT INTO d VALUES (DATE '2020-01-01')");
    const first = db.execute('SELECT x FROM d');
    (first.rows[0]![0] as Date).setUTCFullYear(1999);
    first.rows[0]![0] = 'junk';
    expect(db.execute('SELECT x FROM d').rows[0]![0]).toEqual(new Date(Date.UTC(2020, 0, 1)));
  });

  test('several statements in one text run in order and return the last result', () => {
    const r = db.execute("CREATE TABLE m (a INTEGER); INSERT INTO m VALUES (1), (2); SELECT count(*) AS n FROM m");
    expect(r.columns).toEqual(['N']);
    expect(r.rows).toEqual([[2]]);
    expect(db.execute('').rowsAffected).toBe(0);
  });

  test('EXPLAIN shows the plan; EXPLAIN ANALYZE proves a point query visits one row', () => {
    db.execute('CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER)');
    const ins = db.prepare('INSERT INTO big VALUES (?, ?)');
    db.execute('BEGIN');
    for (let k = 0; k < 2000; k++) ins.execute([k, k * 2]);
    db.execute('COMMIT');
    const plan = db.execute('EXPLAIN SELECT v FROM big WHERE id = 1234');
    expect(plan.columns).toEqual(['PLAN']);
    expect(plan.types).toEqual(['CHAR']);
    expect(plan.rows.length).toBeGreaterThan(0);
    const analyzed = db.execute('EXPLAIN ANALYZE SELECT v FROM big WHERE id = 1234').rows.map((r) => r[0]);
    expect(analyzed[analyzed.length - 1]).toBe('rows visited: 1');
    const scan = db.execute('EXPLAIN ANALYZE SELECT v FROM big WHERE v = 8').rows.map((r) => r[0]);
    expect(scan[scan.length - 1]).toBe('rows visited: 2000');
    const upd = db.execute('EXPLAIN UPDATE big SET v = 0 WHERE id = 5').rows.map((r) => r[0]);
    expect(upd[0]).toMatch(/^Update BIG/);
    expect(db.execute('SELECT v FROM big WHERE id = 5').rows).toEqual([[10]]);
    const del = db.execute('EXPLAIN ANALYZE DELETE FROM big WHERE id = 5').rows.map((r) => r[0]);
    expect(del[0]).toMatch(/^Delete from BIG/);
    expect(del[del.length - 1]).toBe('rows visited: 1');
    expect(db.execute('SELECT count(*) FROM big').rows).toEqual([[1999]]);
    expect(sqlStateOf(() => db.execute('EXPLAIN EXPLAIN SELECT 1'))).toBe(SqlState.FeatureNotSupported);
  });
});

describe('parameters', () => {
  let db: Database;
  beforeAll(() => {
    db = Database.open(':memory:');
    db.execute('CREATE TABLE p (id INTEGER PRIMARY KEY, s VARCHAR(20), n NUMERIC(10,2), d TIMESTAMP)');
  });
  afterAll(() => db.close());

  test('? takes an array, @name an object with or without @, any case', () => {
    db.execute('INSERT INTO p VALUES (?, ?, ?, ?)', [1, 'one', new Decimal('1.50'), new Date(Date.UTC(2024, 0, 1))]);
    db.execute('INSERT INTO p VALUES (@id, @s, @n, NULL)', { '@id': 2, s: 'two', N: 2 });
    db.execute('INSERT INTO p (id, s) VALUES (@Id, @id)', { id: 3 });
    expect(db.execute('SELECT s FROM p WHERE id = ?', [2]).rows).toEqual([['two']]);
    expect(db.execute('SELECT s FROM p WHERE id = @ID', { '@id': 3 }).rows).toEqual([['3']]);
    expect(db.execute('SELECT id FROM p WHERE id = ?', [12345678901234567890n]).rows).toEqual([]);
  });

  test('wrong count, missing and ambiguous names, unsupported values', () => {
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = ?', []))).toBe(SqlState.WrongParameterCount);
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = ?', [1, 2]))).toBe(SqlState.WrongParameterCount);
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = ?'))).toBe(SqlState.WrongParameterCount);
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = ?', { a: 1 }))).toBe(SqlState.WrongParameterCount);
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = @a', { b: 1 }))).toBe(SqlState.UndefinedParameter);
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = @a'))).toBe(SqlState.UndefinedParameter);
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = @a', [1]))).toBe(SqlState.UndefinedParameter);
    expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = @a', { a: 1, '@A': 2 }))).toBe(
      SqlState.AmbiguousParameter,
    );
    for (const bad of [undefined, () => 1, Symbol('x'), NaN, Infinity, -Infinity, new Date(NaN), new Map()]) {
      expect(sqlStateOf(() => db.execute('SELECT * FROM p WHERE id = ?', [bad]))).toBe(
        SqlState.RestrictedDataTypeViolation,
      );
    }
    expect(sqlStateOf(() => db.execute('SELECT 1', 42 as never))).toBe(SqlState.RestrictedDataTypeViolation);
  });
});

describe('prepared statements', () => {
  test('plan once, see new rows, re-plan after a schema change', () => {
    const db = Database.open(':memory:');
    db.execute('CREATE TABLE t (a INTEGER)');
    const sel = db.prepare('SELECT * FROM t ORDER BY a');
    expect(sel.sql).toBe('SELECT * FROM t ORDER BY a');
    expect(sel.execute().rows).toEqual([]);
    const ins = db.prepare('INSERT INTO t (a) VALUES (?)');
    ins.execute([2]);
    ins.execute([1]);
    expect(sel.execute().rows).toEqual([[1], [2]]);
    db.execute("ALTER TABLE t ADD COLUMN b VARCHAR(5) DEFAULT 'd'");
    const r = sel.execute();
    expect(r.columns).toEqual(['A', 'B']);
    expect(r.rows).toEqual([
      [1, 'd'],
      [2, 'd'],
    ]);
    ins.execute([3]);
    expect(sel.execute().rows[2]).toEqual([3, 'd']);
    db.execute('DROP TABLE t');
    expect(sqlStateOf(() => sel.execute())).toBe(SqlState.UndefinedTable);
    expect(sqlStateOf(() => db.prepare('SELECT * FROM nosuch'))).toBe(SqlState.UndefinedTable);
    expect(sqlStateOf(() => db.prepare('SELEC 1'))).toBe(SqlState.SyntaxErrorAt);
    db.close();
    expect(sqlStateOf(() => ins.execute([1]))).toBe(SqlState.ConnectionDoesNotExist);
  });
});

describe('transactions on one connection', () => {
  let db: Database;
  beforeEach(() => {
    db = Database.open(':memory:');
    db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER CHECK (v >= 0))');
  });
  afterEach(() => db.close());

  test('BEGIN … COMMIT and ROLLBACK; inTransaction', () => {
    expect(db.inTransaction).toBe(false);
    db.execute('BEGIN');
    expect(db.inTransaction).toBe(true);
    db.execute('INSERT INTO t VALUES (1, 1)');
    db.execute('COMMIT');
    expect(db.inTransaction).toBe(false);
    db.execute('START TRANSACTION');
    db.execute('INSERT INTO t VALUES (2, 2)');
    db.execute('ROLLBACK');
    expect(db.execute('SELECT id FROM t').rows).toEqual([[1]]);
  });

  test('transaction statements can be prepared', () => {
    const begin = db.prepare('BEGIN');
    const commit = db.prepare('COMMIT');
    begin.execute();
    db.execute('INSERT INTO t VALUES (1, 1)');
    expect(db.inTransaction).toBe(true);
    commit.execute();
    expect(db.inTransaction).toBe(false);
    expect(sqlStateOf(() => commit.execute())).toBe(SqlState.InvalidTransactionState);
    expect(db.execute('SELECT id FROM t').rows).toEqual([[1]]);
  });

  test('transaction-state errors', () => {
    expect(sqlStateOf(() => db.execute('COMMIT'))).toBe(SqlState.InvalidTransactionState);
    expect(sqlStateOf(() => db.execute('ROLLBACK'))).toBe(SqlState.InvalidTransactionState);
    db.execute('BEGIN');
    expect(sqlStateOf(() => db.execute('BEGIN'))).toBe(SqlState.ActiveSqlTransaction);
    expect(db.inTransaction).toBe(false);
  });

  test('any error inside a transaction rolls it all back and says so', () => {
    db.execute('BEGIN');
    db.execute('INSERT INTO t VALUES (1, 1)');
    const err = sqlErrorOf(() => db.execute('INSERT INTO t VALUES (2, -1)'));
    expect(err?.sqlState).toBe(SqlState.CheckViolation);
    expect(err?.detail).toMatch(/transaction has been rolled back/);
    expect(db.inTransaction).toBe(false);
    expect(db.execute('SELECT count(*) FROM t').rows).toEqual([[0]]);
    // later statements autocommit
    db.execute('INSERT INTO t VALUES (3, 3)');
    expect(db.execute('SELECT id FROM t').rows).toEqual([[3]]);
  });

  test('a failing autocommit statement leaves nothing: the third of five rows breaks a key', () => {
    expect(sqlStateOf(() => db.execute('INSERT INTO t VALUES (1, 1), (2, 2), (1, 3), (4, 4), (5, 5)'))).toBe(
      SqlState.UniqueViolation,
    );
    expect(db.execute('SELECT count(*) FROM t').rows).toEqual([[0]]);
    db.execute('INSERT INTO t VALUES (1, 1), (2, 2)');
    expect(sqlStateOf(() => db.execute('UPDATE t SET v = v - 2'))).toBe(SqlState.CheckViolation);
    expect(db.execute('SELECT v FROM t ORDER BY id').rows).toEqual([[1], [2]]);
  });

  test('close rolls back an open transaction; a closed database refuses with 08003', () => {
    db.execute('BEGIN');
    db.execute('INSERT INTO t VALUES (9, 9)');
    db.close();
    db.close();
    expect(sqlStateOf(() => db.execute('SELECT 1'))).toBe(SqlState.ConnectionDoesNotExist);
    expect(sqlStateOf(() => db.prepare('SELECT 1'))).toBe(SqlState.ConnectionDoesNotExist);
    expect(db.closed).toBe(true);
  });
});

describe('files: reopen and two connections', () => {
  test('everything is there after close and reopen', () => {
    const p = path.join(dir, 'reopen');
    const a = Database.open(p);
    expect(fs.existsSync(`${p}.pfl`)).toBe(true);
    a.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR(10), n NUMERIC(5,1) DEFAULT 2.5)');
    a.execute("INSERT INTO t (id, s) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    a.execute("UPDATE t SET s = 'bb' WHERE id = 2");
    a.execute('DELETE FROM t WHERE id = 3');
    a.close();
    const b = Database.open(p);
    const r = b.execute('SELECT id, s, n FROM t ORDER BY id');
    expect(r.rows.map((row) => [row[0], row[1], String(row[2])])).toEqual([
      [1, 'a', '2.5'],
      [2, 'bb', '2.5'],
    ]);
    expect(sqlStateOf(() => b.execute("INSERT INTO t (id, s) VALUES (1, 'dup')"))).toBe(SqlState.UniqueViolation);
    b.close();
  });

  test('a read by a list of keys conflicts with writes to those keys only, present or absent', () => {
    const p = path.join(dir, 'keylist');
    const a = Database.open(p);
    const b = Database.open(p);
    a.execute('CREATE TABLE acct (id INTEGER PRIMARY KEY, bal INTEGER)');
    a.execute('INSERT INTO acct VALUES (1, 10), (2, 20), (3, 30)');
    const outcome = (write: string): string => {
      b.execute('BEGIN');
      expect(b.execute('SELECT id FROM acct WHERE id = ANY (?)', [[1, 7]]).rows).toEqual([[1]]);
      a.execute(write);
      b.execute('UPDATE acct SET bal = bal + 1 WHERE id = 3');
      try {
        b.execute('COMMIT');
        return 'committed';
      } catch (e) {
        return (e as SqlError).sqlState;
      }
    };
    // another key: the lookups read only theirs
    expect(outcome('UPDATE acct SET bal = 21 WHERE id = 2')).toBe('committed');
    // a key read and found, changed since
    expect(outcome('UPDATE acct SET bal = 11 WHERE id = 1')).toBe(SqlState.TransactionConflict);
    // a key read and not found, inserted since (a phantom)
    expect(outcome('INSERT INTO acct VALUES (7, 70)')).toBe(SqlState.TransactionConflict);
    expect(a.execute('SELECT id, bal FROM acct ORDER BY id').rows).toEqual([
      [1, 11],
      [2, 21],
      [3, 31],
      [7, 70],
    ]);
    a.close();
    b.close();
  });

  test('two connections: snapshot isolation while open, serializable at commit', () => {
    const p = path.join(dir, 'shared');
    const a = Database.open(p);
    const b = Database.open(p);
    a.execute('CREATE TABLE acct (id INTEGER PRIMARY KEY, bal INTEGER)');
    a.execute('INSERT INTO acct VALUES (42, 100), (52, 200)');
    expect(b.execute('SELECT bal FROM acct WHERE id = 42').rows).toEqual([[100]]);

    // B reads row 52 while A updates row 42: both commit
    b.execute('BEGIN');
    expect(b.execute('SELECT bal FROM acct WHERE id = 52').rows).toEqual([[200]]);
    a.execute('UPDATE acct SET bal = 101 WHERE id = 42');
    expect(b.execute('SELECT bal FROM acct WHERE id = 42 OR id = 52 ORDER BY id').rows.length).toBe(2);
    b.execute('ROLLBACK');
    b.execute('BEGIN');
    expect(b.execute('SELECT bal FROM acct WHERE id = 52').rows).toEqual([[200]]);
    a.execute('UPDATE acct SET bal = 102 WHERE id = 42');
    b.execute('UPDATE acct SET bal = 201 WHERE id = 52');
    b.execute('COMMIT');
    expect(a.execute('SELECT bal FROM acct ORDER BY id').rows).toEqual([[102], [201]]);

    // B reads row 42 while A updates row 42: B's commit fails with 40001 and leaves nothing
    b.execute('BEGIN');
    expect(b.execute('SELECT bal FROM acct WHERE id = 42').rows).toEqual([[102]]);
    a.execute('BEGIN');
    a.execute('UPDATE acct SET bal = 103 WHERE id = 42');
    // snapshot isolation: B does not see A's uncommitted or committed change
    expect(b.execute('SELECT bal FROM acct WHERE id = 42').rows).toEqual([[102]]);
    a.execute('COMMIT');
    expect(b.execute('SELECT bal FROM acct WHERE id = 42').rows).toEqual([[102]]);
    b.execute('UPDATE acct SET bal = 999 WHERE id = 52');
    let conflict: unknown = null;
    try {
      b.execute('COMMIT');
    } catch (e) {
      conflict = e;
    }
    expect(conflict).toBeInstanceOf(TransactionConflict);
    expect((conflict as SqlError).sqlState).toBe(SqlState.TransactionConflict);
    expect(b.inTransaction).toBe(false);
    expect(a.execute('SELECT bal FROM acct ORDER BY id').rows).toEqual([[103], [201]]);
    a.close();
    expect(b.execute('SELECT count(*) FROM acct').rows).toEqual([[2]]);
    b.close();
    // the file was closed with its last connection: it opens again
    const c = Database.open(p);
    expect(c.execute('SELECT bal FROM acct ORDER BY id').rows).toEqual([[103], [201]]);
    c.close();
  });

  test('a prepared statement follows schema changes made by another connection, per snapshot', () => {
    const p = path.join(dir, 'schema');
    const a = Database.open(p);
    const b = Database.open(p);
    a.execute('CREATE TABLE t (x INTEGER)');
    a.execute('INSERT INTO t VALUES (1)');
    const sel = a.prepare('SELECT * FROM t');
    expect(sel.execute().columns).toEqual(['X']);
    a.execute('BEGIN');
    expect(sel.execute().rows).toEqual([[1]]);
    b.execute('ALTER TABLE t ADD COLUMN y INTEGER DEFAULT 2');
    // A's transaction still sees its snapshot's schema
    expect(sel.execute().columns).toEqual(['X']);
    a.execute('COMMIT');
    const r = sel.execute();
    expect(r.columns).toEqual(['X', 'Y']);
    expect(r.rows).toEqual([[1, 2]]);
    // many distinct texts push the first out of the cache; it still runs
    for (let i = 0; i < 300; i++) a.execute(`SELECT ${i} AS n FROM t`);
    expect(a.execute('SELECT 0 AS n FROM t').rows).toEqual([[0]]);
    a.close();
    b.close();
  });

  test('each open of :memory: is a new database', () => {
    const a = Database.open(':memory:');
    const b = Database.open(':memory:');
    a.execute('CREATE TABLE only_a (x INTEGER)');
    expect(sqlStateOf(() => b.execute('SELECT * FROM only_a'))).toBe(SqlState.UndefinedTable);
    a.close();
    b.close();
  });

  test('a name ending in .pfl names that file: shop and shop.pfl are one database, never shop.pfl.pfl', () => {
    const base = path.join(dir, 'suffix-shop');
    const a = Database.open(base);
    a.execute('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)');
    expect(a.name).toBe(path.resolve(`${base}.pfl`));
    // while a is open, the same file through its full name is another connection to the same database
    const b = Database.open(`${base}.pfl`);
    expect(b.name).toBe(a.name);
    expect(b.execute('SELECT a FROM t').rows).toEqual([[1]]);
    a.close();
    b.close();
    // and after closing, from its full name alone
    const c = Database.open(`${base}.pfl`);
    c.execute('INSERT INTO t VALUES (2)');
    c.close();
    const d = Database.open(base);
    expect(d.execute('SELECT a FROM t ORDER BY a').rows).toEqual([[1], [2]]);
    d.close();
    expect(fs.existsSync(`${base}.pfl.pfl`)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('suffix-shop'))).toEqual(['suffix-shop.pfl']);
  });

  test('open refuses a bad path with an SqlError', () => {
    expect(sqlStateOf(() => Database.open(''))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => Database.open(path.join(dir, 'no', 'such', 'dir', 'db')))).toMatch(/^[0-9A-Z]{5}$/);
  });
});
