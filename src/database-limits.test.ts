/**
 * src/database-limits.test.ts — statement timeouts through the public API (`Database.open(path,
 * { statementTimeoutMs })`, `execute(sql, params, { timeoutMs })`) and the cancel flag and progress hooks
 * pyrrhocmd uses: a stopped statement fails with 57014 and changes nothing.
 */
import { Database, SqlError } from './index';

function errorOf(fn: () => unknown): SqlError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  }
  throw new Error('expected an SqlError');
}

/** A table of n rows; `count(*)` over it crossed with itself visits n * n rows (never finishes quickly). */
function withRows(db: Database, n = 3000): Database {
  db.execute('create table t (a integer, b integer)');
  db.execute('begin transaction');
  const ins = db.prepare('insert into t values (?, ?)');
  for (let i = 0; i < n; i++) ins.execute([i, i % 7]);
  db.execute('commit');
  return db;
}

const SLOW = 'select count(*) from t x, t y where x.a + y.a = -1';

describe('statement timeouts', () => {
  test('a statement running past statementTimeoutMs fails with 57014 and the connection goes on', () => {
    const db = withRows(Database.open(':memory:', { statementTimeoutMs: 30 }));
    const e = errorOf(() => db.execute(SLOW));
    expect(e.sqlState).toBe('57014');
    expect(e.message).toContain('statement timeout');
    expect(db.execute('select count(*) from t').rows).toEqual([[3000]]);
    db.close();
  });

  test('a timed-out UPDATE changes nothing, in autocommit and inside a transaction (which it ends)', () => {
    const db = withRows(Database.open(':memory:'));
    const slowUpdate = 'update t set b = 99 where a in (select x.a from t x, t y where x.a + y.a = x.a * 3000 + y.a)';
    expect(errorOf(() => db.execute(slowUpdate, undefined, { timeoutMs: 30 })).sqlState).toBe('57014');
    expect(db.execute('select count(*) from t where b = 99').rows).toEqual([[0]]);
    db.execute('begin transaction');
    db.execute('insert into t values (-5, 99)');
    expect(errorOf(() => db.execute(slowUpdate, undefined, { timeoutMs: 30 })).sqlState).toBe('57014');
    expect(db.inTransaction).toBe(false);
    expect(db.execute('select count(*) from t where b = 99').rows).toEqual([[0]]);
    db.close();
  });

  test('the per-call timeout overrides the open option; 0 means none; each statement of a text has its own', () => {
    const db = withRows(Database.open(':memory:', { statementTimeoutMs: 1 }), 200);
    // 40,000 row pairs: done well within no limit, but not within 1 ms on a slow machine… so only assert the override
    expect(db.execute('select count(*) from t x, t y', undefined, { timeoutMs: 0 }).rows).toEqual([[40000]]);
    const st = db.prepare('select count(*) from t x, t y, t z where x.a + y.a + z.a = -1');
    expect(errorOf(() => st.execute(undefined, { timeoutMs: 20 })).sqlState).toBe('57014');
    db.close();
  });

  test('bad options are 22023', () => {
    expect(errorOf(() => Database.open(':memory:', { statementTimeoutMs: -1 })).sqlState).toBe('22023');
    expect(errorOf(() => Database.open(':memory:', { statementTimeoutMs: Number.NaN })).sqlState).toBe('22023');
    expect(errorOf(() => Database.open(':memory:', 5 as unknown as object)).sqlState).toBe('22023');
    const db = Database.open(':memory:');
    expect(errorOf(() => db.execute('select 1', undefined, { timeoutMs: '10' as unknown as number })).sqlState).toBe('22023');
    expect(errorOf(() => db.prepare('select 1').execute(undefined, { timeoutMs: Infinity })).sqlState).toBe('22023');
    db.close();
  });
});

describe('cancel flag and progress (pyrrhocmd)', () => {
  test('a set flag cancels the running statement; cleared, statements run again', () => {
    const db = withRows(Database.open(':memory:'));
    const flag = new Int32Array(new SharedArrayBuffer(4));
    let calls = 0;
    db.watch(flag, () => {
      calls++;
      if (calls === 3) Atomics.store(flag, 0, 1);
    });
    const e = errorOf(() => db.execute(SLOW));
    expect(e.sqlState).toBe('57014');
    expect(e.message).toContain('canceled');
    expect(calls).toBe(3);
    Atomics.store(flag, 0, 0);
    expect(db.execute('select count(*) from t').rows).toEqual([[3000]]);
    db.close();
  });

  test('progress hears the rows visited so far, increasing', () => {
    const db = withRows(Database.open(':memory:'));
    const seen: number[] = [];
    db.watch(null, (n) => seen.push(n));
    db.execute('select count(*) from t x, t y where x.a < 3');
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((n, i) => i === 0 || n > seen[i - 1]!)).toBe(true);
    db.close();
  });
});

test('a cross product with no condition is stopped too', () => {
  const db = withRows(Database.open(':memory:', { statementTimeoutMs: 30 }));
  expect(errorOf(() => db.execute('select count(*) from t x, t y, t z')).sqlState).toBe('57014');
  db.close();
});
