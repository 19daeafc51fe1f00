/**
 * src/common/values/document/doc-value.ts — the Document value family: its types, MongoDB's BSON type order,
 * equality and hash keys.
 *
 * 1. A document is a plain object (prototype Object.prototype or null; a caller's object may come from another
 *    realm — a vm context, Jest's test environment — whose Object.prototype is another object, with no
 *    prototype of its own) or a stored document of a shape class (doc-shape.ts invariant 3); an array is a JS
 *    array; scalars are null, boolean, number, bigint, Decimal, string, Date, ObjectId, RegExp and Uint8Array.
 *    `undefined` is a missing value and never stored.
 * 2. `compareDocValues` is a total order: first by `docTypeRank` (MongoDB's BSON comparison order), then by
 *    value within the rank. `docEquals(a, b)` ⇔ `compareDocValues(a, b) === 0` ⇔ `docHashKey(a) ===
 *    docHashKey(b)`; the property tests in doc-value.test.ts hold all three together.
 * 3. Numbers are one class, ordered by mathematical value across number, bigint and Decimal. A double maps to
 *    its exact value when it is an integer and to its shortest decimal text otherwise (as `compareValues` reads
 *    a REAL against a NUMERIC); that map is injective and monotone, so the order stays total. NaN is below
 *    every other number and equal to itself, -0 equals 0 (MongoDB's rules).
 * 4. Documents compare field by field (value type, then field name, then value), a prefix first; arrays
 *    element by element, a prefix first; binary by length, then bytes; ObjectIds by their 12 bytes; regexes by
 *    source then flags; dates by time (an invalid date lowest). Strings compare by UTF-16 code unit, as every
 *    other string in the engine.
 */
import { ObjectId } from 'bson';
import Decimal from 'decimal.js';
import { isPlainPrototype } from './doc-shape';

/** A value inside a document (see the file header). */
export type DocValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Decimal
  | Date
  | ObjectId
  | RegExp
  | Uint8Array
  | DocArray
  | Doc;

/** A document: field name → value, in insertion order. */
export interface Doc {
  [field: string]: DocValue;
}

/** An array value. */
export type DocArray = DocValue[];

/** True for a plain object (a document), false for every scalar, array and class instance (invariant 1). */
export function isDoc(v: unknown): v is Doc {
  if (typeof v !== 'object' || v === null) return false;
  return isPlainPrototype(Object.getPrototypeOf(v));
}

export { isPlainPrototype };

/** True for an array value. */
export function isDocArray(v: unknown): v is DocArray {
  return Array.isArray(v);
}

/** Ranks of MongoDB's BSON comparison order. */
export enum DocRank {
  Null = 1,
  Number = 2,
  String = 3,
  Object = 4,
  Array = 5,
  Binary = 6,
  ObjectId = 7,
  Boolean = 8,
  Date = 9,
  Regex = 10,
}

/**
 * The value's place in MongoDB's BSON comparison order: null and missing (1) < numbers < strings < documents <
 * arrays < binary < ObjectIds < booleans < dates < regexes (10).
 */
export function docTypeRank(v: DocValue | undefined): number {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return DocRank.Number;
    case 'string':
      return DocRank.String;
    case 'boolean':
      return DocRank.Boolean;
    case 'undefined':
      return DocRank.Null;
    default:
      return objectRank(v);
  }
}

function objectRank(v: object | null): number {
  if (v === null) return DocRank.Null;
  if (Array.isArray(v)) return DocRank.Array;
  if (isDoc(v)) return DocRank.Object;
  if (v instanceof Decimal) return DocRank.Number;
  if (v instanceof Date) return DocRank.Date;
  if (v instanceof ObjectId) return DocRank.ObjectId;
  if (v instanceof RegExp) return DocRank.Regex;
  if (v instanceof Uint8Array) return DocRank.Binary;
  return DocRank.Object;
}

/** True when both values are in the same type class (same `docTypeRank`): what MongoDB's $gt… require. */
export function sameTypeClass(a: DocValue, b: DocValue): boolean {
  return docTypeRank(a) === docTypeRank(b);
}

// ---- numbers ----------------------------------------------------------------------------------------------

type Num = number | bigint | Decimal;

/** A number's exact decimal (file header, invariant 3); callers handle NaN first. */
function numToDecimal(v: Num): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'bigint') return new Decimal(v.toString());
  if (Number.isInteger(v) && !Number.isSafeInteger(v)) return new Decimal(BigInt(v).toString());
  return new Decimal(v);
}

function isNaNNum(v: Num): boolean {
  return typeof v === 'number' ? v !== v : v instanceof Decimal ? v.isNaN() : false;
}

/** Orders two numbers by value (NaN lowest, equal to itself). */
export function compareDocNumbers(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    return a !== a ? (b !== b ? 0 : -1) : 1;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const na = isNaNNum(a);
  const nb = isNaNNum(b);
  if (na || nb) return na && nb ? 0 : na ? -1 : 1;
  if (typeof a !== 'object' && typeof b !== 'object') return compareNumberBigint(a, b);
  const c = numToDecimal(a).comparedTo(numToDecimal(b));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/** number vs bigint (one of each), exactly. */
function compareNumberBigint(a: number | bigint, b: number | bigint): number {
  const n = typeof a === 'number' ? a : (b as number);
  const big = typeof a === 'bigint' ? a : (b as bigint);
  const sign = typeof a === 'number' ? 1 : -1;
  if (!Number.isFinite(n)) return n > 0 ? sign : -sign;
  const fl = BigInt(Math.floor(n));
  if (fl < big) return -sign;
  if (fl > big) return sign;
  return Number.isInteger(n) ? 0 : sign;
}

/** Canonical text of a number's value: equal values, equal text. */
function numberKey(v: Num): string {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v === 0 ? '0' : String(v);
    if (v !== v) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return numToDecimal(v).toFixed();
  }
  if (typeof v === 'bigint') return v.toString();
  if (v.isNaN()) return 'NaN';
  if (!v.isFinite()) return v.isPositive() ? 'Infinity' : '-Infinity';
  if (v.isZero()) return '0';
  return v.toFixed();
}

// ---- the order --------------------------------------------------------------------------------------------

function cmp<T extends string | number | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Binary values and ObjectIds: the shorter first, then byte by byte (MongoDB's BinData order). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function compareTimes(a: Date, b: Date): number {
  const ta = a.getTime();
  const tb = b.getTime();
  if (ta === tb) return 0;
  if (ta !== ta) return tb !== tb ? 0 : -1;
  if (tb !== tb) return 1;
  return ta < tb ? -1 : 1;
}

function compareDocs(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const fa = ka[i]!;
    const fb = kb[i]!;
    const va = a[fa]!;
    const vb = b[fb]!;
    const r = cmp(docTypeRank(va), docTypeRank(vb));
    if (r !== 0) return r;
    if (fa !== fb) return fa < fb ? -1 : 1;
    const c = compareDocValues(va, vb);
    if (c !== 0) return c;
  }
  return cmp(ka.length, kb.length);
}

function compareArrays(a: DocArray, b: DocArray): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDocValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return cmp(a.length, b.length);
}

/** Total order on document values (file header, invariants 2–4): -1, 0 or 1. */
export function compareDocValues(a: DocValue, b: DocValue): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDocNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ra = docTypeRank(a);
  const rb = docTypeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case DocRank.Null:
      return 0;
    case DocRank.Number:
      return compareDocNumbers(a as Num, b as Num);
    case DocRank.String:
      return cmp(a as string, b as string);
    case DocRank.Object:
      return compareDocs(a as Doc, b as Doc);
    case DocRank.Array:
      return compareArrays(a as DocArray, b as DocArray);
    case DocRank.Binary:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case DocRank.ObjectId:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case DocRank.Boolean:
      return a === b ? 0 : a ? 1 : -1;
    case DocRank.Date:
      return compareTimes(a as Date, b as Date);
    default: {
      const xa = a as RegExp;
      const xb = b as RegExp;
      return cmp(xa.source, xb.source) || cmp(xa.flags, xb.flags);
    }
  }
}

/** Equality of document values by value (numbers across representations; documents by field order too). */
export function docEquals(a: DocValue, b: DocValue): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (typeof a === 'number' && typeof b === 'number') return a !== a && b !== b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return false;
  const ra = docTypeRank(a);
  if (ra !== docTypeRank(b)) return false;
  switch (ra) {
    case DocRank.Object:
      return docsEqual(a as Doc, b as Doc);
    case DocRank.Array: {
      const xa = a as DocArray;
      const xb = b as DocArray;
      if (xa.length !== xb.length) return false;
      for (let i = 0; i < xa.length; i++) if (!docEquals(xa[i]!, xb[i]!)) return false;
      return true;
    }
    default:
      return compareDocValues(a, b) === 0;
  }
}

function docsEqual(a: Doc, b: Doc): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const f = ka[i]!;
    if (f !== kb[i]) return false;
    if (!docEquals(a[f]!, b[f]!)) return false;
  }
  return true;
}

// ---- hash keys --------------------------------------------------------------------------------------------

function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return s;
}

function appendKey(v: DocValue, out: string[]): void {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      out.push('n', numberKey(v), ';');
      return;
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'boolean':
      out.push(v ? 't' : 'f');
      return;
    default:
      appendObjectKey(v, out);
  }
}

function appendObjectKey(v: Exclude<DocValue, number | bigint | string | boolean>, out: string[]): void {
  if (v === null) out.push('z');
  else if (Array.isArray(v)) {
    out.push('[');
    for (const e of v) {
      appendKey(e, out);
      out.push(',');
    }
    out.push(']');
  } else if (isDoc(v)) {
    out.push('{');
    for (const f of Object.keys(v)) {
      out.push(JSON.stringify(f), ':');
      appendKey(v[f]!, out);
      out.push(',');
    }
    out.push('}');
  } else if (v instanceof Decimal) out.push('n', numberKey(v), ';');
  else if (v instanceof Date) out.push('d', String(v.getTime()), ';');
  else if (v instanceof ObjectId) out.push('i', hex(v.id));
  else if (v instanceof RegExp) out.push('r', JSON.stringify(v.source), v.flags, ';');
  else out.push('x', hex(v), ';');
}

/** A string key such that `docEquals(a, b)` ⇔ `docHashKey(a) === docHashKey(b)`. */
export function docHashKey(v: DocValue): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'n' + numberKey(v) + ';';
    case 'string':
      return JSON.stringify(v);
    default: {
      const out: string[] = [];
      appendKey(v, out);
      return out.join('');
    }
  }
}

// ---- $type names ------------------------------------------------------------------------------------------

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * MongoDB's BSON type name of a value: an integral number is 'int' within 32 bits and 'long' beyond (as is a
 * bigint), a fractional or non-finite number 'double', a Decimal 'decimal'.
 */
export function bsonTypeName(v: DocValue): string {
  switch (typeof v) {
    case 'number':
      if (!Number.isInteger(v)) return 'double';
      return v >= INT32_MIN && v <= INT32_MAX ? 'int' : 'long';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return objectTypeName(v);
  }
}

function objectTypeName(v: Exclude<DocValue, number | bigint | string | boolean>): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (isDoc(v)) return 'object';
  if (v instanceof Decimal) return 'decimal';
  if (v instanceof Date) return 'date';
  if (v instanceof ObjectId) return 'objectId';
  if (v instanceof RegExp) return 'regex';
  if (v instanceof Uint8Array) return 'binData';
  return 'object';
}
