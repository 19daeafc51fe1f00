/**
 * src/common/values/value.ts — the run-time representation of SQL values.
 *
 * Values are plain JavaScript values, unboxed, so rows are cheap arrays (1M rows must fit in 500 MB):
 *   NULL → null; INTEGER → number when a safe integer, bigint beyond ±2^53 (always normalised so);
 *   NUMERIC → Decimal (decimal.js); REAL → number; CHAR → string; BOOLEAN → boolean;
 *   DATE → Date at UTC midnight; TIME → string 'HH:MM:SS[.fff]'; TIMESTAMP → Date (UTC);
 *   BLOB → Uint8Array; DOCUMENT → plain object; INTERVAL → `Interval` (interval.ts); a structured type
 *   (CREATE TYPE) → `StructValue` (struct-value.ts).
 * 1. An INTEGER that fits in a safe integer is never a bigint (`normaliseInteger`).
 * 2. `compareValues` is a total order used by every index: NULL first, then by value; numbers of
 *    different representations (number, bigint, Decimal) compare by mathematical value; documents, arrays,
 *    ObjectIds and regexes (DOCUMENT values) follow `compareDocValues`, MongoDB's BSON order, and so do
 *    values of different kinds (NULL, numbers, strings, documents, arrays, binary, ObjectIds, booleans,
 *    dates, regexes), which only document fields and untyped path keys mix. Structured values order by most
 *    specific type name, then field by field (`compareStructs`), after every other kind.
 */
import Decimal from 'decimal.js';
import { compareDocNumbers, compareDocValues, type DocValue } from './document/doc-value';
import { compareIntervals, Interval } from './interval';
import { StructValue } from './struct-value';

export { Decimal };

/** A SQL value at run time. */
export type Value = null | number | bigint | string | boolean | Decimal | Date | Uint8Array | Interval | StructValue | { [k: string]: unknown };

/** A row: values in column (slot) order. */
export type Row = readonly Value[];

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Returns a number when the bigint is a safe integer, else the bigint. */
export function normaliseInteger(v: bigint): number | bigint {
  return v <= MAX_SAFE && v >= MIN_SAFE ? Number(v) : v;
}

/** The INTEGER `n + by` exactly: a number while it is safe, a bigint past 2^53 (normalised back when it fits). */
export function addInteger(n: number | bigint, by: number): number | bigint {
  if (typeof n === 'number' && Math.abs(n) < Number.MAX_SAFE_INTEGER / 2 && Math.abs(by) < Number.MAX_SAFE_INTEGER / 2) return n + by;
  return normaliseInteger(BigInt(n) + BigInt(by));
}

function typeRank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 4;
    default:
      if (v instanceof Decimal) return 2;
      if (v instanceof Date) return 5;
      if (v instanceof Uint8Array) return 6;
      if (v instanceof Interval) return 8;
      if (v instanceof StructValue) return 9;
      return 7;
  }
}

/** Numbers by value across representations: one rule with the values inside documents (doc-value.ts). */
function compareNumeric(a: number | bigint | Decimal, b: number | bigint | Decimal): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return compareDocNumbers(a, b);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** Total order on values: NULL first; numbers by value; strings by UTF-16 code units; dates by time. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb && (ra === 9 || rb === 9)) return ra < rb ? -1 : 1;
  // values of different kinds (only document fields and untyped keys mix them): MongoDB's BSON type order
  if (ra !== rb) return compareDocValues(a as DocValue, b as DocValue);
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumeric(a as number | bigint | Decimal, b as number | bigint | Decimal);
    case 4:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 5: {
      const ta = (a as Date).getTime();
      const tb = (b as Date).getTime();
      return ta < tb ? -1 : ta > tb ? 1 : 0;
    }
    case 6:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 8:
      return compareIntervals(a as unknown as Interval, b as unknown as Interval);
    case 9:
      return compareStructs(a as StructValue, b as StructValue);
    default:
      // documents, arrays, ObjectIds and regexes: MongoDB's BSON order (document/doc-value.ts)
      return compareDocValues(a as DocValue, b as DocValue);
  }
}

/** Structured values: by most specific type name, then field by field (invariant 2). */
export function compareStructs(a: StructValue, b: StructValue): number {
  if (a.typeName !== b.typeName) return a.typeName < b.typeName ? -1 : 1;
  const n = Math.min(a.values.length, b.values.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a.values[i] as Value, b.values[i] as Value);
    if (c !== 0) return c;
  }
  return a.values.length - b.values.length < 0 ? -1 : a.values.length > b.values.length ? 1 : 0;
}

/** Lexicographic order on composite keys (arrays of values), shorter prefix first. */
export function compareKeys(a: readonly Value[], b: readonly Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** Largest decimal exponent a NUMERIC may have (PostgreSQL's 131072 digits before the point); beyond → 22003. */
export const NUMERIC_MAX_EXPONENT = 131071;

/**
 * The Decimal constructor NUMERIC arithmetic uses: 1000 significant digits (so `+ - *` are exact for any
 * value a user is likely to store), ROUND_HALF_UP (ties away from zero), plain notation from `toString`,
 * overflow past `NUMERIC_MAX_EXPONENT` to Infinity (callers turn that into 22003) and underflow to zero
 * below 1e-16383. Instances share the prototype of `Decimal`, so `instanceof Decimal` holds for both.
 * Use its static methods (`ExactDecimal.add(a, b)`): `a.plus(b)` rounds to the precision of `a`'s own
 * constructor, which for a user's `new Decimal(…)` is decimal.js's default of 20 digits.
 */
export const ExactDecimal: typeof Decimal = Decimal.clone({
  precision: 1000,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
  maxE: NUMERIC_MAX_EXPONENT,
  minE: -16383,
  modulo: Decimal.ROUND_DOWN,
});

/** An INTEGER, NUMERIC or REAL value as an exact Decimal (REAL through its shortest decimal text). */
export function toExactDecimal(v: number | bigint | Decimal): Decimal {
  if (typeof v === 'bigint') return new ExactDecimal(v.toString());
  return new ExactDecimal(v);
}
