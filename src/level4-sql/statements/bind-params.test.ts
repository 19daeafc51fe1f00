/**
 * src/level4-sql/statements/bind-params.test.ts — binding the caller's values: counts and their messages, an
 * object for `?` marks, values that are refused (NaN, ±Infinity) and values that pass as they are.
 */
import { SqlError, SqlState } from '../../common/errors';
import { sqlStateOf } from '../../common/testing/sql-state-of';
import { Decimal } from '../../common/values/value';
import { NO_PARAMS } from '../context';
import { parseStatements } from '../parse';
import { statementParameters } from './ast-walk';
import { bindParams } from './bind-params';

const info = (sql: string): ReturnType<typeof statementParameters> => statementParameters(parseStatements(sql)[0]!);

function errorOf(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected an SqlError');
}

describe('counts', () => {
  const one = info('SELECT * FROM t WHERE id = ?');
  const two = info('SELECT * FROM t WHERE id = ? OR id = ?');

  it('says how many values the statement takes, in good grammar', () => {
    expect(errorOf(() => bindParams(one, [])).message).toBe('wrong number of parameters: the statement takes 1 value and was given 0');
    expect(errorOf(() => bindParams(one, undefined)).sqlState).toBe(SqlState.WrongParameterCount);
    expect(errorOf(() => bindParams(two, [1])).message).toBe('wrong number of parameters: the statement takes 2 values and was given 1');
    expect(errorOf(() => bindParams(one, [1, 2])).message).toContain('takes 1 value and was given 2');
  });

  it('explains that the statements of a text share the values', () => {
    const e = errorOf(() => bindParams(one, [1, 2], 2));
    expect(e.sqlState).toBe(SqlState.WrongParameterCount);
    expect(e.detail).toContain('The 2 statements of this text share one list of values');
    expect(errorOf(() => bindParams(one, [1, 2])).detail).toBeUndefined();
  });

  it('an object for ? marks says that ? takes an array', () => {
    const e = errorOf(() => bindParams(one, { a: 1 }));
    expect(e.sqlState).toBe(SqlState.WrongParameterCount);
    expect(e.message).toContain('was given an object');
    expect(e.message).toContain('values for ? marks are passed as an array');
    expect(e.message).not.toMatch(/parameters but 0/);
  });

  it('a text without parameters accepts nothing, an empty array or an ignored object', () => {
    const none = info('SELECT 1');
    expect(bindParams(none, undefined)).toBe(NO_PARAMS);
    expect(bindParams(none, []).positional).toEqual([]);
    expect(bindParams(none, { a: 1 }).positional).toEqual([]);
  });
});

describe('values', () => {
  const one = info('SELECT ?');

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['an infinite Decimal', new Decimal(-Infinity)],
  ])('refuses %s with 07006', (_name, v) => {
    const e = errorOf(() => bindParams(one, [v]));
    expect(e.sqlState).toBe(SqlState.RestrictedDataTypeViolation);
    expect(e.message).toContain('parameter 1');
    expect(errorOf(() => bindParams(info('SELECT @x'), { x: v })).sqlState).toBe(SqlState.RestrictedDataTypeViolation);
  });

  it('uses an array of plain values as it is, and copies one that needs a conversion (invariant 5)', () => {
    const plain = [1.5, 'x', true, null];
    expect(bindParams(info('SELECT ?, ?, ?, ?'), plain).positional).toBe(plain);
    const mixed = [1, -0, 'x'];
    const bound = bindParams(info('SELECT ?, ?, ?'), mixed).positional;
    expect(bound).not.toBe(mixed);
    expect(bound).toEqual([1, 0, 'x']);
    expect(Object.is(mixed[1], -0)).toBe(true); // the caller's array is never changed
  });

  it('passes finite numbers, strings, booleans and NULL through; -0 becomes 0', () => {
    expect(bindParams(info('SELECT ?, ?, ?, ?, ?'), [1.5, -1e308, 'x', true, null]).positional).toEqual([1.5, -1e308, 'x', true, null]);
    expect(Object.is(bindParams(one, [-0]).positional[0], 0)).toBe(true);
    expect(sqlStateOf(() => bindParams(one, [Number.MAX_VALUE]))).toBe('no error');
  });
});
