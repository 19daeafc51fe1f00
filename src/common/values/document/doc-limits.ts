/**
 * src/common/values/document/doc-limits.ts — the size limits of a document value and the check that enforces
 * them (and that the value is made only of the representation doc-value.ts describes).
 *
 * 1. A document or array may nest at most MAX_DOC_DEPTH (100, MongoDB's limit) containers deep, the outermost
 *    counting as 1; one document level may hold at most MAX_DOC_FIELDS fields; the encoded size (BSON) is at
 *    most MAX_DOC_BYTES (16 MiB, MongoDB's). Past any of them is ProgramLimitExceeded 54000.
 * 2. `checkDocLimits` walks with an explicit stack and stops at the first container past the depth limit, so
 *    a value nested 10,000 deep (or a cyclic one) is a 54000 error, never a stack overflow, and costs little.
 * 3. What BSON cannot hold or the engine never stores is InvalidDocument 22D01: `undefined`, NaN and ±Infinity,
 *    non-finite Decimals, invalid Dates, field names containing NUL, regexes whose source contains NUL or
 *    that use the flag v, class
 *    instances other than Decimal, Date, ObjectId, RegExp and Uint8Array, and a field named `_bsontype` (the
 *    `bson` serialiser takes an object with that field for one of its own classes).
 * 4. The size it checks is an upper bound of the bytes the BSON writer writes (it counts a Decimal as its
 *    text when that is longer than 16 bytes). A first walk bounds every string by three bytes per UTF-16 unit,
 *    reading no characters; only a document whose bound passes MAX_DOC_BYTES is walked again with the exact
 *    UTF-8 lengths, and refused if that passes it too (decision 0041). The writer checks the exact size again
 *    (doc-bson-write.ts invariant 4).
 */
import { ObjectId } from 'bson';
import { SqlError, SqlState } from '../../errors';
import { Decimal } from '../value';
import { isDoc, type DocValue } from './doc-value';

/** Deepest nesting of documents and arrays, the outermost counting as 1 (MongoDB's limit). */
export const MAX_DOC_DEPTH = 100;
/** Most fields one document level may have. */
export const MAX_DOC_FIELDS = 100_000;
/** Largest encoded (BSON) size of a document, in bytes: 16 MiB, MongoDB's limit. */
export const MAX_DOC_BYTES = 16 * 1024 * 1024;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** 54000 with `what` as the limit's description. */
export function limitExceeded(what: string): SqlError {
  return SqlError.of(SqlState.ProgramLimitExceeded, [what]);
}

/** The 54000 error for nesting past MAX_DOC_DEPTH. */
export function tooDeep(): SqlError {
  return limitExceeded(`a document may nest at most ${MAX_DOC_DEPTH} levels deep`);
}

/** The 54000 error for a document level with more than MAX_DOC_FIELDS fields. */
export function tooManyFields(n: number): SqlError {
  return limitExceeded(`a document may have at most ${MAX_DOC_FIELDS} fields at one level, not ${n}`);
}

/** The 54000 error for a document whose encoding passes MAX_DOC_BYTES. */
export function tooLarge(bytes: number): SqlError {
  return limitExceeded(`a document may take at most ${MAX_DOC_BYTES} bytes encoded, not ${bytes}`);
}

function invalid(what: string): SqlError {
  return SqlError.of(SqlState.InvalidDocument, [what]);
}

function utf8Length(s: string): number {
  const n = s.length;
  if (n > 64) return Buffer.byteLength(s, 'utf8');
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    const lowOfPair = (c & 0xfc00) === 0xdc00 && i > 0 && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
    // 2 or 3 bytes; a surrogate pair is 3 + 1 = 4, a lone surrogate is written as U+FFFD (3)
    if (!lowOfPair) bytes += c < 0x800 ? 1 : 2;
  }
  return bytes;
}

/** Upper bound of the encoded size of one scalar (without its element header); throws 22D01 when invalid. */
function scalarSize(v: Exclude<DocValue, object> | Decimal | Date | ObjectId | RegExp | Uint8Array | null, exact = false): number {
  switch (typeof v) {
    case 'number':
      if (v - v !== 0) throw invalid(`${v} is not a document number (numbers must be finite)`);
      return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? 4 : 8;
    case 'bigint':
      return v >= INT64_MIN && v <= INT64_MAX ? 8 : 5 + v.toString().length;
    case 'string':
      return 5 + textSize(v, exact);
    case 'boolean':
      return 1;
    default:
      return objectScalarSize(v);
  }
}

function objectScalarSize(v: Decimal | Date | ObjectId | RegExp | Uint8Array | null): number {
  if (v === null) return 0;
  if (v instanceof Decimal) {
    if (!v.isFinite()) throw invalid(`${v.toString()} is not a document number (numbers must be finite)`);
    const digits = v.sd();
    const e = v.e;
    // plain text: sign, digits before the point (at least one), the point, digits after it
    const text = 3 + Math.max(e + 1, 1) + Math.max(digits - e - 1, 0) + (e < 0 ? -e : 0);
    return digits <= 34 && Math.abs(e) < 6000 ? 16 : Math.max(16, 5 + text);
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw invalid('an invalid Date is not a document value');
    return 8;
  }
  if (v instanceof ObjectId) return 12;
  if (v instanceof RegExp) {
    if (v.source.includes('\0')) throw invalid('a regular expression in a document cannot contain a NUL character');
    if (v.flags.includes('v')) {
      throw invalid('a regular expression in a document cannot use the flag v (BSON has no such option)');
    }
    return utf8Length(v.source) + v.flags.length + 2;
  }
  if (v instanceof Uint8Array) return 5 + v.length;
  const name = (v as object).constructor?.name ?? 'object';
  throw invalid(`a value of class ${name} cannot be stored in a document`);
}

/** A string's size: its exact UTF-8 length, or three bytes per UTF-16 unit (invariant 4). */
function textSize(t: string, exact: boolean): number {
  return exact ? utf8Length(t) : 3 * t.length;
}

function keyLength(k: string, exact: boolean): number {
  if (k.includes('\0')) throw invalid(`a field name cannot contain a NUL character: ${JSON.stringify(k)}`);
  if (k === '_bsontype') throw invalid('a field cannot be named _bsontype (the BSON encoder reserves it)');
  return textSize(k, exact);
}

/**
 * Checks a document value against the limits (54000) and the representation (22D01) of the file header;
 * returns an upper bound of its encoded size in bytes.
 */
export function checkDocLimits(v: DocValue): number {
  if (typeof v !== 'object' || v === null || !(Array.isArray(v) || isDoc(v))) {
    if ((v as unknown) === undefined) throw invalid('undefined is not a document value');
    return scalarSize(v as Exclude<DocValue, object>);
  }
  const bound = walk(v, false);
  // invariant 4: only a document whose cheap bound is too large is measured exactly
  return bound <= MAX_DOC_BYTES ? bound : walk(v, true);
}

/**
 * The walk of `checkDocLimits` over a container, with an explicit stack of containers and their depths
 * (parallel arrays: no allocation per container). Past MAX_DOC_BYTES it returns at once unless `exact`, when
 * it throws.
 */
function walk(v: object, exact: boolean): number {
  let size = 0;
  const nodes: object[] = [v];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > MAX_DOC_DEPTH) throw tooDeep();
    size += 5;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        size += (i < 10 ? 3 : 2 + String(i).length) + child(node[i] as unknown, depth, nodes, depths, exact);
      }
    } else {
      const keys = Object.keys(node);
      if (keys.length > MAX_DOC_FIELDS) throw tooManyFields(keys.length);
      for (const k of keys) size += 2 + keyLength(k, exact) + child((node as { [k: string]: unknown })[k], depth, nodes, depths, exact);
    }
    if (size > MAX_DOC_BYTES) {
      if (exact) throw tooLarge(size);
      return size;
    }
  }
  return size;
}

/** Size of a scalar child, or 0 after pushing a container child onto the stack. */
function child(x: unknown, depth: number, nodes: object[], depths: number[], exact: boolean): number {
  if (typeof x === 'string') return 5 + textSize(x, exact);
  if (typeof x === 'object' && x !== null && (Array.isArray(x) || isDoc(x))) {
    nodes.push(x);
    depths.push(depth + 1);
    return 0;
  }
  if (x === undefined) throw invalid('undefined is not a document value');
  if (typeof x === 'function' || typeof x === 'symbol') throw invalid(`a ${typeof x} is not a document value`);
  return scalarSize(x as Exclude<DocValue, object>, exact);
}
