/** src/level4-sql/eval/functions.test.ts — every built-in scalar function: types, values, NULLs, errors. */
import { SqlError, SqlState } from '../../common/errors';
import { BLOB, BOOLEAN, CHAR, DATE, INTEGER, NULL_TYPE, NUMERIC, REAL, type SqlType } from '../../common/values/sql-type';
import { typeOfValue } from '../../common/values/cast';
import { Decimal, type Value } from '../../common/values/value';
import { functionNames, lookupFunction } from './functions';
import { sqlStateOf as stateOf } from '../../common/testing/sql-state-of';

/** Binds `name` to the argument types (given, or inferred from the values) and calls it. */
function call(name: string, args: Value[], types?: SqlType[]): Value {
  const fn = lookupFunction(name);
  if (fn === undefined) throw new Error(`no ${name}`);
  fn.resultType(types ?? args.map(typeOfValue));
  return fn.call(args);
}

function typeOf(name: string, types: SqlType[]): SqlType {
  return lookupFunction(name)!.resultType(types);
}

const dec = (s: string): Decimal => new Decimal(s);
const show = (v: Value): string => (v instanceof Decimal ? `D${v.toFixed()}` : typeof v === 'bigint' ? `${v}n` : String(v));
const n52: SqlType = { kind: 'NUMERIC', precision: 5, scale: 2 };

describe('lookup', () => {
  it('knows the functions and returns a fresh call site each time', () => {
    expect(lookupFunction('ABS')).toBeDefined();
    expect(lookupFunction('abs')).toBeUndefined();
    expect(lookupFunction('NOPE')).toBeUndefined();
    expect(lookupFunction('ABS')).not.toBe(lookupFunction('ABS'));
    expect(functionNames()).toContain('SUBSTRING');
  });

  it('checks argument counts with 42883', () => {
    expect(stateOf(() => typeOf('ABS', []))).toBe(SqlState.UndefinedFunction);
    expect(stateOf(() => typeOf('ABS', [INTEGER, INTEGER]))).toBe(SqlState.UndefinedFunction);
    expect(stateOf(() => typeOf('SUBSTRING', [CHAR]))).toBe(SqlState.UndefinedFunction);
    expect(stateOf(() => typeOf('COALESCE', []))).toBe(SqlState.UndefinedFunction);
    expect(typeOf('COALESCE', [NULL_TYPE, NULL_TYPE, NULL_TYPE, INTEGER])).toEqual(INTEGER);
  });

  it('works when called before resultType, inferring types from values', () => {
    expect(lookupFunction('UPPER')!.call(['x'])).toBe('X');
  });
});

describe('ABS, SIGN, FLOOR, CEIL', () => {
  it('ABS keeps type and exactness', () => {
    expect(call('ABS', [-5])).toBe(5);
    expect(call('ABS', [-(2n ** 60n)])).toBe(2n ** 60n);
    expect(show(call('ABS', [dec('-1.50')]))).toBe('D1.5');
    expect(call('ABS', [-2.5], [REAL])).toBe(2.5);
    expect(call('ABS', [null], [INTEGER])).toBeNull();
    expect(typeOf('ABS', [n52])).toEqual(n52);
    expect(stateOf(() => typeOf('ABS', [CHAR]))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => call('ABS', ['x'], [NULL_TYPE]))).toBe(SqlState.DatatypeMismatch);
  });

  it('SIGN is an INTEGER', () => {
    expect(call('SIGN', [-7])).toBe(-1);
    expect(call('SIGN', [0])).toBe(0);
    expect(call('SIGN', [2n ** 70n])).toBe(1);
    expect(call('SIGN', [dec('-0.001')])).toBe(-1);
    expect(call('SIGN', [0.5], [REAL])).toBe(1);
    expect(typeOf('SIGN', [REAL])).toEqual(INTEGER);
    expect(call('SIGN', [null], [INTEGER])).toBeNull();
  });

  it('FLOOR and CEIL: NUMERIC becomes an exact INTEGER, REAL stays REAL', () => {
    expect(call('FLOOR', [dec('-1.5')])).toBe(-2);
    expect(call('CEIL', [dec('-1.5')])).toBe(-1);
    expect(call('CEILING', [dec('1.000001')])).toBe(2);
    expect(call('FLOOR', [dec('123456789012345678901.9')])).toBe(123456789012345678901n);
    expect(typeOf('FLOOR', [NUMERIC])).toEqual(INTEGER);
    expect(call('FLOOR', [2.7], [REAL])).toBe(2);
    expect(Object.is(call('CEIL', [-0.5], [REAL]), 0)).toBe(true);
    expect(typeOf('CEIL', [REAL])).toEqual(REAL);
    expect(call('FLOOR', [7])).toBe(7);
    expect(call('FLOOR', [null], [REAL])).toBeNull();
  });
});

describe('ROUND', () => {
  it('rounds half away from zero for every type', () => {
    expect(call('ROUND', [2.5], [REAL])).toBe(3);
    expect(call('ROUND', [-2.5], [REAL])).toBe(-3);
    expect(call('ROUND', [1.005, 2], [REAL, INTEGER])).toBe(1.01);
    expect(call('ROUND', [1234.5678, -2], [REAL, INTEGER])).toBe(1200);
    expect(show(call('ROUND', [dec('2.345'), 2]))).toBe('D2.35');
    expect(show(call('ROUND', [dec('-2.345'), 2]))).toBe('D-2.35');
    expect(show(call('ROUND', [dec('2.5')]))).toBe('D3');
    expect(show(call('ROUND', [dec('1250'), -2]))).toBe('D1300');
    expect(call('ROUND', [15, -1])).toBe(20);
    expect(call('ROUND', [-15, -1])).toBe(-20);
    expect(call('ROUND', [14, -1])).toBe(10);
    expect(call('ROUND', [7, 2])).toBe(7);
    expect(call('ROUND', [2n ** 64n, -5])).toBe(18446744073709600000n);
    expect(call('ROUND', [123, -10])).toBe(0);
    expect(call('ROUND', [Infinity], [REAL])).toBe(Infinity);
  });

  it('keeps the argument type and handles NULL', () => {
    expect(typeOf('ROUND', [INTEGER])).toEqual(INTEGER);
    expect(typeOf('ROUND', [NUMERIC, INTEGER])).toEqual(NUMERIC);
    expect(typeOf('ROUND', [REAL, NULL_TYPE])).toEqual(REAL);
    expect(call('ROUND', [null, 2], [REAL, INTEGER])).toBeNull();
    expect(call('ROUND', [2.5, null], [REAL, INTEGER])).toBeNull();
    expect(stateOf(() => typeOf('ROUND', [REAL, REAL]))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => call('ROUND', [2.5, 1.5], [REAL, NULL_TYPE]))).toBe(SqlState.DatatypeMismatch);
  });
});

describe('MOD, POWER, SQRT', () => {
  it('MOD is % in the result type', () => {
    expect(call('MOD', [7, 3])).toBe(1);
    expect(call('MOD', [-7, 3])).toBe(-1);
    expect(call('MOD', [2n ** 64n, 10])).toBe(6);
    expect(show(call('MOD', [dec('7.5'), 2]))).toBe('D1.5');
    expect(call('MOD', [7.5, 2], [REAL, INTEGER])).toBe(1.5);
    expect(typeOf('MOD', [INTEGER, NUMERIC])).toEqual(NUMERIC);
    expect(typeOf('MOD', [INTEGER, n52])).toEqual({ kind: 'NUMERIC', scale: 2 });
    expect(stateOf(() => call('MOD', [1, 0]))).toBe(SqlState.DivisionByZero);
    expect(call('MOD', [null, 0], [INTEGER, INTEGER])).toBeNull();
    expect(stateOf(() => typeOf('MOD', [CHAR, INTEGER]))).toBe(SqlState.DatatypeMismatch);
  });

  it('POWER is exact NUMERIC for exact arguments', () => {
    expect(typeOf('POWER', [INTEGER, INTEGER])).toEqual(NUMERIC);
    expect(show(call('POWER', [2, 64]))).toBe('D18446744073709551616');
    expect(show(call('POWER', [dec('1.5'), 2]))).toBe('D2.25');
    expect(show(call('POWER', [2, -2]))).toBe('D0.25');
    expect(show(call('POWER', [3, -1]))).toBe('D0.33333333333333333333');
    expect(show(call('POWER', [0, 0]))).toBe('D1');
    expect(show(call('POW', [4, dec('0.5')]))).toBe('D2');
    expect(stateOf(() => call('POWER', [0, -1]))).toBe(SqlState.InvalidArgumentForPowerFunction);
    expect(stateOf(() => call('POWER', [-8, dec('0.5')]))).toBe(SqlState.InvalidArgumentForPowerFunction);
    expect(stateOf(() => call('POWER', [10, 200000]))).toBe(SqlState.NumericValueOutOfRange);
  });

  it('POWER is REAL with a REAL argument', () => {
    expect(typeOf('POWER', [REAL, INTEGER])).toEqual(REAL);
    expect(typeOf('POWER', [INTEGER, REAL])).toEqual(REAL);
    expect(call('POWER', [2, 0.5], [INTEGER, REAL])).toBe(Math.SQRT2);
    expect(call('POWER', [2, 3], [REAL, REAL])).toBe(8);
    expect(stateOf(() => call('POWER', [-2, 0.5], [REAL, REAL]))).toBe(SqlState.InvalidArgumentForPowerFunction);
    expect(stateOf(() => call('POWER', [10, 400], [REAL, REAL]))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => call('POWER', [0, -1], [REAL, REAL]))).toBe(SqlState.InvalidArgumentForPowerFunction);
    expect(call('POWER', [null, 2], [REAL, INTEGER])).toBeNull();
  });

  it('SQRT', () => {
    expect(call('SQRT', [16])).toBe(4);
    expect(call('SQRT', [2], [REAL])).toBe(Math.SQRT2);
    expect(typeOf('SQRT', [INTEGER])).toEqual(REAL);
    expect(typeOf('SQRT', [NUMERIC])).toEqual(NUMERIC);
    expect(show(call('SQRT', [dec('2')]))).toBe('D1.4142135623730950488') // 20 places; decimal.js drops the trailing 0;
    expect(show(call('SQRT', [dec('1e40')]))).toBe('D100000000000000000000');
    expect(stateOf(() => call('SQRT', [-1]))).toBe(SqlState.InvalidParameterValue);
    // REAL results are finite: the root of an INTEGER beyond the REAL range is 22003, not Infinity
    expect(stateOf(() => call('SQRT', [10n ** 400n]))).toBe(SqlState.NumericValueOutOfRange);
    expect(stateOf(() => call('POWER', [1e300, 2], [REAL, INTEGER]))).toBe(SqlState.NumericValueOutOfRange);
    expect(call('SQRT', [null], [REAL])).toBeNull();
  });
});

describe('COALESCE, IFNULL, NULLIF', () => {
  it('COALESCE returns the first non-NULL, widened to the common type', () => {
    expect(call('COALESCE', [null, 2, 3])).toBe(2);
    expect(call('COALESCE', [null, null], [NULL_TYPE, NULL_TYPE])).toBeNull();
    expect(typeOf('COALESCE', [INTEGER, REAL])).toEqual(REAL);
    const v = call('COALESCE', [null, 3, dec('1.5')], [NUMERIC, INTEGER, NUMERIC]);
    expect(show(v)).toBe('D3');
    expect(call('COALESCE', [2n ** 64n, 1.5], [INTEGER, REAL])).toBe(2 ** 64);
    expect(stateOf(() => typeOf('COALESCE', [INTEGER, CHAR]))).toBe(SqlState.DatatypeMismatch);
  });

  it('IFNULL takes exactly two', () => {
    expect(call('IFNULL', [null, 'x'])).toBe('x');
    expect(call('IFNULL', ['a', 'x'])).toBe('a');
    expect(stateOf(() => typeOf('IFNULL', [INTEGER]))).toBe(SqlState.UndefinedFunction);
  });

  it('NULLIF', () => {
    expect(call('NULLIF', [1, 1])).toBeNull();
    expect(call('NULLIF', [1, 2])).toBe(1);
    expect(call('NULLIF', [1, dec('1.0')], [INTEGER, NUMERIC])).toBeNull();
    expect(call('NULLIF', [null, 1], [INTEGER, INTEGER])).toBeNull();
    expect(call('NULLIF', [1, null], [INTEGER, INTEGER])).toBe(1);
    expect(typeOf('NULLIF', [NULL_TYPE, CHAR])).toEqual(CHAR);
    expect(typeOf('NULLIF', [INTEGER, REAL])).toEqual(INTEGER);
    expect(stateOf(() => typeOf('NULLIF', [INTEGER, CHAR]))).toBe(SqlState.DatatypeMismatch);
  });
});

describe('string functions', () => {
  it('LENGTH and friends count characters; OCTET_LENGTH bytes', () => {
    expect(call('LENGTH', ['hello'])).toBe(5);
    expect(call('CHAR_LENGTH', ['a😀b'])).toBe(3);
    expect(call('CHARACTER_LENGTH', [''])).toBe(0);
    expect(call('LENGTH', [new Uint8Array(4)], [BLOB])).toBe(4);
    expect(call('OCTET_LENGTH', ['é😀'])).toBe(6);
    expect(call('LENGTH', [null], [CHAR])).toBeNull();
    expect(typeOf('LENGTH', [CHAR])).toEqual(INTEGER);
    expect(stateOf(() => typeOf('LENGTH', [INTEGER]))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => typeOf('CHAR_LENGTH', [BLOB]))).toBe(SqlState.DatatypeMismatch);
  });

  it('UPPER and LOWER', () => {
    expect(call('UPPER', ['abc É'])).toBe('ABC É');
    expect(call('LOWER', ['ABC É'])).toBe('abc é');
    expect(call('UPPER', [null], [CHAR])).toBeNull();
    expect(stateOf(() => typeOf('UPPER', [DATE]))).toBe(SqlState.DatatypeMismatch);
    expect(stateOf(() => call('LOWER', [5], [NULL_TYPE]))).toBe(SqlState.DatatypeMismatch);
  });

  it('SUBSTRING follows SQL positions', () => {
    expect(call('SUBSTRING', ['hello', 2])).toBe('ello');
    expect(call('SUBSTRING', ['hello', 2, 3])).toBe('ell');
    expect(call('SUBSTR', ['hello', 0, 2])).toBe('h');
    expect(call('SUBSTRING', ['hello', -5, 7])).toBe('h');
    expect(call('SUBSTRING', ['hello', 4, 100])).toBe('lo');
    expect(call('SUBSTRING', ['hello', 9])).toBe('');
    expect(call('SUBSTRING', ['hello', 2, 0])).toBe('');
    expect(call('SUBSTRING', ['a😀bc', 2, 2])).toBe('😀b');
    expect(call('SUBSTRING', ['hello', 2n ** 70n])).toBe('');
    expect(call('SUBSTRING', ['hello', null], [CHAR, INTEGER])).toBeNull();
    expect(call('SUBSTRING', ['hello', 1, null], [CHAR, INTEGER, INTEGER])).toBeNull();
    expect(stateOf(() => call('SUBSTRING', ['hello', 1, -1]))).toBe(SqlState.SubstringError);
    expect(stateOf(() => typeOf('SUBSTRING', [CHAR, REAL]))).toBe(SqlState.DatatypeMismatch);
  });

  it('TRIM, LTRIM, RTRIM remove spaces or the given characters', () => {
    expect(call('TRIM', ['  a b  '])).toBe('a b');
    expect(call('LTRIM', ['  a  '])).toBe('a  ');
    expect(call('RTRIM', ['  a  '])).toBe('  a');
    expect(call('TRIM', ['\ta\t'])).toBe('\ta\t');
    expect(call('TRIM', ['xxaxyx', 'xy'])).toBe('a');
    expect(call('BTRIM', ['😀a😀', '😀'])).toBe('a');
    expect(call('LTRIM', ['xxa', 'x'])).toBe('a');
    expect(call('RTRIM', ['axx', 'x'])).toBe('a');
    expect(call('TRIM', ['   '])).toBe('');
    expect(call('TRIM', [null], [CHAR])).toBeNull();
    expect(call('TRIM', ['a', null], [CHAR, CHAR])).toBeNull();
  });

  it('REPLACE replaces every occurrence literally', () => {
    expect(call('REPLACE', ['a.b.c', '.', '$&'])).toBe('a$&b$&c');
    expect(call('REPLACE', ['aaa', 'aa', 'b'])).toBe('ba');
    expect(call('REPLACE', ['abc', '', 'x'])).toBe('abc');
    expect(call('REPLACE', ['abc', 'b', null], [CHAR, CHAR, CHAR])).toBeNull();
  });

  it('POSITION and INSTR are 1-based in characters', () => {
    expect(call('POSITION', ['lo', 'hello'])).toBe(4);
    expect(call('POSITION', ['z', 'hello'])).toBe(0);
    expect(call('POSITION', ['', 'hello'])).toBe(1);
    expect(call('POSITION', ['b', '😀b'])).toBe(2);
    expect(call('INSTR', ['hello', 'l'])).toBe(3);
    expect(call('INSTR', ['hello', null], [CHAR, CHAR])).toBeNull();
    expect(stateOf(() => typeOf('POSITION', [INTEGER, CHAR]))).toBe(SqlState.DatatypeMismatch);
  });

  it('CONCAT skips NULLs and formats by type', () => {
    expect(call('CONCAT', ['a', null, 'b'], [CHAR, NULL_TYPE, CHAR])).toBe('ab');
    expect(call('CONCAT', ['x=', 2, dec('1.5'), true], [CHAR, REAL, n52, BOOLEAN])).toBe('x=2.01.50TRUE');
    expect(call('CONCAT', [null], [NULL_TYPE])).toBe('');
  });
});
