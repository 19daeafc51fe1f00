/**
 * src/common/values/document/doc-predicates.ts — the leaf predicates of templates: one function per query
 * operator that tests ONE value (an array element, or a whole value), built once from a validated operand.
 *
 * 1. A predicate receives `undefined` for a missing value and never throws.
 * 2. Equality is `docEquals` (numbers by value across representations); null equals null and missing.
 * 3. Comparisons match only values of the operand's type class (`docTypeRank`); a null operand behaves as
 *    equality for $gte/$lte and matches nothing for $gt/$lt. NaN equals NaN and is otherwise unordered
 *    (MongoDB's query rule, although NaN sorts first in `compareDocValues`).
 * 4. Operand validation throws 22D01 (InvalidDocument) with a detail naming the operator.
 */
import { SqlError, SqlState } from '../../errors';
import Decimal from 'decimal.js';
import {
  bsonTypeName,
  compareDocNumbers,
  compareDocValues,
  docEquals,
  docHashKey,
  docTypeRank,
  isDoc,
  type Doc,
  type DocArray,
  type DocValue,
} from './doc-value';
import { regexPredicate } from './doc-regex';

/** A test of one value; `undefined` is a missing value. */
export type Pred = (v: DocValue | undefined) => boolean;

/** The comparison operators. */
export type ComparisonOp = '$gt' | '$gte' | '$lt' | '$lte';

/** Throws the 22D01 error of a bad operand. */
export function badOperand(op: string, what: string): SqlError {
  return SqlError.of(SqlState.InvalidDocument, [`${op} ${what}`]);
}

type Num = number | bigint | Decimal;

function isNum(v: unknown): v is Num {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
}

function isNaNValue(v: unknown): boolean {
  return typeof v === 'number' ? v !== v : v instanceof Decimal && v.isNaN();
}

/** A short description of a value's type, for error details. */
export function describeType(v: DocValue | undefined): string {
  return v === undefined ? 'nothing' : bsonTypeName(v);
}

// ---- equality and comparison --------------------------------------------------------------------------------

/** `v` equals `x` (file header, invariant 2): a predicate specialised to `x`. */
export function equalsPred(x: DocValue): Pred {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return (v) => v === x;
    case 'number':
      if (x !== x) return isNaNValue;
      return (v) => (typeof v === 'number' ? v === x : isExoticNum(v) && compareDocNumbers(v, x) === 0);
    default:
      return (v) => valueEquals(v, x);
  }
}

/** `v` equals `x` (file header, invariant 2), for an `x` known only when the test runs. */
export function valueEquals(v: DocValue | undefined, x: DocValue): boolean {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return v === x;
    case 'number':
      if (x !== x) return isNaNValue(v);
      return typeof v === 'number' ? v === x : isExoticNum(v) && compareDocNumbers(v, x) === 0;
    case 'bigint':
      return isNum(v) && !isNaNValue(v) && compareDocNumbers(v, x) === 0;
    default:
      break;
  }
  if (x === null || x === undefined) return v === null || v === undefined; // undefined: from JS callers
  if (x instanceof Decimal) {
    if (x.isNaN()) return isNaNValue(v);
    return isNum(v) && !isNaNValue(v) && compareDocNumbers(v, x) === 0;
  }
  if (x instanceof Date) {
    const t = x.getTime();
    return v instanceof Date && (v.getTime() === t || (t !== t && v.getTime() !== v.getTime()));
  }
  return v !== undefined && v !== null && docTypeRank(v) === docTypeRank(x) && docEquals(v, x);
}

function isExoticNum(v: unknown): v is bigint | Decimal {
  return typeof v === 'bigint' || v instanceof Decimal;
}

function orderTest(op: ComparisonOp): (c: number) => boolean {
  switch (op) {
    case '$gt':
      return (c) => c > 0;
    case '$gte':
      return (c) => c >= 0;
    case '$lt':
      return (c) => c < 0;
    case '$lte':
      return (c) => c <= 0;
  }
}

function numberComparison(op: ComparisonOp, x: Num): Pred {
  const inclusive = op === '$gte' || op === '$lte';
  if (isNaNValue(x)) return inclusive ? isNaNValue : () => false;
  const test = orderTest(op);
  const slow = (v: DocValue | undefined): boolean => isNum(v) && !isNaNValue(v) && test(compareDocNumbers(v, x));
  if (typeof x !== 'number') return slow;
  switch (op) {
    case '$gt':
      return (v) => (typeof v === 'number' ? v > x : isExoticNum(v) && slow(v));
    case '$gte':
      return (v) => (typeof v === 'number' ? v >= x : isExoticNum(v) && slow(v));
    case '$lt':
      return (v) => (typeof v === 'number' ? v < x : isExoticNum(v) && slow(v));
    case '$lte':
      return (v) => (typeof v === 'number' ? v <= x : isExoticNum(v) && slow(v));
  }
}

function stringComparison(op: ComparisonOp, x: string): Pred {
  switch (op) {
    case '$gt':
      return (v) => typeof v === 'string' && v > x;
    case '$gte':
      return (v) => typeof v === 'string' && v >= x;
    case '$lt':
      return (v) => typeof v === 'string' && v < x;
    case '$lte':
      return (v) => typeof v === 'string' && v <= x;
  }
}

/** `v op x` within x's type class (file header, invariant 3); a regex operand is 22D01. */
export function comparePred(op: ComparisonOp, x: DocValue): Pred {
  if (x instanceof RegExp) throw badOperand(op, 'cannot take a regular expression');
  if (x === null) return op === '$gte' || op === '$lte' ? equalsPred(null) : () => false;
  if (isNum(x)) return numberComparison(op, x);
  if (typeof x === 'string') return stringComparison(op, x);
  const rank = docTypeRank(x);
  const test = orderTest(op);
  return (v) => v !== undefined && v !== null && docTypeRank(v) === rank && test(compareDocValues(v, x));
}

// ---- $in ----------------------------------------------------------------------------------------------------

/** `v` equals a member of `members`, or is a string matching a regex member. */
export function inPred(op: string, members: DocValue): Pred {
  if (!Array.isArray(members)) throw badOperand(op, `needs an array, not ${describeType(members)}`);
  let hasNull = false;
  let exoticNumbers = false;
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const keys = new Set<string>();
  const regexes: Pred[] = [];
  for (const m of members) {
    if (isDoc(m) && Object.keys(m).some((k) => k.startsWith('$'))) {
      throw badOperand(op, 'cannot contain an operator expression');
    }
    if (m === null) hasNull = true;
    else if (typeof m === 'string') strings.add(m);
    else if (typeof m === 'number') {
      numbers.add(m);
      keys.add(docHashKey(m)); // for bigint and Decimal values
    } else {
      if (m instanceof RegExp) regexes.push(regexPredicate(m));
      if (isExoticNum(m)) exoticNumbers = true;
      keys.add(docHashKey(m));
    }
  }
  return (v) => {
    if (typeof v === 'string') {
      if (strings.has(v)) return true;
      for (const r of regexes) if (r(v)) return true;
      return false;
    }
    if (typeof v === 'number') return numbers.has(v) || (exoticNumbers && keys.has(docHashKey(v)));
    if (v === undefined || v === null) return hasNull;
    if (keys.size === 0) return false;
    return keys.has(docHashKey(v));
  };
}

// ---- $type --------------------------------------------------------------------------------------------------

const TYPE_NUMBERS: ReadonlyMap<number, string> = new Map([
  [1, 'double'], [2, 'string'], [3, 'object'], [4, 'array'], [5, 'binData'], [6, 'undefined'], [7, 'objectId'],
  [8, 'bool'], [9, 'date'], [10, 'null'], [11, 'regex'], [12, 'dbPointer'], [13, 'javascript'], [14, 'symbol'],
  [15, 'javascriptWithScope'], [16, 'int'], [17, 'timestamp'], [18, 'long'], [19, 'decimal'], [-1, 'minKey'],
  [127, 'maxKey'],
]); // prettier-ignore
const TYPE_NAMES = new Set([...TYPE_NUMBERS.values(), 'number']);

function typeName(op: string, t: DocValue): string {
  if (typeof t === 'string') {
    if (TYPE_NAMES.has(t)) return t;
    throw badOperand(op, `does not know the type '${t}'`);
  }
  const n = typeof t === 'bigint' ? Number(t) : t instanceof Decimal ? t.toNumber() : t;
  if (typeof n === 'number') {
    const name = TYPE_NUMBERS.get(n);
    if (name !== undefined) return name;
    throw badOperand(op, `does not know the type number ${String(n)}`);
  }
  throw badOperand(op, `needs a type name or number, not ${describeType(t)}`);
}

/** `v` has one of the BSON types named (by name, number or the alias 'number'). */
export function typePred(op: string, operand: DocValue): Pred {
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0) throw badOperand(op, 'needs at least one type');
  const names = new Set<string>();
  for (const t of list) {
    const name = typeName(op, t);
    if (name === 'number') ['double', 'int', 'long', 'decimal'].forEach((x) => names.add(x));
    else names.add(name);
  }
  return (v) => v !== undefined && names.has(bsonTypeName(v));
}

// ---- $size, $mod, $exists -------------------------------------------------------------------------------------

function integerOperand(v: DocValue): bigint | null {
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
  if (typeof v === 'bigint') return v;
  if (v instanceof Decimal) return v.isFinite() ? BigInt(v.trunc().toFixed()) : null;
  return null;
}

/** `v` is an array of exactly `operand` elements (a non-negative integer). */
export function sizePred(op: string, operand: DocValue): Pred {
  const n = isNum(operand) ? integerOperand(operand) : null;
  const whole = n !== null && (typeof operand !== 'number' || Number.isInteger(operand));
  if (!whole || n === null || n < 0n || (operand instanceof Decimal && !operand.isInteger())) {
    throw badOperand(op, 'needs a non-negative integer');
  }
  const size = Number(n);
  return (v) => Array.isArray(v) && v.length === size;
}

/**
 * `v` is a number whose integer part (truncated toward zero) divided by the divisor leaves the remainder;
 * the operand is [divisor, remainder], each truncated toward zero, the divisor not zero.
 */
export function modPred(op: string, operand: DocValue): Pred {
  if (!Array.isArray(operand) || operand.length !== 2) throw badOperand(op, 'needs an array [divisor, remainder]');
  const d = integerOperand(operand[0]!);
  const r = integerOperand(operand[1]!);
  if (d === null || r === null) throw badOperand(op, 'needs finite numbers as divisor and remainder');
  if (d === 0n) throw badOperand(op, 'cannot take a divisor of zero');
  const small = d <= 2n ** 52n && d >= -(2n ** 52n) && r <= 2n ** 52n && r >= -(2n ** 52n);
  const dn = Number(d);
  const rn = Number(r);
  return (v) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
      const t = Math.trunc(v);
      if (small && Number.isSafeInteger(t)) return t % dn === rn;
      return BigInt(t) % d === r;
    }
    if (!isExoticNum(v)) return false;
    const t = integerOperand(v);
    return t !== null && t % d === r;
  };
}

/** MongoDB's truthiness of an operand such as $exists's: false, null and numeric zero are false. */
export function truthy(v: DocValue): boolean {
  if (v === false || v === null) return false;
  if (typeof v === 'number') return v !== 0 && v === v;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof Decimal) return !v.isZero() && !v.isNaN();
  return true;
}

/** The value is present (`$exists` tests this on the values a path reaches). */
export const presentPred: Pred = (v) => v !== undefined;

/** The value is a document (the template `{}`). */
export const isDocPred: Pred = (v) => isDoc(v);

/** True for the element types an object-form $elemMatch looks into (documents, and arrays as MongoDB does). */
export function isContainer(v: DocValue | undefined): v is DocArray | Doc {
  return Array.isArray(v) || isDoc(v);
}
