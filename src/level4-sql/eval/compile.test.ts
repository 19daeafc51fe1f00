/**
 * src/level4-sql/eval/compile.test.ts — expression compilation: values, types, three-valued logic, name and
 * type errors, parameters, subqueries.
 */
import { MemoryStore } from '../../level1-datafile/memory-store';
import { DatabaseFile } from '../../level3-objects/database-file';
import { Decimal } from '../../common/values/value';
import { CHAR, INTEGER } from '../../common/values/sql-type';
import type { Transaction } from '../../level3-objects/transaction';
import { ExecContext } from '../context';
import { parseExpression } from '../parse';
import { createTable, insertRows, run } from '../plan/test-support';
import { compileExpr } from './compile';
import { Scope } from './scope';

let tx: Transaction;

beforeAll(() => {
  const db = DatabaseFile.open(new MemoryStore());
  tx = db.begin();
  const t = createTable(tx, 'T', [['A'], ['B'], ['S', CHAR]], ['A']);
  insertRows(tx, t, [
    [1, 10, 'x'],
    [2, null, 'y'],
    [3, 30, null],
  ]);
  const u = createTable(tx, 'U', [['A'], ['C']]);
  insertRows(tx, u, [[1, 100]]);
});

/** The single value of `SELECT <e>`. */
function val(e: string, params: unknown[] | Record<string, unknown> = []): unknown {
  return run(tx, `SELECT ${e}`, params as never).rows[0]![0];
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as { sqlState?: string }).sqlState ?? String(e);
  }
  return 'no error';
}

describe('literals and arithmetic', () => {
  test('exact integers, numerics and reals', () => {
    expect(val('1 + 2 * 3')).toBe(7);
    expect(val('9007199254740993 + 1')).toBe(9007199254740994n);
    expect(val('7 / 2')).toBe(3);
    expect(val('-7 / 2')).toBe(-3);
    expect(String(val('1.50 + 1'))).toBe('2.5');
    expect(val('1.5 + 1') instanceof Decimal).toBe(true);
    expect(val('1e1 + 1')).toBe(11);
    expect(val("'a' || 'b' || 1")).toBe('ab1');
    expect(val('NULL + 1')).toBeNull();
  });
  test('division by zero is 22012 at run time', () => {
    expect(code(() => val('1 / 0'))).toBe('22012');
    expect(val('CASE WHEN 1 = 2 THEN 1 / 0 ELSE 5 END')).toBe(5);
  });
  test('type errors are 42804', () => {
    expect(code(() => val("1 + 'a'"))).toBe('42804');
    expect(code(() => val("1 = 'a'"))).toBe('42804');
    expect(code(() => val('NOT 1'))).toBe('42804');
    expect(code(() => val('1 AND TRUE'))).toBe('42804');
    expect(code(() => val("'a' LIKE 1"))).toBe('42804');
  });
});

describe('three-valued logic', () => {
  const T = 'TRUE';
  const F = 'FALSE';
  const N = 'CAST(NULL AS BOOLEAN)';
  const v = { [T]: true, [F]: false, [N]: null } as Record<string, boolean | null>;
  const all = [T, F, N];
  test('AND, OR and NOT truth tables', () => {
    for (const a of all) {
      expect(val(`NOT ${a}`)).toBe(v[a] === null ? null : !v[a]);
      for (const b of all) {
        const x = v[a]!;
        const y = v[b]!;
        const and = x === false || y === false ? false : x === null || y === null ? null : true;
        const or = x === true || y === true ? true : x === null || y === null ? null : false;
        expect([a, b, val(`${a} AND ${b}`)]).toEqual([a, b, and]);
        expect([a, b, val(`${a} OR ${b}`)]).toEqual([a, b, or]);
      }
    }
  });
  test('comparisons with NULL are NULL; IS tests are never NULL', () => {
    expect(val('1 = NULL')).toBeNull();
    expect(val('NULL <> NULL')).toBeNull();
    expect(val('NULL IS NULL')).toBe(true);
    expect(val('1 IS NOT NULL')).toBe(true);
    expect(val(`${N} IS UNKNOWN`)).toBe(true);
    expect(val(`${N} IS NOT TRUE`)).toBe(true);
    expect(val(`FALSE IS FALSE`)).toBe(true);
    expect(val('NULL IS DISTINCT FROM NULL')).toBe(false);
    expect(val('1 IS DISTINCT FROM NULL')).toBe(true);
    expect(val('1 IS NOT DISTINCT FROM 1.0')).toBe(true);
  });
  test('IN, BETWEEN with NULLs', () => {
    expect(val('2 IN (1, NULL)')).toBeNull();
    expect(val('1 IN (1, NULL)')).toBe(true);
    expect(val('2 NOT IN (1, NULL)')).toBeNull();
    expect(val('2 NOT IN (1, 3)')).toBe(true);
    expect(val('5 IN (1, 2, 3, 4, 5, 6)')).toBe(true);
    expect(val('7 IN (1, 2, 3, 4, 5, NULL)')).toBeNull();
    expect(val('5.0 IN (1, 2, 3, 4, 5)')).toBe(true);
    expect(val('NULL IN ()')).toBe(false);
    expect(val('NULL NOT IN ()')).toBe(true);
    expect(val('2 BETWEEN 1 AND 3')).toBe(true);
    expect(val('2 BETWEEN 3 AND NULL')).toBe(false);
    expect(val('2 BETWEEN 1 AND NULL')).toBeNull();
    expect(val('2 NOT BETWEEN 3 AND 4')).toBe(true);
  });
  test('row values compare lexicographically', () => {
    expect(val('(1, 2) = (1, 2)')).toBe(true);
    expect(val('(1, 2) < (1, 3)')).toBe(true);
    expect(val('(1, 2) < (2, NULL)')).toBe(true);
    expect(val('(1, NULL) = (1, 2)')).toBeNull();
    expect(val('(1, NULL) = (2, 2)')).toBe(false);
    expect(val('(1, 2) IN ((0, 0), (1, 2))')).toBe(true);
    expect(code(() => val('(1, 2) = (1, 2, 3)'))).toBe('42000');
  });
});

describe('CASE, CAST, LIKE, functions', () => {
  test('CASE forms', () => {
    expect(val("CASE 2 WHEN 1 THEN 'a' WHEN 2 THEN 'b' END")).toBe('b');
    expect(val("CASE WHEN NULL THEN 'a' ELSE 'c' END")).toBe('c');
    expect(val('CASE 3 WHEN 1 THEN 1 END')).toBeNull();
    expect(String(val('CASE WHEN TRUE THEN 1 ELSE 2.5 END'))).toBe('1');
    expect(run(tx, 'SELECT CASE WHEN TRUE THEN 1 ELSE 2.5 END').types).toEqual(['NUMERIC']);
  });
  test('CAST and LIKE', () => {
    expect(val("CAST('42' AS INTEGER)")).toBe(42);
    expect(val('CAST(42 AS VARCHAR(10))')).toBe('42');
    expect(val("'abc' LIKE 'a%'")).toBe(true);
    expect(val("'abc' LIKE '_b_'")).toBe(true);
    expect(val("'abc' NOT LIKE 'b%'")).toBe(true);
    expect(val("NULL LIKE 'a'")).toBeNull();
  });
  test('a bad LIKE or SIMILAR TO pattern is refused at its position, a constant one before any row is read', () => {
    const at = (sql: string, params: unknown[] = []): [string, number | undefined] => {
      try {
        run(tx, sql, params as never);
      } catch (e) {
        const err = e as { sqlState: string; position?: number };
        return [err.sqlState, err.position];
      }
      return ['no error', undefined];
    };
    createTable(tx, 'E', [['A']], ['A']);
    // E has no rows: a constant pattern fails all the same (positions count from 0); a parameter's, when run
    expect(at("SELECT 1 FROM E WHERE 'a' SIMILAR TO '(a'")).toEqual(['2201B', 37]);
    expect(at("SELECT 1 FROM E WHERE 'a' LIKE 'a!' ESCAPE '!'")).toEqual(['22025', 31]);
    expect(at("SELECT 1 FROM E WHERE 'a' LIKE 'a' ESCAPE 'xy'")).toEqual(['22019', 42]);
    expect(at("SELECT 1 FROM T WHERE 'a' SIMILAR TO ?", ['(b'])).toEqual(['2201B', 37]);
  });
  test('COALESCE, NULLIF, scalar functions, clock', () => {
    expect(val('COALESCE(NULL, 2, 3)')).toBe(2);
    expect(val('NULLIF(1, 1)')).toBeNull();
    expect(val('abs(-5)')).toBe(5);
    expect(code(() => val('nosuchfunction(1)'))).toBe('42883');
    const r = run(tx, 'SELECT CURRENT_DATE, CURRENT_TIMESTAMP');
    expect(r.types).toEqual(['DATE', 'TIMESTAMP']);
    expect(r.rows[0]![0]).toBeInstanceOf(Date);
  });
});

describe('parameters', () => {
  test('positional and named, case-insensitive, dynamic typing', () => {
    expect(val('? + 1', [41])).toBe(42);
    expect(val('? + 1', [1.5])).toBe(2.5);
    expect(val('@X * 2', { x: 21 })).toBe(42);
    expect(val('@abc', { '@ABC': 'z' })).toBe('z');
    expect(code(() => val('?', []))).toBe('42P02');
    expect(code(() => val('@nope', {}))).toBe('42P02');
  });
});

describe('names', () => {
  test('undefined, ambiguous, undefined table', () => {
    expect(code(() => run(tx, 'SELECT Z FROM T'))).toBe('42703');
    expect(code(() => run(tx, 'SELECT A FROM T, U'))).toBe('42702');
    expect(code(() => run(tx, 'SELECT Q.A FROM T'))).toBe('42P01');
    expect(code(() => run(tx, 'SELECT * FROM NOPE'))).toBe('42P01');
    expect(run(tx, 'SELECT T.A, U.A FROM T, U WHERE T.A = U.A').rows).toEqual([[1, 1]]);
  });
  test('compileExpr over a table scope reads row slots', () => {
    const table = tx.state.tableByName('T')!;
    const c = compileExpr(parseExpression('A * 10 + B'), Scope.forTable(table, null), tx.state);
    expect(c.type).toEqual(INTEGER);
    expect(c.eval(new ExecContext(tx), [2, 5, 'q'])).toBe(25);
    expect(code(() => compileExpr(parseExpression('count(*)'), Scope.forTable(table, null), tx.state))).toBe('42803');
  });
});

describe('subqueries', () => {
  test('scalar, EXISTS, IN; correlated', () => {
    expect(val('(SELECT max(A) FROM T)')).toBe(3);
    expect(val('EXISTS (SELECT 1 FROM T WHERE A = 2)')).toBe(true);
    expect(val('2 IN (SELECT A FROM T)')).toBe(true);
    expect(val('4 IN (SELECT B FROM T)')).toBeNull();
    expect(val('4 NOT IN (SELECT A FROM T)')).toBe(true);
    expect(run(tx, 'SELECT A, (SELECT count(*) FROM T AS X WHERE X.A < T.A) FROM T ORDER BY A').rows).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
    expect(run(tx, 'SELECT A FROM T WHERE EXISTS (SELECT 1 FROM U WHERE U.A = T.A)').rows).toEqual([[1]]);
    expect(run(tx, 'SELECT A FROM T WHERE A IN (SELECT X.A + 1 FROM T X WHERE X.A = T.A - 1)').rows).toEqual([[2], [3]]);
  });
  test('a scalar subquery with two rows is 21000; with two columns 42000', () => {
    expect(code(() => val('(SELECT A FROM T)'))).toBe('21000');
    expect(code(() => val('(SELECT A, B FROM T)'))).toBe('42000');
    expect(val('(SELECT A FROM T WHERE A > 5)')).toBeNull();
  });
});
