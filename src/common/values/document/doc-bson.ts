/**
 * src/common/values/document/doc-bson.ts — BSON bytes (the `bson` package's deserialiser) back to document
 * values, exactly as doc-bson-write.ts writes them. The byte-level choices are drawn in docs/file-format.md
 * ("Documents in BSON").
 *
 * 1. Decoding gives the representation of doc-value.ts: int32 and doubles → number, int64 → number when
 *    safe else bigint, Decimal128 → ExactDecimal, BSON regex → RegExp, binary subtype 0 (and any subtype
 *    other than 0x80/0x81) → Uint8Array, subtype 0x81 → the integer its digits spell, 0x80 → the Decimal its
 *    text spells. Plain BSON written before these rules (tag Document of older files) decodes the same way.
 * 2. An array's bytes hold the document { v: [...] } (doc-bson-write.ts invariant 2).
 * 3. Every failure (a bson exception, a malformed 0x80/0x81 payload, a BSON type the engine never writes,
 *    nesting deeper than MAX_DOC_DEPTH) is the corruption error the caller supplies.
 */
import { Binary, BSON, BSONRegExp, Decimal128, ObjectId } from 'bson';
import { SqlError, SqlState } from '../../errors';
import { ExactDecimal, normaliseInteger, type Decimal } from '../value';
import { MAX_DOC_DEPTH } from './doc-limits';
import { mapDoc } from './doc-shape';
import { BINARY_SUBTYPE_BIGINT_TEXT, BINARY_SUBTYPE_DECIMAL_TEXT } from './doc-bson-write';
import { isDoc, type DocArray, type DocValue, type Doc } from './doc-value';

const READ_OPTIONS = { useBigInt64: true, promoteValues: true, promoteBuffers: false, bsonRegExp: true } as const;
const INTEGER_TEXT = /^-?[1-9]\d*$/;
const DECIMAL_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

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
