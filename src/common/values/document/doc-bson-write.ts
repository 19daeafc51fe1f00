/**
 * src/common/values/document/doc-bson-write.ts — document values written as BSON bytes, straight from the
 * engine's representation (doc-value.ts) into a `ByteWriter`. The byte-level choices are drawn in
 * docs/file-format.md ("Documents in BSON"); decoding is doc-bson.ts's, through the `bson` package.
 *
 * 1. Exactness survives the round trip: an integral number is int32 when it fits, else int64 when it is a
 *    safe integer, else (an unsafe integral double) a double; a fractional number is a double, and so is -0;
 *    a bigint is int64 when it fits, else a Binary of subtype 0x81 holding its decimal digits as ASCII; a
 *    Decimal is Decimal128 when that is exact (at most 34 significant digits and an exponent in range), else
 *    a Binary of subtype 0x80 holding its plain text. Date (int64 milliseconds), ObjectId, RegExp (BSON regex
 *    with the flags i, m, s and u in that order; g, y and d, which change no match, are not written),
 *    Uint8Array (Binary subtype 0), null, booleans, strings, documents and arrays are BSON's own. Field order
 *    is kept.
 * 2. An array is written as the document { v: [...] } (a BSON top level must be a document).
 * 3. The bytes are those `BSON.serialize` of the `bson` package writes for the same value with the same
 *    wrappers (Long for int64, Decimal128, Binary, BSONRegExp): doc-bson-write.test.ts checks it over generated
 *    values, so files written before this writer and after it hold the same bytes for the same document.
 *    Writing directly saves the wrapped copy, the serialiser's generic dispatch and its copy out of its own
 *    buffer (decision 0041).
 * 4. What BSON cannot hold is InvalidDocument 22D01 — a field name or regex containing NUL, a field named
 *    `_bsontype`, the regex flag v, an invalid Date, a value of any other class, `undefined`, a function or a
 *    symbol (all refused where a document enters a table, doc-limits.ts; refused here too, so a value that
 *    skipped that check never reaches the log) — and nesting deeper than MAX_DOC_DEPTH or more than
 *    MAX_DOC_BYTES written is ProgramLimitExceeded 54000. An error leaves the scratch writer to be reset.
 */
import { Decimal128, ObjectId } from 'bson';
import { SqlError, SqlState } from '../../errors';
import { ByteWriter } from '../bytes';
import { Decimal } from '../value';
import { MAX_DOC_BYTES, MAX_DOC_DEPTH, tooDeep, tooLarge } from './doc-limits';
import { isDoc, type Doc, type DocArray, type DocValue } from './doc-value';

/** Binary subtype of a Decimal that Decimal128 cannot hold exactly: its plain text, ASCII. */
export const BINARY_SUBTYPE_DECIMAL_TEXT = 0x80;
/** Binary subtype of an integer beyond int64: its decimal digits (and sign), ASCII. */
export const BINARY_SUBTYPE_BIGINT_TEXT = 0x81;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL128_MIN_EXP = -6176;
const DECIMAL128_MAX_EXP = 6111;

/** BSON element types written here. */
const enum T {
  Double = 0x01,
  String = 0x02,
  Document = 0x03,
  Array = 0x04,
  Binary = 0x05,
  ObjectId = 0x07,
  Boolean = 0x08,
  Date = 0x09,
  Null = 0x0a,
  Regex = 0x0b,
  Int32 = 0x10,
  Int64 = 0x12,
  Decimal128 = 0x13,
}

function invalid(what: string): SqlError {
  return SqlError.of(SqlState.InvalidDocument, [`cannot encode it as BSON (${what})`]);
}

/** The writer documents are encoded in before their bytes are copied out; replaced after a large document. */
let scratch = new ByteWriter(4096);
/** A scratch writer that grew past this is not kept for the next document. */
const SCRATCH_KEPT = 1 << 20;

/** Writes `v`'s BSON into `scratch` (invariants 1–4) and returns its length. */
function encode(v: Doc | DocArray): number {
  const w = scratch;
  w.reset();
  if (Array.isArray(v)) {
    w.writeI32(0);
    w.writeU8(T.Array);
    w.writeU8(0x76); // "v"
    w.writeU8(0);
    writeArray(w, v, 1);
    w.writeU8(0);
    w.patchI32(0, w.length);
  } else {
    writeDoc(w, v, 1);
  }
  const n = w.length;
  if (n > MAX_DOC_BYTES) throw tooLarge(n);
  return n;
}

/** A document or array as BSON bytes (an array as { v: [...] }); see the file header. */
export function encodeDocValue(v: Doc | DocArray): Uint8Array {
  try {
    encode(v);
    return scratch.finish().slice();
  } finally {
    if (scratch.length > SCRATCH_KEPT) scratch = new ByteWriter(4096);
  }
}

/** Writes `v`'s BSON bytes to `w` as `ByteWriter.writeBytes` does (a varuint length, then the bytes). */
export function writeDocValue(w: ByteWriter, v: Doc | DocArray): void {
  try {
    encode(v);
    w.writeBytes(scratch.finish());
  } finally {
    if (scratch.length > SCRATCH_KEPT) scratch = new ByteWriter(4096);
  }
}

function writeDoc(w: ByteWriter, d: Doc, depth: number): void {
  if (depth > MAX_DOC_DEPTH) throw tooDeep();
  const start = w.length;
  w.writeI32(0);
  const keys = Object.keys(d);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = d[k];
    writeElement(w, k, -1, x, depth);
  }
  w.writeU8(0);
  w.patchI32(start, w.length - start);
}

function writeArray(w: ByteWriter, a: DocArray, depth: number): void {
  if (depth > MAX_DOC_DEPTH) throw tooDeep();
  const start = w.length;
  w.writeI32(0);
  for (let i = 0; i < a.length; i++) writeElement(w, null, i, a[i], depth);
  w.writeU8(0);
  w.patchI32(start, w.length - start);
}

/** An element's type and name: `key`, or for an array element its index `i` in decimal. */
function writeName(w: ByteWriter, type: T, key: string | null, i: number): void {
  w.writeU8(type);
  if (key === null) {
    if (i < 10) w.writeU8(0x30 + i);
    else w.writeUtf8(String(i));
  } else {
    if (key.includes('\0')) throw invalid(`a field name contains a NUL character: ${JSON.stringify(key)}`);
    if (key === '_bsontype') throw invalid('a field is named _bsontype');
    w.writeUtf8(key);
  }
  w.writeU8(0);
}

function writeElement(w: ByteWriter, key: string | null, i: number, x: DocValue | undefined, depth: number): void {
  switch (typeof x) {
    case 'number':
      if (Number.isSafeInteger(x) && !Object.is(x, -0)) {
        if (x >= INT32_MIN && x <= INT32_MAX) {
          writeName(w, T.Int32, key, i);
          w.writeI32(x);
        } else {
          writeName(w, T.Int64, key, i);
          w.writeI64(BigInt(x));
        }
      } else {
        writeName(w, T.Double, key, i);
        w.writeF64(x);
      }
      return;
    case 'string':
      writeName(w, T.String, key, i);
      writeString(w, x);
      return;
    case 'boolean':
      writeName(w, T.Boolean, key, i);
      w.writeU8(x ? 1 : 0);
      return;
    case 'bigint':
      if (x >= INT64_MIN && x <= INT64_MAX) {
        writeName(w, T.Int64, key, i);
        w.writeI64(x);
      } else {
        writeName(w, T.Binary, key, i);
        writeAsciiBinary(w, x.toString(), BINARY_SUBTYPE_BIGINT_TEXT);
      }
      return;
    case 'object':
      writeObject(w, key, i, x, depth);
      return;
    default:
      throw invalid(x === undefined ? 'undefined is not a document value' : `a ${typeof x} is not a document value`);
  }
}

function writeObject(w: ByteWriter, key: string | null, i: number, x: object | null, depth: number): void {
  if (x === null) {
    writeName(w, T.Null, key, i);
  } else if (Array.isArray(x)) {
    writeName(w, T.Array, key, i);
    writeArray(w, x as DocArray, depth + 1);
  } else if (isDoc(x)) {
    writeName(w, T.Document, key, i);
    writeDoc(w, x as Doc, depth + 1);
  } else if (x instanceof Decimal) {
    writeDecimal(w, key, i, x);
  } else if (x instanceof Date) {
    const t = x.getTime();
    if (Number.isNaN(t)) throw invalid('an invalid Date is not a document value');
    writeName(w, T.Date, key, i);
    w.writeI64(BigInt(t));
  } else if (x instanceof ObjectId) {
    writeName(w, T.ObjectId, key, i);
    w.writeRaw(x.id);
  } else if (x instanceof RegExp) {
    if (x.source.includes('\0')) throw invalid('a regular expression contains a NUL character');
    const flags = x.flags.replace(/[gyd]/g, '');
    if (flags.includes('v')) throw invalid('a regular expression uses the flag v');
    writeName(w, T.Regex, key, i);
    w.writeUtf8(x.source);
    w.writeU8(0);
    // RegExp.prototype.flags lists them in alphabetical order, as BSON asks
    w.writeUtf8(flags);
    w.writeU8(0);
  } else if (x instanceof Uint8Array) {
    writeName(w, T.Binary, key, i);
    w.writeI32(x.length);
    w.writeU8(0);
    w.writeRaw(x);
  } else {
    throw invalid(`a value of class ${x.constructor?.name ?? 'object'} is not a document value`);
  }
}

/** A BSON string: int32 byte length with the NUL, the UTF-8 bytes, NUL. */
function writeString(w: ByteWriter, s: string): void {
  const at = w.length;
  w.writeI32(0);
  const n = w.writeUtf8(s);
  w.writeU8(0);
  w.patchI32(at, n + 1);
}

function writeAsciiBinary(w: ByteWriter, text: string, subtype: number): void {
  w.writeI32(text.length);
  w.writeU8(subtype);
  w.writeUtf8(text);
}

/** Decimal128 when exact (invariant 1), else the plain text as Binary 0x80. */
function writeDecimal(w: ByteWriter, key: string | null, i: number, d: Decimal): void {
  if (!d.isFinite()) throw invalid(`${d.toString()} is not a document number (numbers must be finite)`);
  let bytes: Uint8Array | null;
  if (d.isZero()) bytes = Decimal128.fromString('0').bytes;
  else {
    // toExponential keeps every significant digit: "-1.2345e+25" → coefficient 12345, exponent 25 - 4
    const text = d.toExponential();
    const e = text.indexOf('e');
    const negative = text.charCodeAt(0) === 45;
    const digits = text.slice(negative ? 1 : 0, e).replace('.', '');
    const q = Number(text.slice(e + 1)) - (digits.length - 1);
    bytes =
      digits.length <= 34 && q >= DECIMAL128_MIN_EXP && q <= DECIMAL128_MAX_EXP
        ? Decimal128.fromString(`${negative ? '-' : ''}${digits}E${q}`).bytes
        : null;
  }
  if (bytes !== null) {
    writeName(w, T.Decimal128, key, i);
    w.writeRaw(bytes);
  } else {
    writeName(w, T.Binary, key, i);
    writeAsciiBinary(w, d.toFixed(), BINARY_SUBTYPE_DECIMAL_TEXT);
  }
}
