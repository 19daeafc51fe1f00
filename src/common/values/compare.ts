/**
 * src/common/values/compare.ts — SQL comparison: which types may be compared, three-valued comparison of
 * values, and the common type of several expressions (CASE, COALESCE, UNION, IN lists).
 *
 * 1. `sqlCompare` returns null when either side is NULL (SQL's unknown), otherwise -1, 0 or 1.
 * 2. Numbers compare by mathematical value across representations (number, bigint, Decimal):
 *    9007199254740993n > 9007199254740992, 1.5 (REAL) = 1.50 (NUMERIC).
 * 3. Strings compare by UTF-16 code unit (binary collation, case-sensitive), as `compareValues` does.
 * 4. A CHAR may be compared with DATE, TIME, TIMESTAMP and BOOLEAN: the string is read as a literal of
 *    the other type (`d = '2024-01-31'`), as PostgreSQL treats quoted literals; bad text → 22007/22P02.
 *    CHAR against a number is not comparable (42804): '10' < 9 has no single sensible answer.
 * 5. NULL_TYPE (an untyped NULL or parameter) is comparable with everything.
 * 6. INTERVALs compare within their class: a year-month interval with a day-time one is 42804.
 */
import { SqlError, SqlState } from '../errors';
import { INTERVAL, intervalType, isYearMonthType, NULL_TYPE, REAL, TIMESTAMP, type SqlType, typeToSql } from './sql-type';
import { Interval, INTERVAL_FIELDS, type IntervalField, compareIntervals } from './interval';
import { compareValues, Decimal, type Value } from './value';
import { parseTimestamp } from './datetime';
import { StructValue } from './struct-value';

function isNumberKind(t: SqlType): boolean {
  return t.kind === 'INTEGER' || t.kind === 'NUMERIC' || t.kind === 'REAL';
}

function isTemporalKind(t: SqlType): boolean {
  return t.kind === 'DATE' || t.kind === 'TIMESTAMP' || t.kind === 'TIME';
}

/** True when values of types `l` and `r` can be compared; false means the binder raises 42804. */
export function comparable(l: SqlType, r: SqlType): boolean {
  if (l.kind === 'NULL' || r.kind === 'NULL') return true;
  if (l.kind === 'INTERVAL' && r.kind === 'INTERVAL') {
    const a = isYearMonthType(l);
    const b = isYearMonthType(r);
    return a === null || b === null || a === b;
  }
  if (l.kind === r.kind) return true;
  if (isNumberKind(l) && isNumberKind(r)) return true;
  if (l.kind === 'DOCUMENT' || r.kind === 'DOCUMENT') return true; // document fields are dynamically typed
  if ((l.kind === 'DATE' && r.kind === 'TIMESTAMP') || (l.kind === 'TIMESTAMP' && r.kind === 'DATE')) return true;
  const other = l.kind === 'CHAR' ? r : r.kind === 'CHAR' ? l : null;
  return other !== null && (isTemporalKind(other) || other.kind === 'BOOLEAN');
}

function isNum(v: Value): v is number | bigint | Decimal {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
}

function describe(v: Value): string {
  if (v instanceof Date) return 'TIMESTAMP';
  if (v instanceof Uint8Array) return 'BLOB';
  if (v instanceof Decimal) return 'NUMERIC';
  if (v instanceof Interval) return 'INTERVAL';
  if (v instanceof StructValue) return v.typeName;
  switch (typeof v) {
    case 'string':
      return 'CHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
    case 'bigint':
      return 'INTEGER';
    default:
      return 'DOCUMENT';
  }
}

const BOOLEAN_TEXT: ReadonlyMap<string, boolean> = new Map([
  ['true', true], ['t', true], ['yes', true], ['y', true], ['on', true], ['1', true],
  ['false', false], ['f', false], ['no', false], ['n', false], ['off', false], ['0', false],
]); // prettier-ignore

/** Reads BOOLEAN literal text ('true', 'f', 'yes', 'off', '1' … in any case); null when it is not one. */
export function parseBooleanText(text: string): boolean | null {
  const b = BOOLEAN_TEXT.get(text.trim().toLowerCase());
  return b === undefined ? null : b;
}

function sign(c: number): number {
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/** Compares a non-null value with a string read as a literal of the value's type. */
function compareWithText(v: Value, text: string): number {
  if (v instanceof Date) return sign(v.getTime() - parseTimestamp(text).getTime());
  if (typeof v === 'boolean') {
    const b = parseBooleanText(text);
    if (b === null) throw SqlError.of(SqlState.InvalidTextRepresentation, ['BOOLEAN', `'${text}'`]);
    return v === b ? 0 : v ? 1 : -1;
  }
  throw SqlError.of(SqlState.DatatypeMismatch, [`cannot compare ${describe(v)} with CHAR`]);
}

/**
 * Three-valued comparison: null if either side is NULL, else -1/0/1. Numbers by value across
 * representations, strings by code unit, dates by instant; a string against a DATE/TIMESTAMP/BOOLEAN is
 * read as a literal of that type. Values that cannot be compared → 42804.
 */
export function sqlCompare(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (isNum(a) && isNum(b)) return compareValues(a, b);
  if (a instanceof Date && b instanceof Date) return compareValues(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareValues(a, b);
  if (a instanceof Interval && b instanceof Interval) {
    if (a.months !== 0 && b.milliseconds !== 0) throw SqlError.of(SqlState.DatatypeMismatch, ['cannot compare a year-month INTERVAL with a day-time INTERVAL']);
    if (a.milliseconds !== 0 && b.months !== 0) throw SqlError.of(SqlState.DatatypeMismatch, ['cannot compare a day-time INTERVAL with a year-month INTERVAL']);
    return compareIntervals(a, b);
  }
  if (a instanceof StructValue && b instanceof StructValue) return compareStructFields(a, b);
  if (a instanceof StructValue || b instanceof StructValue) {
    throw SqlError.of(SqlState.DatatypeMismatch, [`cannot compare ${describe(a)} with ${describe(b)}`]);
  }
  if (typeof b === 'string') return compareWithText(a, b);
  if (typeof a === 'string') return -compareWithText(b, a) + 0;
  if (describe(a) === 'DOCUMENT' && describe(b) === 'DOCUMENT') return compareValues(a, b);
  throw SqlError.of(SqlState.DatatypeMismatch, [`cannot compare ${describe(a)} with ${describe(b)}`]);
}

/**
 * Structured values of one type compare field by field, three-valued (a NULL field that decides gives
 * unknown); values of different most specific types are unequal, ordered by type name.
 */
function compareStructFields(a: StructValue, b: StructValue): number | null {
  if (a.typeName !== b.typeName) return compareValues(a, b);
  for (let i = 0; i < a.values.length; i++) {
    const c = sqlCompare(a.values[i] as Value, b.values[i] as Value);
    if (c !== 0) return c;
  }
  return 0;
}

/** SQL `=`: null if either side is NULL, else whether the values are equal (see `sqlCompare`). */
export function sqlEquals(a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (a === b) return true;
  const c = sqlCompare(a, b);
  return c === null ? null : c === 0; // null: structured values with a NULL field that decides
}

function numericCommon(a: SqlType, b: SqlType): SqlType {
  if (a.kind === 'REAL' || b.kind === 'REAL') return REAL;
  if (a.kind === 'INTEGER' && b.kind === 'INTEGER') return a;
  const sa = a.kind === 'INTEGER' ? 0 : a.scale;
  const sb = b.kind === 'INTEGER' ? 0 : b.scale;
  if (sa === undefined || sb === undefined) return { kind: 'NUMERIC' };
  return { kind: 'NUMERIC', scale: Math.max(sa, sb) };
}

function charCommon(a: SqlType, b: SqlType): SqlType {
  if (a.length === undefined || b.length === undefined) return { kind: 'CHAR' };
  return { kind: 'CHAR', length: Math.max(a.length, b.length) };
}

/** The interval type both fit: the qualifier from the earlier start to the later end (unqualified if either is). */
export function widerInterval(a: SqlType, b: SqlType): SqlType {
  if (a.start === undefined || b.start === undefined) return INTERVAL;
  const i = (f: IntervalField | undefined): number => INTERVAL_FIELDS.indexOf(f!);
  const start = i(a.start) <= i(b.start) ? a.start : b.start;
  const end = i(a.end ?? a.start) >= i(b.end ?? b.start) ? a.end ?? a.start : b.end ?? b.start;
  return intervalType(start, end);
}

function pairCommon(a: SqlType, b: SqlType, what: string): SqlType {
  if (a.kind === 'NULL') return b;
  if (b.kind === 'NULL') return a;
  if (isNumberKind(a) && isNumberKind(b)) return numericCommon(a, b);
  if (a.kind === 'CHAR' && b.kind === 'CHAR') return charCommon(a, b);
  if (a.kind === 'INTERVAL' && b.kind === 'INTERVAL' && comparable(a, b)) return widerInterval(a, b);
  if (a.kind === b.kind) return a;
  if ((a.kind === 'DATE' || a.kind === 'TIMESTAMP') && (b.kind === 'DATE' || b.kind === 'TIMESTAMP')) return TIMESTAMP;
  throw SqlError.of(SqlState.DatatypeMismatch, [`${what} cannot mix ${typeToSql(a)} and ${typeToSql(b)}`]);
}

/**
 * The type several expressions share (CASE branches, COALESCE arguments, UNION columns): NULL_TYPE is
 * ignored; INTEGER < NUMERIC < REAL; CHAR lengths widen; DATE with TIMESTAMP → TIMESTAMP; else 42804.
 * `what` names the construct in the error message.
 */
export function commonType(types: readonly SqlType[], what = 'expression'): SqlType {
  let t: SqlType = NULL_TYPE;
  for (const u of types) t = pairCommon(t, u, what);
  return t;
}
