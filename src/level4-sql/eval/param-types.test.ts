/**
 * src/level4-sql/eval/param-types.test.ts — parameter types from values, and the rule they serve: the `types` a
 * result reports never contradict its rows, whatever values the parameters hold (session.ts invariant 7).
 */
import fc from 'fast-check';
import { SqlState } from '../../common/errors';
import { sqlStateOf } from '../../common/testing/sql-state-of';
import { Decimal, type Value } from '../../common/values/value';
import type { TypeKind } from '../../common/values/sql-type';
import { MemoryStore } from '../../level1-datafile/memory-store';
import { NO_PARAMS, type Params } from '../context';
import { DatabaseFile, Session } from '../session';
import { paramsFit, paramType, paramTypesOf, UNTYPED_PARAMS } from './param-types';

const positional = (...values: Value[]): Params => ({ positional: values, named: new Map() });

describe('paramType', () => {
  it.each<[string, Value, TypeKind]>([
    ['safe integer', 3, 'INTEGER'],
    ['fraction', 3.5, 'REAL'],
    ['integral double beyond 2^53', 2 ** 60, 'REAL'],
    ['bigint', 2n ** 60n, 'INTEGER'],
    ['Decimal', new Decimal('1.5'), 'NUMERIC'],
    ['string', '2024-01-01', 'CHAR'],
    ['boolean', false, 'BOOLEAN'],
    ['UTC midnight', new Date(Date.UTC(2024, 1, 29)), 'DATE'],
    ['midnight before 1970', new Date(Date.UTC(1969, 6, 20)), 'DATE'],
    ['instant', new Date(Date.UTC(2024, 1, 29, 13, 5)), 'TIMESTAMP'],
    ['bytes', new Uint8Array([1]), 'BLOB'],
    ['object', { a: 1 }, 'DOCUMENT'],
    ['NULL', null, 'NULL'],
  ])('%s', (_name, v, kind) => {
    expect(paramType(v).kind).toBe(kind);
  });
});

describe('paramsFit', () => {
  it('fits values of the kinds planned for, and NULL anywhere', () => {
    const t = paramTypesOf(positional(1, 'a', null));
    expect(paramsFit(t, positional(2, 'b', null))).toBe(true);
    expect(paramsFit(t, positional(null, null, null))).toBe(true);
    expect(paramsFit(t, positional(2n ** 60n, 'b', null))).toBe(true);
    expect(paramsFit(t, positional(2.5, 'b', null))).toBe(false);
    expect(paramsFit(t, positional(2, 3, null))).toBe(false);
    expect(paramsFit(t, positional(2, 'b', 1))).toBe(false); // planned NULL: only NULL fits
  });

  it('matches named parameters case-insensitively, with or without @', () => {
    const t = paramTypesOf({ positional: [], named: new Map<string, Value>([['@Id', 1]]) });
    expect(paramsFit(t, { positional: [], named: new Map<string, Value>([['ID', 7]]) })).toBe(true);
    expect(paramsFit(t, { positional: [], named: new Map<string, Value>([['id', 'x']]) })).toBe(false);
  });

  it('UNTYPED_PARAMS fits only executions without non-NULL values', () => {
    expect(paramsFit(UNTYPED_PARAMS, NO_PARAMS)).toBe(true);
    expect(paramsFit(UNTYPED_PARAMS, positional(null))).toBe(true);
    expect(paramsFit(UNTYPED_PARAMS, positional(0))).toBe(false);
  });
});

function session(): Session {
  const s = new Session(DatabaseFile.open(new MemoryStore()));
  s.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, n NUMERIC(6,2), r REAL, c VARCHAR(5), d DATE)');
  s.execute("INSERT INTO t VALUES (1, 7, 2.50, 0.5, 'ab', DATE '2024-02-29'), (2, NULL, NULL, NULL, NULL, NULL)");
  return s;
}

describe('result types follow the parameter values', () => {
  const s = session();
  const run = (sql: string, params: unknown[]): { types: readonly string[]; rows: readonly (readonly unknown[])[] } => {
    const r = s.execute(sql, params);
    return { types: r.types, rows: r.rows };
  };

  it('typed from the values bound (the QA cases)', () => {
    expect(run('SELECT ? + 1', [0.1])).toEqual({ types: ['REAL'], rows: [[1.1]] });
    expect(run('SELECT ? / 2', [3.5])).toEqual({ types: ['REAL'], rows: [[1.75]] });
    expect(run('SELECT ? / 2', [3])).toEqual({ types: ['INTEGER'], rows: [[1]] });
    expect(run('SELECT ?', [1])).toEqual({ types: ['INTEGER'], rows: [[1]] });
    expect(run('SELECT ? + ?', [1.5, 2.25])).toEqual({ types: ['REAL'], rows: [[3.75]] });
    expect(run('SELECT -?', [3.5])).toEqual({ types: ['REAL'], rows: [[-3.5]] });
    expect(run('SELECT ? AS x', [null])).toEqual({ types: ['NULL'], rows: [[null]] });
    // a NULL fits the plan made for an INTEGER: the column stays INTEGER, which a NULL never contradicts
    expect(run('SELECT ?', [null])).toEqual({ types: ['INTEGER'], rows: [[null]] });
  });

  it('every kind of value, through VALUES, UNION and FROM subqueries', () => {
    expect(run('SELECT ?, ?, ?, ?', ['x', true, new Decimal('1.5'), 2n ** 60n]).types).toEqual(['CHAR', 'BOOLEAN', 'NUMERIC', 'INTEGER']);
    expect(run('SELECT ? + 1', [new Date(Date.UTC(2024, 1, 28))])).toEqual({ types: ['DATE'], rows: [[new Date(Date.UTC(2024, 1, 29))]] });
    const v = run('VALUES (?), (1.25)', [1]);
    expect(v.types).toEqual(['NUMERIC']);
    expect(v.rows.every(([x]) => x instanceof Decimal)).toBe(true);
    expect(run('SELECT x * 2 FROM (SELECT ? AS x) AS q', [0.25])).toEqual({ types: ['REAL'], rows: [[0.5]] });
    expect(run('SELECT i + ? FROM t WHERE id = 1 UNION ALL SELECT 1', [0.5])).toEqual({ types: ['REAL'], rows: [[7.5], [1]] });
    expect(run('SELECT n + ? FROM t WHERE id = 1', [1]).types).toEqual(['NUMERIC']);
    expect(run('SELECT n + ? FROM t WHERE id = 1', [0.5])).toEqual({ types: ['REAL'], rows: [[3]] });
  });

  it('a prepared statement is planned again when the kinds change, and not for NULLs', () => {
    const p = s.prepare('SELECT ? / 2, id FROM t WHERE id = ?');
    expect(p.execute([3, 1]).types).toEqual(['INTEGER', 'INTEGER']);
    expect(p.execute([3, 1]).rows).toEqual([[1, 1]]);
    expect(p.execute([3.5, 1])).toMatchObject({ types: ['REAL', 'INTEGER'], rows: [[1.75, 1]] });
    expect(p.execute([null, 1])).toMatchObject({ types: ['REAL', 'INTEGER'], rows: [[null, 1]] });
    expect(p.execute([5, 1])).toMatchObject({ types: ['INTEGER', 'INTEGER'], rows: [[2, 1]] });
    expect(sqlStateOf(() => p.execute(['x', 1]))).toBe(SqlState.DatatypeMismatch);
    expect(p.execute([7, 1]).rows).toEqual([[3, 1]]);
  });

  it('typed parameters are checked as columns are: 42804 names SQL types', () => {
    expect(sqlStateOf(() => s.execute('SELECT ? + 1', ['1']))).toBe(SqlState.DatatypeMismatch);
    expect(() => s.execute('SELECT ? + 1', ['1'])).toThrow(/VARCHAR and INTEGER/);
    expect(sqlStateOf(() => s.execute('SELECT CASE WHEN id = 1 THEN ? ELSE c END FROM t', [1]))).toBe(SqlState.DatatypeMismatch);
    expect(run('SELECT CAST(? AS REAL)', [3]).types).toEqual(['REAL']);
  });

  it('parameters only in WHERE leave the plan untyped: one plan serves every kind', () => {
    const p = s.prepare('SELECT id FROM t WHERE r < ? ORDER BY id');
    expect(p.execute([1]).rows).toEqual([[1]]);
    expect(p.execute([0.25]).rows).toEqual([]);
    expect(p.execute([new Decimal('0.75')]).rows).toEqual([[1]]);
  });

  it('untyped parameters are checked at run time, in SQL type names', () => {
    // a document is not comparable with an INTEGER: by index lookup and by scan alike
    expect(sqlStateOf(() => s.execute('SELECT * FROM t WHERE id = ?', [{ a: 1 }]))).toBe(SqlState.DatatypeMismatch);
    expect(sqlStateOf(() => s.execute('SELECT * FROM t WHERE i = ?', [{ a: 1 }]))).toBe(SqlState.DatatypeMismatch);
    expect(() => s.execute('SELECT * FROM t WHERE id = ?', [{ a: 1 }])).toThrow(/DOCUMENT with INTEGER/);
    // arithmetic on an untyped parameter's value names SQL types, never JavaScript ones
    const err = ((): Error => {
      try {
        s.execute('UPDATE t SET i = ? + 1 WHERE id = 1', ['1']);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(err.message).toContain('CHAR and INTEGER');
    expect(err.message).not.toMatch(/number|string|object/);
  });
});

/** True when the value `v` may appear in a column reported as `kind`. */
function fitsKind(v: unknown, kind: string): boolean {
  if (v === null) return true;
  switch (kind) {
    case 'INTEGER':
      return typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
    case 'REAL':
      return typeof v === 'number' && Number.isFinite(v);
    case 'NUMERIC':
      return v instanceof Decimal;
    case 'CHAR':
    case 'TIME':
      return typeof v === 'string';
    case 'BOOLEAN':
      return typeof v === 'boolean';
    case 'DATE':
    case 'TIMESTAMP':
      return v instanceof Date;
    case 'BLOB':
      return v instanceof Uint8Array;
    case 'DOCUMENT':
      return typeof v === 'object';
    default:
      return false; // a non-NULL value in a NULL column contradicts it
  }
}

const VALUES: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom<Value>(null, 0.5, 3, 3.5, -2, 2n ** 60n, new Decimal('1.25'), 'ab', '', true, false),
);

const EXPRS: readonly string[] = [
  '?', '? + 1', '? - i', '? * r', '? / 2', '? % 3', '-?', 'abs(?)', 'round(?)', 'coalesce(?, i)', 'coalesce(?, n)',
  'nullif(?, 3)', 'CASE WHEN id = 1 THEN ? ELSE i END', 'CASE WHEN id = 2 THEN ? ELSE r END', 'n + ?', '? + ?',
  '(SELECT ? + i FROM t WHERE id = 1)', 'max(?)', 'sum(?)', 'avg(?)', '? || c', 'upper(?)', 'length(?)',
]; // prettier-ignore

test('property: the reported types never contradict the rows', () => {
  const s = session();
  fc.assert(
    fc.property(fc.constantFrom(...EXPRS), fc.array(VALUES, { minLength: 2, maxLength: 2 }), (expr, values) => {
      const sql = `SELECT ${expr}, id FROM t${/max|sum|avg/.test(expr) ? ' GROUP BY id' : ''} ORDER BY id`;
      const n = (expr.match(/\?/g) ?? []).length;
      let r;
      try {
        r = s.execute(sql, values.slice(0, n));
      } catch (e) {
        expect(sqlStateOf(() => {
          throw e;
        })).not.toBe(SqlState.InternalError);
        return;
      }
      for (const row of r.rows) {
        row.forEach((v, i) => {
          if (!fitsKind(v, r.types[i]!)) throw new Error(`${sql} ${JSON.stringify(values.map(String))}: ${String(v)} in a ${r.types[i]} column`);
        });
      }
    }),
    { numRuns: 600 },
  );
});
