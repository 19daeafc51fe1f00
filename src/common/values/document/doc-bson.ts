/**
 * src/common/values/document/doc-bson.ts — document values as BSON bytes (the `bson` package) and back,
 * exactly. The byte-level choices are drawn in docs/file-format.md ("Documents in BSON").
 *
 * 1. Exactness survives the round trip: an integral number is int32 when it fits, else int64 when it is a
 *    safe integer, else (an unsafe integral double) a double; a fractional number is a double (-0 too);
 *    a bigint is int64 when it fits, else a Binary of subtype 0x81 holding its decimal digits as ASCII; a
 *    Decimal is Decimal128 when that is exact (at most 34 significant digits and an exponent in range), else
 *    a Binary of subtype 0x80 holding its plain text. Date, ObjectId, RegExp (BSON regex with the flags i, m,
 *    s and u; g, y and d, which change no match, are not stored; v is refused by `checkDocLimits`),
 *    Uint8Array (Binary subtype 0), null, booleans, strings, documents and arrays are BSON's own. Field
 *    order is kept.
 * 2. An array is encoded as the document { v: [...] } (a BSON top level must be a document).
 * 3. Decoding gives the representation of doc-value.ts: int32 and doubles → number, int64 → number when
 *    safe else bigint, Decimal128 → ExactDecimal, BSON regex → RegExp, binary subtype 0 (and any subtype
 *    other than 0x80/0x81) → Uint8Array. Plain BSON written before these rules (tag Document of older
 *    files) decodes the same way.
 * 4. Encoding checks the depth and the exact size (54000); the other limits and the representation (`checkDocLimits`,
 *    54000/22D01) are checked where a document enters a table (Level 4's document-values.ts), once, so a
 *    commit does not walk every document again; decoding
 *    turns every failure (a bson exception, a malformed 0x80/0x81 payload, a BSON type the engine never
 *    writes) into the corruption error the caller supplies.
 * 5. The value is converted copy-on-need: a container is copied only when something inside it needs a BSON
 *    wrapper, so an ordinary document is handed to the serialiser as it is.
 */
import { Binary, BSON, BSONRegExp, Decimal128, ObjectId } from 'bson';
import { SqlError, SqlState } from '../../errors';
import { Decimal, ExactDecimal, normaliseInteger } from '../value';
import { MAX_DOC_BYTES, MAX_DOC_DEPTH, tooDeep, tooLarge } from './doc-limits';
import { mapDoc } from './doc-shape';
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
const READ_OPTIONS = { useBigInt64: true, promoteValues: true, promoteBuffers: false, bsonRegExp: true } as const;
const ASCII = new TextEncoder();
const INTEGER_TEXT = /^-?[1-9]\d*$/;
const DECIMAL_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

// ---------------------------------------------------------------- encoding

function asciiBinary(text: string, subtype: number): Binary {
  return new Binary(ASCII.encode(text), subtype);
}

function encodeDecimal(d: Decimal): Decimal128 | Binary {
  if (d.isZero()) return Decimal128.fromString('0');
  // toExponential keeps every significant digit: "-1.2345e+25" → coefficient 12345, exponent 25 - 4
  const text = d.toExponential();
  const e = text.indexOf('e');
  const negative = text.charCodeAt(0) === 45;
  const digits = text.slice(negative ? 1 : 0, e).replace('.', '');
  const q = Number(text.slice(e + 1)) - (digits.length - 1);
  if (digits.length <= 34 && q >= DECIMAL128_MIN_EXP && q <= DECIMAL128_MAX_EXP) {
    return Decimal128.fromString(`${negative ? '-' : ''}${digits}E${q}`);
  }
  return asciiBinary(d.toFixed(), BINARY_SUBTYPE_DECIMAL_TEXT);
}

function encodeRegExp(r: RegExp): BSONRegExp {
  // BSON keeps i, m, s and u; g, y and d change nothing a match answers and are dropped (v is refused earlier)
  return new BSONRegExp(r.source, r.flags.replace(/[gyd]/g, ''));
}

/** The BSON-ready form of a scalar, or `undefined` when it needs no wrapper. */
function wrapScalar(v: Exclude<DocValue, Doc | DocArray>): unknown {
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) && (v < INT32_MIN || v > INT32_MAX) ? BigInt(v) : undefined;
    case 'bigint':
      return v >= INT64_MIN && v <= INT64_MAX ? undefined : asciiBinary(v.toString(), BINARY_SUBTYPE_BIGINT_TEXT);
    default:
      if (v instanceof Decimal) return encodeDecimal(v);
      if (v instanceof RegExp) return encodeRegExp(v);
      return undefined;
  }
}

/**
 * `v` ready for the serialiser: itself when nothing inside needs a wrapper, else a converted copy (5). It
 * also refuses nesting beyond MAX_DOC_DEPTH (54000), which decoding would take for corruption — a document
 * that skipped `checkDocLimits` can never make the log unreadable.
 */
function toBson(v: DocValue, depth = 1): unknown {
  if (typeof v === 'object' && v !== null && depth > MAX_DOC_DEPTH && (Array.isArray(v) || isDoc(v))) throw tooDeep();
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      const c = toBson(x, depth + 1);
      if (c !== x && copy === null) copy = v.slice(0, i);
      if (copy !== null) copy.push(c);
    }
    return copy ?? v;
  }
  if (isDoc(v)) {
    let copy: { [k: string]: unknown } | null = null;
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = v[k]!;
      const c = toBson(x, depth + 1);
      if (c !== x && copy === null) {
        copy = {};
        for (let j = 0; j < i; j++) defineField(copy, keys[j]!, v[keys[j]!]);
      }
      if (copy !== null) defineField(copy, k, c);
    }
    return copy ?? v;
  }
  const w = wrapScalar(v);
  return w === undefined ? v : w;
}

function defineField(o: { [k: string]: unknown }, k: string, x: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: x, writable: true, enumerable: true, configurable: true });
  else o[k] = x;
}

/**
 * A document or array as BSON bytes (an array as { v: [...] }), after checking the limits (54000) and the
 * representation (22D01); see the file header.
 */
export function encodeDocValue(v: Doc | DocArray): Uint8Array {
  let bytes: Uint8Array;
  try {
    const tree = toBson(v);
    bytes = BSON.serialize((Array.isArray(v) ? { v: tree } : tree) as BSON.Document);
  } catch (e) {
    if (e instanceof SqlError) throw e;
    if (e instanceof RangeError) throw tooDeep(); // a document that skipped checkDocLimits (see the header)
    throw SqlError.of(SqlState.InvalidDocument, [`cannot encode it as BSON (${(e as Error).message})`], { cause: e });
  }
  if (bytes.length > MAX_DOC_BYTES) throw tooLarge(bytes.length);
  return bytes;
}

// ---------------------------------------------------------------- decoding

type Corrupt = (what: string) => Error;

function defaultCorrupt(what: string): Error {
  return SqlError.of(SqlState.DataCorrupted, ['(document)', 0, what]);
}

function asciiText(b: Binary): string {
  const bytes = b.buffer.subarray(0, b.position);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function decodeBinary(b: Binary, corrupt: Corrupt): DocValue {
  if (b.sub_type === BINARY_SUBTYPE_BIGINT_TEXT) {
    const s = asciiText(b);
    if (!INTEGER_TEXT.test(s)) throw corrupt(`bad integer text in BSON binary: ${JSON.stringify(s.slice(0, 40))}`);
    return normaliseInteger(BigInt(s));
  }
  if (b.sub_type === BINARY_SUBTYPE_DECIMAL_TEXT) {
    const s = asciiText(b);
    if (!DECIMAL_TEXT.test(s)) throw corrupt(`bad decimal text in BSON binary: ${JSON.stringify(s.slice(0, 40))}`);
    const d = new ExactDecimal(s);
    if (!d.isFinite()) throw corrupt('decimal out of range in BSON binary');
    return d;
  }
  return new Uint8Array(b.buffer.subarray(0, b.position));
}

function decodeDecimal128(x: Decimal128, corrupt: Corrupt): Decimal {
  const s = x.toString();
  if (!/\d/.test(s) || /N|I/.test(s)) throw corrupt(`non-finite Decimal128 ${s}`);
  const d = new ExactDecimal(s);
  if (!d.isFinite()) throw corrupt(`Decimal128 ${s} out of range`);
  return d.isZero() ? new ExactDecimal(0) : d;
}

function decodeRegExp(x: BSONRegExp, corrupt: Corrupt): RegExp {
  try {
    return new RegExp(x.pattern, x.options);
  } catch (e) {
    throw corrupt(`bad regular expression in BSON (${(e as Error).message})`);
  }
}

/** The engine's form of one decoded BSON value; `undefined` when it is already in that form (a scalar). */
function fromBson(x: unknown, depth: number, corrupt: Corrupt): DocValue | undefined {
  switch (typeof x) {
    case 'bigint': {
      const n = normaliseInteger(x);
      return typeof n === 'number' ? n : undefined;
    }
    case 'object':
      if (x === null) return undefined;
      if (Array.isArray(x)) return fromBsonArray(x, depth + 1, corrupt);
      if (isDoc(x)) return fromBsonDoc(x as { [k: string]: unknown }, depth + 1, corrupt);
      return fromBsonObject(x, corrupt);
    case 'number':
    case 'string':
    case 'boolean':
      return undefined;
    default:
      throw corrupt(`unexpected ${typeof x} in BSON`);
  }
}

function fromBsonObject(x: object, corrupt: Corrupt): DocValue | undefined {
  if (x instanceof Date) {
    if (Number.isNaN(x.getTime())) throw corrupt('BSON date out of range');
    return undefined;
  }
  if (x instanceof ObjectId) return undefined;
  if (x instanceof Binary) return decodeBinary(x, corrupt);
  if (x instanceof Decimal128) return decodeDecimal128(x, corrupt);
  if (x instanceof BSONRegExp) return decodeRegExp(x, corrupt);
  const t = (x as { _bsontype?: unknown })._bsontype;
  throw corrupt(`unsupported BSON value ${typeof t === 'string' ? t : (x.constructor?.name ?? 'object')}`);
}

function fromBsonArray(a: unknown[], depth: number, corrupt: Corrupt): DocArray {
  if (depth > MAX_DOC_DEPTH) throw corrupt('BSON nested too deep');
  const n = a.length;
  const out = new Array<DocValue>(n);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const c = fromBson(x, depth, corrupt);
    out[i] = c !== undefined ? c : (x as DocValue);
  }
  return out;
}

/** The decoded document rebuilt in the shaped layout (doc-shape.ts): the deserialiser grows objects field by
 *  field and arrays by 17 slots. */
function fromBsonDoc(o: { [k: string]: unknown }, depth: number, corrupt: Corrupt): Doc {
  if (depth > MAX_DOC_DEPTH) throw corrupt('BSON nested too deep');
  return mapDoc(o, (x) => fromBson(x, depth, corrupt) ?? (x as DocValue));
}

/**
 * BSON bytes written by `encodeDocValue` (or plain BSON of older files) as a document, or as an array when
 * `isArray` (the bytes then hold { v: [...] }). Any failure is `corrupt(what)` (default: DataCorrupted).
 */
export function decodeDocValue(bytes: Uint8Array, isArray: boolean, corrupt: Corrupt = defaultCorrupt): Doc | DocArray {
  let doc: { [k: string]: unknown };
  try {
    doc = BSON.deserialize(bytes, READ_OPTIONS);
  } catch (e) {
    throw corrupt(`invalid BSON document (${(e as Error).message})`);
  }
  if (isArray) {
    const v = doc.v;
    if (!Array.isArray(v) || Object.keys(doc).length !== 1) throw corrupt('document array without its array');
    return fromBsonArray(v, 1, corrupt);
  }
  return fromBsonDoc(doc, 1, corrupt);
}
