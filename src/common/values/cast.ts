/**
 * src/common/values/cast.ts — conversions between SQL types: CAST, storing into a column, implicit
 * widening, and values arriving from JavaScript.
 *
 * 1. CAST (`castValue`) converts every sensible pair among INTEGER, NUMERIC, REAL, CHAR, BOOLEAN, DATE, TIME,
 *    TIMESTAMP and BLOB; an impossible pair (DATE → INTEGER) is CannotCoerce 42846. Text that does not read
 *    as the target is InvalidTextRepresentation 22P02 (dates: InvalidDatetimeFormat 22007).
 * 2. To INTEGER, REAL and NUMERIC values round half away from zero (2.5 → 3, -2.5 → -3); ±Infinity and
 *    out-of-range values are NumericValueOutOfRange 22003. REAL is always finite: nothing here returns
 *    ±Infinity or NaN (text 'Infinity' and a NUMERIC beyond 1.8e308 are 22003 too). NUMERIC(p,s) rounds to s places and then needs
 *    at most p - s digits before the point (22003); NUMERIC(p) means NUMERIC(p,0). Text to INTEGER must be
 *    an integer ('1.5' is 22P02, as in PostgreSQL); CAST(1e300 AS INTEGER) is the exact bigint.
 * 3. CHAR(n)/VARCHAR(n): CAST truncates to n characters (the standard's rule for CAST); storing into a
 *    column (`assignValue`) refuses longer text with StringDataRightTruncation 22001 unless the excess is
 *    spaces, which are dropped. CHAR(n) is not blank-padded: it behaves as VARCHAR(n), so comparisons
 *    need no PAD SPACE rule. Lengths count Unicode code points, not UTF-16 units.
 * 4. `assignValue` is PostgreSQL's assignment cast: INTEGER ↔ NUMERIC ↔ REAL freely (a non-integral
 *    value stored into an INTEGER column rounds, as PostgreSQL does); numbers, booleans and dates into
 *    CHAR columns as their text; text into numeric, boolean and date columns when it reads as one.
 *    Text that is not a number at all into a numeric column ('abc' into INTEGER) is DatatypeMismatch
 *    42804 naming the column, as is any other wrong kind (a BLOB into DATE); badly formed date text is 22007.
 * 5. BLOB ↔ CHAR is UTF-8 (invalid UTF-8 → UntranslatableCharacter 22P05).
 * 6. Every NUMERIC produced here is an `ExactDecimal`, so later instance methods keep full precision.
 * 7. INTERVAL: CAST and assignment take an interval of the target's class (a zero interval fits either) and
 *    text read for the target's qualifier (`CAST('1-2' AS INTERVAL YEAR TO MONTH)`, interval.ts 2); an interval
 *    prints as its text for CHAR. Anything else is 42846 (CAST) or 42804 (assignment).
 * 8. Text to DOCUMENT or DOCARRAY (CAST, and storing a string into such a column) reads JSON with exact
 *    numbers (`parseDocumentText`): DOCUMENT needs a JSON object, DOCARRAY a JSON array, else 22D01.
 *    CAST(document AS CHAR/VARCHAR) is its one-line JSON (`documentToJson`, through `formatValue`).
 * (Past 400 lines on purpose: CAST and assignment share every conversion helper; splitting the file would
 * turn those helpers into exports.)
 */
import { docValueFromJs } from './document/doc-from-js';
import { SqlError, SqlState } from '../errors';
import { BLOB, BOOLEAN, CHAR, DOCARRAY, DOCUMENT, INTEGER, intervalType, isYearMonthType, NULL_TYPE, NUMERIC, REAL, structType, TIMESTAMP, type SqlType, typeToSql } from './sql-type';
import { StructValue } from './struct-value';
import { Interval, parseInterval } from './interval';

const YEAR_MONTH = intervalType('YEAR', 'MONTH');
const DAY_TIME = intervalType('DAY', 'SECOND');
import { Decimal, ExactDecimal, normaliseInteger, toExactDecimal, type Value } from './value';
import { isMidnight, parseTime, parseTimestamp, timeOfDay, truncateToDate } from './datetime';
import { parseBooleanText } from './compare';
import { formatValue, sqlLiteral } from './format';
import { parseDocumentText } from './document/doc-json';
import { isDoc, type DocValue } from './document/doc-value';

const SURROGATE = /[\uD800-\uDFFF]/;
const INTEGER_RE = /^[+-]?\d+$/;
const NUMERIC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_RE = /^([+-]?)inf(?:inity)?$/i;
const ZERO = new ExactDecimal(0);

// ---------------------------------------------------------------- text helpers

/** Length of a string in characters (Unicode code points). */
export function charLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _c of s) n++;
  return n;
}

/** The first `n` characters (code points) of `s`. */
export function truncateChars(s: string, n: number): string {
  if (!SURROGATE.test(s)) return s.length <= n ? s : s.slice(0, n);
  return Array.from(s).slice(0, n).join('');
}

/** INTEGER literal text ('  -42 ') as number or bigint; null when it is not one. */
export function parseIntegerText(text: string): number | bigint | null {
  const t = text.trim();
  if (!INTEGER_RE.test(t)) return null;
  if (t.length <= 15) return Number(t) + 0;
  return normaliseInteger(BigInt(t));
}

/** NUMERIC literal text ('1.50', '.5', '1e-3') as an exact Decimal; null when it is not one; 22003 if huge. */
export function parseNumericText(text: string): Decimal | null {
  const t = text.trim();
  if (!NUMERIC_RE.test(t)) return null;
  return checkFinite(new ExactDecimal(t), t);
}

/** REAL literal text; null when it is not one; 22003 when it overflows (or spells 'Infinity'/'-inf'). */
export function parseRealText(text: string): number | null {
  const t = text.trim();
  if (INFINITY_RE.test(t)) throw outOfRange(t, REAL);
  if (!NUMERIC_RE.test(t)) return null;
  const x = Number(t);
  if (!Number.isFinite(x)) throw outOfRange(t, REAL);
  return x;
}

// ---------------------------------------------------------------- errors

function describeKind(v: Value): string {
  return typeToSql(typeOfValue(v));
}

function outOfRange(text: string, to: SqlType, column?: string): SqlError {
  const detail = column === undefined ? undefined : `The value is for column ${column}.`;
  return SqlError.of(SqlState.NumericValueOutOfRange, [`${text} does not fit ${typeToSql(to)}`], detail ? { detail } : {});
}

function badText(text: string, to: SqlType): SqlError {
  return SqlError.of(SqlState.InvalidTextRepresentation, [typeToSql(to), `'${text}'`]);
}

function cannotCoerce(v: Value, to: SqlType): SqlError {
  return SqlError.of(SqlState.CannotCoerce, [describeKind(v), typeToSql(to)]);
}

function mismatch(v: Value, to: SqlType, column: string): SqlError {
  const shown = sqlLiteral(v);
  const text = shown.length > 40 ? shown.slice(0, 37) + '...' : shown;
  return SqlError.of(SqlState.DatatypeMismatch, [
    `column ${column} is ${typeToSql(to)} but the value ${text} is ${describeKind(v)}`,
  ]);
}

function checkFinite(d: Decimal, text: string): Decimal {
  if (!d.isFinite()) throw outOfRange(text, NUMERIC);
  return d;
}

// ---------------------------------------------------------------- numbers

/** Rounds a finite number half away from zero to an INTEGER value (number when safe, else bigint). */
function roundNumber(x: number, to: SqlType): number | bigint {
  if (!Number.isFinite(x)) throw outOfRange(String(x), to);
  let r = x;
  if (!Number.isInteger(x)) {
    const t = Math.trunc(x);
    r = Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
  }
  return Number.isSafeInteger(r) ? r + 0 : BigInt(r);
}

/** Rounds a Decimal half away from zero to an INTEGER value. */
function roundDecimal(d: Decimal, to: SqlType): number | bigint {
  if (!d.isFinite()) throw outOfRange(d.toString(), to);
  const text = d.toFixed(0, Decimal.ROUND_HALF_UP);
  return text.length <= 15 ? Number(text) + 0 : normaliseInteger(BigInt(text));
}

function toInteger(v: number | bigint | Decimal, to: SqlType): number | bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return roundNumber(v, to);
  return roundDecimal(v, to);
}

function toDecimal(v: number | bigint | Decimal, to: SqlType): Decimal {
  if (typeof v === 'number' && !Number.isFinite(v)) throw outOfRange(String(v), to);
  if (v instanceof Decimal && (v.constructor as unknown) === ExactDecimal) return v;
  return toExactDecimal(v);
}

function toReal(v: number | bigint | Decimal, to: SqlType): number {
  const x = typeof v === 'number' ? v : Number(typeof v === 'bigint' ? v : v.toString());
  if (x - x !== 0) throw outOfRange(v.toString(), to); // ±Infinity or NaN
  return x;
}

/** Rounds a Decimal to the scale of NUMERIC(p,s) and checks its precision (22003). */
export function fitNumeric(d: Decimal, to: SqlType, column?: string): Decimal {
  if (!d.isFinite()) throw outOfRange(d.toString(), to, column);
  const scale = to.scale ?? (to.precision !== undefined ? 0 : undefined);
  const r = scale === undefined ? d : d.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
  if (r.isZero()) return ZERO;
  if (to.precision !== undefined && r.e + 1 > to.precision - (scale ?? 0)) {
    throw outOfRange(d.toFixed(), to, column);
  }
  return r;
}

function isNumber(v: Value): v is number | bigint | Decimal {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
}

// ---------------------------------------------------------------- text and bytes

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { fatal: true });

function utf8Decode(b: Uint8Array): string {
  try {
    return DECODER.decode(b);
  } catch {
    throw SqlError.of(SqlState.UntranslatableCharacter, ['BLOB to CHAR (not valid UTF-8)']);
  }
}

/** Applies CHAR(n)/VARCHAR(n): CAST truncates; assignment drops excess spaces or fails with 22001. */
function fitChars(s: string, to: SqlType, truncate: boolean, column?: string): string {
  if (to.length === undefined || s.length <= to.length) return s;
  const n = charLength(s);
  if (n <= to.length) return s;
  const head = truncateChars(s, to.length);
  if (truncate || s.slice(head.length).trim() === '') return head;
  const detail = `The value for column ${column ?? '?'} has ${n} characters.`;
  throw SqlError.of(SqlState.StringDataRightTruncation, [typeToSql(to)], { detail });
}

function textOf(v: Exclude<Value, null>, from?: SqlType): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8Decode(v);
  return formatValue(v, from);
}

// ---------------------------------------------------------------- INTERVAL

/**
 * An interval of type `to`: an interval of the type's class as it is, text read for the type's qualifier (or
 * in any form when it has none, parseInterval); an interval of the other class, or any other value, is `wrong()`.
 */
function toInterval(v: Exclude<Value, null>, to: SqlType, wrong: () => SqlError): Interval {
  const yearMonth = isYearMonthType(to);
  if (v instanceof Interval) {
    if (yearMonth === null || v.months === 0 && v.milliseconds === 0 || (v.months !== 0) === yearMonth) return v;
    throw wrong();
  }
  if (typeof v === 'string') {
    return parseInterval(v, to.start, to.end);
  }
  throw wrong();
}

// ---------------------------------------------------------------- CAST

function castToInteger(v: Exclude<Value, null>): number | bigint {
  if (isNumber(v)) return toInteger(v, INTEGER);
  if (typeof v === 'string') {
    const i = parseIntegerText(v);
    if (i === null) throw badText(v, INTEGER);
    return i;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw cannotCoerce(v, INTEGER);
}

function castToNumeric(v: Exclude<Value, null>, to: SqlType): Decimal {
  if (isNumber(v)) return fitNumeric(toDecimal(v, to), to);
  if (typeof v === 'string') {
    const d = parseNumericText(v);
    if (d === null) throw badText(v, to);
    return fitNumeric(d, to);
  }
  throw cannotCoerce(v, to);
}

function castToReal(v: Exclude<Value, null>): number {
  if (isNumber(v)) return toReal(v, REAL);
  if (typeof v === 'string') {
    const x = parseRealText(v);
    if (x === null) throw badText(v, REAL);
    return x;
  }
  throw cannotCoerce(v, REAL);
}

function castToBoolean(v: Exclude<Value, null>): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const b = parseBooleanText(v);
    if (b === null) throw badText(v, BOOLEAN);
    return b;
  }
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  throw cannotCoerce(v, BOOLEAN);
}

function castToDate(v: Exclude<Value, null>, to: SqlType): Date {
  if (v instanceof Date) return isMidnight(v) ? v : truncateToDate(v);
  if (typeof v === 'string') return truncateToDate(parseTimestamp(v));
  throw cannotCoerce(v, to);
}

function castToTimestamp(v: Exclude<Value, null>): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'string') return parseTimestamp(v);
  throw cannotCoerce(v, TIMESTAMP);
}

function castToTime(v: Exclude<Value, null>, to: SqlType): string {
  if (typeof v === 'string') return parseTime(v);
  if (v instanceof Date) return timeOfDay(v);
  throw cannotCoerce(v, to);
}

function castToBlob(v: Exclude<Value, null>): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return ENCODER.encode(v);
  throw cannotCoerce(v, BLOB);
}

/** JSON text as a DOCUMENT (an object) or a DOCARRAY (an array); anything else is 22D01. */
function parseDocumentFor(text: string, to: SqlType): Value {
  const v: DocValue = parseDocumentText(text);
  if (to.kind === 'DOCARRAY' ? Array.isArray(v) : isDoc(v)) return v as Value;
  const want = to.kind === 'DOCARRAY' ? 'a JSON array' : 'a JSON object';
  const shown = text.length > 40 ? text.slice(0, 37) + '...' : text;
  throw SqlError.of(SqlState.InvalidDocument, [`'${shown}' is not ${want} (${typeToSql(to)})`]);
}

/** CAST to DOCUMENT or DOCARRAY: a value of that shape as it is, JSON text parsed (22D01), anything else 42846. */
function castToDocument(v: Exclude<Value, null>, to: SqlType): Value {
  if (to.kind === 'DOCARRAY' ? Array.isArray(v) : isDoc(v)) return v;
  if (typeof v === 'string') return parseDocumentFor(v, to);
  throw cannotCoerce(v, to);
}

/**
 * CAST(v AS to). `from`, when known, is the static type of `v`; it only matters for text (REAL 2 → '2.0',
 * NUMERIC(5,2) → '1.50', DATE vs TIMESTAMP). NULL → NULL. Errors as the file header says.
 */
export function castValue(v: Value, to: SqlType, from?: SqlType): Value {
  if (v === null) return null;
  switch (to.kind) {
    case 'NULL':
      return v;
    case 'INTEGER':
      return castToInteger(v);
    case 'NUMERIC':
      return castToNumeric(v, to);
    case 'REAL':
      return castToReal(v);
    case 'CHAR':
      return fitChars(textOf(v, from), to, true);
    case 'BOOLEAN':
      return castToBoolean(v);
    case 'DATE':
      return castToDate(v, to);
    case 'TIME':
      return castToTime(v, to);
    case 'TIMESTAMP':
      return castToTimestamp(v);
    case 'BLOB':
      return castToBlob(v);
    case 'DOCUMENT':
    case 'DOCARRAY':
      return castToDocument(v, to);
    case 'INTERVAL':
      return toInterval(v, to, () => cannotCoerce(v, to));
    case 'TYPE':
      if (v instanceof StructValue && v.isOf(to.name!)) return v;
      throw cannotCoerce(v, to);
  }
}

// ---------------------------------------------------------------- assignment

function assignInteger(v: Exclude<Value, null>, to: SqlType, column: string): number | bigint {
  if (isNumber(v)) return toInteger(v, to);
  if (typeof v === 'string') {
    const i = parseIntegerText(v);
    if (i !== null) return i;
    const d = parseNumericText(v);
    if (d !== null) return roundDecimal(d, to);
  }
  throw mismatch(v, to, column);
}

function assignNumeric(v: Exclude<Value, null>, to: SqlType, column: string): Decimal {
  if (isNumber(v)) return fitNumeric(toDecimal(v, to), to, column);
  if (typeof v === 'string') {
    const d = parseNumericText(v);
    if (d !== null) return fitNumeric(d, to, column);
  }
  throw mismatch(v, to, column);
}

function assignReal(v: Exclude<Value, null>, to: SqlType, column: string): number {
  if (isNumber(v)) return toReal(v, to);
  if (typeof v === 'string') {
    const x = parseRealText(v);
    if (x !== null) return x;
  }
  throw mismatch(v, to, column);
}

function assignChar(v: Exclude<Value, null>, to: SqlType, column: string): string {
  if (typeof v === 'string') return fitChars(v, to, false, column);
  if (isNumber(v) || typeof v === 'boolean' || v instanceof Date) return fitChars(formatValue(v), to, false, column);
  throw mismatch(v, to, column);
}

function assignBoolean(v: Exclude<Value, null>, to: SqlType, column: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const b = parseBooleanText(v);
    if (b !== null) return b;
  }
  throw mismatch(v, to, column);
}

function assignTemporal(v: Exclude<Value, null>, to: SqlType, column: string): Value {
  if (typeof v !== 'string' && !(v instanceof Date)) throw mismatch(v, to, column);
  if (to.kind === 'DATE') return castToDate(v, to);
  if (to.kind === 'TIME') return castToTime(v, to);
  return castToTimestamp(v);
}

/**
 * The value to store into a column of type `to` (named `column` in errors): PostgreSQL's assignment cast,
 * as the file header (4) says. NULL → NULL (NOT NULL is checked elsewhere).
 */
export function assignValue(v: Value, to: SqlType, column: string): Value {
  if (v === null) return null;
  switch (to.kind) {
    case 'INTEGER':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return v + 0;
      return assignInteger(v, to, column);
    case 'NUMERIC':
      return assignNumeric(v, to, column);
    case 'REAL':
      return typeof v === 'number' && v - v === 0 ? v : assignReal(v, to, column);
    case 'CHAR':
      return assignChar(v, to, column);
    case 'BOOLEAN':
      return assignBoolean(v, to, column);
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return assignTemporal(v, to, column);
    case 'BLOB':
      if (v instanceof Uint8Array) return v;
      throw mismatch(v, to, column);
    case 'DOCUMENT':
    case 'DOCARRAY':
      if (to.kind === 'DOCARRAY' ? Array.isArray(v) : isDoc(v)) return v;
      if (typeof v === 'string') return parseDocumentFor(v, to);
      throw mismatch(v, to, column);
    case 'NULL':
      return v;
    case 'INTERVAL':
      return assignInterval(v, to, column);
    case 'TYPE':
      // a value of the type or of a subtype (struct-value.ts invariant 1)
      if (v instanceof StructValue && v.isOf(to.name!)) return v;
      throw mismatch(v, to, column);
  }
}

/** `assignValue` to an INTERVAL column. Its own function: a closure over `assignValue`'s parameters would make
 *  every call of it, whatever the type, allocate a context for them. */
function assignInterval(v: Exclude<Value, null>, to: SqlType, column: string): Interval {
  return toInterval(v, to, () => mismatch(v, to, column));
}

/**
 * Implicit widening to a common type (from `commonType`): INTEGER → NUMERIC (Decimal), INTEGER or
 * NUMERIC → REAL (number); anything else is returned unchanged. The only error: a NUMERIC or INTEGER
 * too large for REAL (beyond ±1.8e308) is 22003.
 */
export function coerceValue(v: Value, to: SqlType): Value {
  if (v === null) return null;
  if (to.kind === 'NUMERIC' && (typeof v === 'number' || typeof v === 'bigint')) {
    return Number.isFinite(v) || typeof v === 'bigint' ? toExactDecimal(v) : v;
  }
  if (to.kind === 'REAL' && (typeof v === 'bigint' || v instanceof Decimal)) return toReal(v, to);
  return v;
}

// ---------------------------------------------------------------- JavaScript values

/**
 * The natural SQL type of a JavaScript value: number → INTEGER when a safe integer, else REAL; bigint →
 * INTEGER; Decimal → NUMERIC; string → CHAR; Date → TIMESTAMP; Uint8Array → BLOB; arrays → DOCARRAY; other
 * objects → DOCUMENT.
 */
export function typeOfValue(v: Value): SqlType {
  if (v === null) return NULL_TYPE;
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) ? INTEGER : REAL;
    case 'bigint':
      return INTEGER;
    case 'string':
      return CHAR;
    case 'boolean':
      return BOOLEAN;
    default:
      if (v instanceof Decimal) return NUMERIC;
      if (v instanceof Date) return TIMESTAMP;
      if (v instanceof Uint8Array) return BLOB;
      if (v instanceof Interval) return v.months !== 0 ? YEAR_MONTH : DAY_TIME;
      if (v instanceof StructValue) return structType(v.typeName);
      return Array.isArray(v) ? DOCARRAY : DOCUMENT;
  }
}

/**
 * A parameter value from a user as a `Value`: bigints normalised, Decimals (from any copy of decimal.js)
 * made `ExactDecimal`, Dates and byte arrays (Buffer included) copied, plain objects and arrays accepted as
 * documents. undefined, functions, symbols, NaN, ±Infinity (numbers or Decimals), invalid Dates and other
 * objects → 07006 naming `what`.
 */
export function valueFromJs(v: unknown, what: string): Value {
  if (v instanceof Interval) return v; // immutable; not a document value (BSON has no interval)
  if (v instanceof StructValue) return v; // immutable, as the engine handed it out
  // one set of rules for a parameter and for a value inside a document (document/doc-from-js.ts)
  return docValueFromJs(v, what) as Value;
}
