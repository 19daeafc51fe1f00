/**
 * src/common/values/value-codec.ts — the tagged disk encoding of every `Value` and of `SqlType`.
 * The tags and their payloads are drawn in docs/file-format.md ("Values" and "SQL types").
 *
 * 1. A value is one tag byte (`ValueTag`) then the tag's payload; tag numbers reach disk: never reorder
 *    or reuse them.
 * 2. Decoding gives back an equal value of the same JavaScript kind: integers come back normalised
 *    (number when safe, bigint beyond), -0 and non-finite REALs survive, a Date comes back with the same
 *    time (UTC-midnight dates use the compact `Date` tag, other instants `Timestamp`).
 * 3. Documents (plain objects) and document arrays are BSON, written by `writeDocValue`
 *    (document/doc-bson-write.ts: exact numbers, limits checked) and read by `decodeDocValue`
 *    (document/doc-bson.ts); arrays are wrapped as `{ v: [...] }` because a BSON top level must be a
 *    document. Older files hold plain BSON under the same tags, which still decodes.
 * 4. An Update's field may hold a `DocDelta` (an update template, tag DocDelta, the template as BSON):
 *    `writeValue` writes it and `readUpdateValue` reads it back; `readValue` (for everything else) refuses
 *    that tag as corruption.
 * 5. Unknown tags, kinds or flags are DataCorrupted naming the offset (via `ByteReader.corrupt`).
 * 6. A structured value (tag Struct) carries its type chain and field names with its field values, so it
 *    decodes without the catalog (struct-value.ts invariant 1); a field value is any tagged value, nested
 *    structured values included.
 * 7. A TYPE `SqlType` carries the structured type's name (flag HAS_NAME).
 */
import { InternalError } from '../errors';
import { ByteReader, ByteWriter } from './bytes';
import { decodeDocValue } from './document/doc-bson';
import { writeDocValue } from './document/doc-bson-write';
import { DocDelta } from './document/doc-delta';
import type { Doc, DocArray } from './document/doc-value';
import {
  BLOB,
  BOOLEAN,
  CHAR,
  DATE,
  DOCARRAY,
  DOCUMENT,
  INTEGER,
  INTERVAL,
  NULL_TYPE,
  NUMERIC,
  REAL,
  type SqlType,
  TIME,
  TIMESTAMP,
  type TypeKind,
} from './sql-type';
import { Decimal, ExactDecimal, normaliseInteger, type Value } from './value';
import { Interval, INTERVAL_FIELDS } from './interval';
import { StructValue } from './struct-value';

/** The first byte of an encoded value. Numbers reach disk: never reorder or reuse. */
export enum ValueTag {
  Null = 0,
  False = 1,
  True = 2,
  /** safe integer: varint */
  Int = 3,
  /** integer beyond ±2^53: bigint */
  BigInt = 4,
  /** any other number: f64 */
  Real = 5,
  /** finite Decimal: varint scale, bigint unscaled (value = unscaled × 10^-scale) */
  Decimal = 6,
  /** u8: 0 NaN, 1 +Infinity, 2 -Infinity, 3 -0 */
  DecimalSpecial = 7,
  String = 8,
  /** Date at UTC midnight: varint days since 1970-01-01 */
  Date = 9,
  /** any other Date: varint milliseconds since the epoch */
  Timestamp = 10,
  Bytes = 11,
  /** plain object: varuint length + BSON document */
  Document = 12,
  /** array: varuint length + BSON document { v: array } */
  DocArray = 13,
  /** update template of an Update's field (a DocDelta): varuint length + BSON document of the template */
  DocDelta = 14,
  /** Interval: varint months, varint milliseconds */
  Interval = 15,
  /** StructValue: varuint k + k × string type names (most specific first), varuint n + n × (string field
   *  name, tagged value) */
  Struct = 16,
}

const MS_PER_DAY = 86_400_000;

/** Appends the tagged encoding of `v` (a `DocDelta` only as an Update's field, invariant 4). */
export function writeValue(w: ByteWriter, v: Value | DocDelta): void {
  if (v === null) {
    w.writeU8(ValueTag.Null);
    return;
  }
  switch (typeof v) {
    case 'number':
      writeNumber(w, v);
      return;
    case 'string':
      w.writeU8(ValueTag.String);
      w.writeString(v);
      return;
    case 'boolean':
      w.writeU8(v ? ValueTag.True : ValueTag.False);
      return;
    case 'bigint':
      writeInteger(w, v);
      return;
    case 'object':
      writeObject(w, v);
      return;
    default:
      throw new InternalError(`cannot encode a value of type ${typeof v}`);
  }
}

function writeNumber(w: ByteWriter, v: number): void {
  if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
    w.writeU8(ValueTag.Int);
    w.writeVarInt(v);
  } else {
    w.writeU8(ValueTag.Real);
    w.writeF64(v);
  }
}

function writeInteger(w: ByteWriter, v: bigint): void {
  const n = normaliseInteger(v);
  if (typeof n === 'number') {
    w.writeU8(ValueTag.Int);
    w.writeVarInt(n);
  } else {
    w.writeU8(ValueTag.BigInt);
    w.writeBigInt(n);
  }
}

function writeObject(w: ByteWriter, v: object): void {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (!Number.isSafeInteger(ms)) throw new InternalError('cannot encode an invalid Date');
    if (ms % MS_PER_DAY === 0) {
      w.writeU8(ValueTag.Date);
      w.writeVarInt(ms / MS_PER_DAY);
    } else {
      w.writeU8(ValueTag.Timestamp);
      w.writeVarInt(ms);
    }
  } else if (v instanceof Uint8Array) {
    w.writeU8(ValueTag.Bytes);
    w.writeBytes(v);
  } else if (v instanceof Interval) {
    w.writeU8(ValueTag.Interval);
    w.writeVarInt(v.months);
    w.writeVarInt(v.milliseconds);
  } else if (v instanceof StructValue) {
    writeStruct(w, v);
  } else if (Decimal.isDecimal(v)) {
    writeDecimal(w, v as Decimal);
  } else if (v instanceof DocDelta) {
    w.writeU8(ValueTag.DocDelta);
    writeDocValue(w, v.template);
  } else if (Array.isArray(v)) {
    w.writeU8(ValueTag.DocArray);
    writeDocValue(w, v as DocArray);
  } else {
    w.writeU8(ValueTag.Document);
    writeDocValue(w, v as Doc);
  }
}

function writeStruct(w: ByteWriter, v: StructValue): void {
  w.writeU8(ValueTag.Struct);
  w.writeVarUint(v.types.length);
  for (const t of v.types) w.writeString(t);
  w.writeVarUint(v.names.length);
  for (let i = 0; i < v.names.length; i++) {
    w.writeString(v.names[i]!);
    writeValue(w, v.values[i] as Value);
  }
}

function readStruct(r: ByteReader): StructValue {
  const at = r.offset;
  const k = r.readVarUint();
  if (k === 0 || k > r.remaining) throw r.corrupt(`structured value with ${k} type names`, at);
  const types: string[] = [];
  for (let i = 0; i < k; i++) types.push(r.readString());
  const n = r.readVarUint();
  if (n > r.remaining) throw r.corrupt(`structured value field count ${n} exceeds the bytes left`, at);
  const names: string[] = [];
  const values: Value[] = [];
  for (let i = 0; i < n; i++) {
    names.push(r.readString());
    values.push(readValue(r));
  }
  return new StructValue(types, names, values);
}

function writeDecimal(w: ByteWriter, d: Decimal): void {
  if (!d.isFinite() || (d.isZero() && d.isNegative())) {
    w.writeU8(ValueTag.DecimalSpecial);
    w.writeU8(d.isNaN() ? 0 : d.isZero() ? 3 : d.isNegative() ? 2 : 1);
    return;
  }
  // toExponential() keeps every significant digit: "-1.2345e+25" → unscaled -12345, scale 4 - 25
  const text = d.toExponential();
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e).replace('.', '');
  const digits = mantissa.length - (mantissa.charCodeAt(0) === 45 ? 1 : 0);
  w.writeU8(ValueTag.Decimal);
  w.writeVarInt(digits - 1 - Number(text.slice(e + 1)));
  w.writeBigInt(BigInt(mantissa));
}

/** Reads one tagged value; a DocDelta tag is corruption here (invariant 4). */
export function readValue(r: ByteReader): Value {
  const at = r.offset;
  const v = readUpdateValue(r);
  if (v instanceof DocDelta) throw r.corrupt('an update template where a value belongs', at);
  return v;
}

/** Reads one tagged value of an Update's field: a value or a `DocDelta` (invariant 4). */
export function readUpdateValue(r: ByteReader): Value | DocDelta {
  const at = r.offset;
  const tag = r.readU8();
  switch (tag) {
    case ValueTag.Null:
      return null;
    case ValueTag.False:
      return false;
    case ValueTag.True:
      return true;
    case ValueTag.Int:
      return r.readVarInt();
    case ValueTag.BigInt:
      return normaliseInteger(r.readBigInt());
    case ValueTag.Real:
      return r.readF64();
    case ValueTag.Decimal:
      return readDecimal(r);
    case ValueTag.DecimalSpecial:
      return readDecimalSpecial(r);
    case ValueTag.String:
      return r.readString();
    case ValueTag.Date:
      return readDate(r, MS_PER_DAY);
    case ValueTag.Timestamp:
      return readDate(r, 1);
    case ValueTag.Bytes:
      return r.readBytes();
    case ValueTag.Document:
      return readBson(r, false);
    case ValueTag.DocArray:
      return readBson(r, true);
    case ValueTag.DocDelta:
      return readDelta(r);
    case ValueTag.Interval:
      return readInterval(r);
    case ValueTag.Struct:
      return readStruct(r);
    default:
      throw r.corrupt(`unknown value tag ${tag}`, at);
  }
}

function readInterval(r: ByteReader): Interval {
  const at = r.offset;
  const months = r.readVarInt();
  const ms = r.readVarInt();
  try {
    return new Interval(months, ms);
  } catch {
    throw r.corrupt('interval out of range', at);
  }
}

function readDecimal(r: ByteReader): Decimal {
  const scale = r.readVarInt();
  const unscaled = r.readBigInt();
  return new ExactDecimal(`${unscaled}e${-scale}`);
}

function readDecimalSpecial(r: ByteReader): Decimal {
  const at = r.offset;
  switch (r.readU8()) {
    case 0:
      return new Decimal(NaN);
    case 1:
      return new Decimal(Infinity);
    case 2:
      return new Decimal(-Infinity);
    case 3:
      return new Decimal('-0');
    default:
      throw r.corrupt('unknown special decimal', at);
  }
}

function readDate(r: ByteReader, unit: number): Date {
  const at = r.offset;
  const ms = r.readVarInt() * unit;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw r.corrupt('date out of range', at);
  return d;
}

function readBson(r: ByteReader, array: boolean): Value {
  const at = r.offset;
  const bytes = r.readBytes();
  return decodeDocValue(bytes, array, (what) => r.corrupt(what, at)) as Value;
}

function readDelta(r: ByteReader): DocDelta {
  const at = r.offset;
  const template = readBson(r, false) as Doc;
  try {
    return new DocDelta(template);
  } catch (e) {
    throw r.corrupt(`invalid update template (${(e as Error).message})`, at);
  }
}

/** On-disk codes of the type kinds. Numbers reach disk: never reorder or reuse. */
export const TYPE_KIND_CODES: { readonly [K in TypeKind]: number } = {
  NULL: 0,
  INTEGER: 1,
  NUMERIC: 2,
  REAL: 3,
  CHAR: 4,
  BOOLEAN: 5,
  DATE: 6,
  TIME: 7,
  TIMESTAMP: 8,
  BLOB: 9,
  DOCUMENT: 10,
  DOCARRAY: 11,
  INTERVAL: 12,
  TYPE: 13,
};

/** The shared constant for each kind, returned when a type has no parameters. */
const PLAIN_TYPES: readonly SqlType[] = [
  NULL_TYPE, INTEGER, NUMERIC, REAL, CHAR, BOOLEAN, DATE, TIME, TIMESTAMP, BLOB, DOCUMENT, DOCARRAY, INTERVAL,
  Object.freeze({ kind: 'TYPE' }),
];

const HAS_LENGTH = 1;
const HAS_FIXED = 2;
const FIXED = 4;
const HAS_PRECISION = 8;
const HAS_SCALE = 16;
/** INTERVAL start TO end: two u8 field numbers (0 YEAR … 5 SECOND, INTERVAL_FIELDS) */
const HAS_QUALIFIER = 32;
/** TYPE: string name of the structured type (invariant 7) */
const HAS_NAME = 64;
const ALL_FLAGS = 127;

/** Appends a type: u8 kind code, u8 flags, then the parameters the flags announce. */
export function writeSqlType(w: ByteWriter, t: SqlType): void {
  w.writeU8(TYPE_KIND_CODES[t.kind]);
  const flags =
    (t.length !== undefined ? HAS_LENGTH : 0) |
    (t.fixed !== undefined ? HAS_FIXED : 0) |
    (t.fixed === true ? FIXED : 0) |
    (t.precision !== undefined ? HAS_PRECISION : 0) |
    (t.scale !== undefined ? HAS_SCALE : 0) |
    (t.start !== undefined ? HAS_QUALIFIER : 0) |
    (t.name !== undefined ? HAS_NAME : 0);
  w.writeU8(flags);
  if (t.length !== undefined) w.writeVarUint(t.length);
  if (t.precision !== undefined) w.writeVarUint(t.precision);
  if (t.scale !== undefined) w.writeVarInt(t.scale);
  if (t.start !== undefined) {
    w.writeU8(INTERVAL_FIELDS.indexOf(t.start));
    w.writeU8(INTERVAL_FIELDS.indexOf(t.end ?? t.start));
  }
  if (t.name !== undefined) w.writeString(t.name);
}

/** Reads a type written by `writeSqlType`; parameterless types are the shared constants. */
export function readSqlType(r: ByteReader): SqlType {
  const at = r.offset;
  const code = r.readU8();
  const plain = PLAIN_TYPES[code];
  if (plain === undefined) throw r.corrupt(`unknown type kind ${code}`, at);
  const flags = r.readU8();
  if (flags === 0) return plain;
  if ((flags & ~ALL_FLAGS) !== 0 || (flags & (HAS_FIXED | FIXED)) === FIXED) {
    throw r.corrupt(`bad type flags ${flags}`, at + 1);
  }
  const t: { -readonly [K in keyof SqlType]: SqlType[K] } = { kind: plain.kind };
  if (flags & HAS_LENGTH) t.length = r.readVarUint();
  if (flags & HAS_FIXED) t.fixed = (flags & FIXED) !== 0;
  if (flags & HAS_PRECISION) t.precision = r.readVarUint();
  if (flags & HAS_SCALE) t.scale = r.readVarInt();
  if (flags & HAS_QUALIFIER) {
    const start = INTERVAL_FIELDS[r.readU8()];
    const end = INTERVAL_FIELDS[r.readU8()];
    if (start === undefined || end === undefined || plain.kind !== 'INTERVAL') throw r.corrupt('bad interval qualifier', at);
    t.start = start;
    t.end = end;
  }
  if (flags & HAS_NAME) {
    if (plain.kind !== 'TYPE') throw r.corrupt('a type name on a standard type', at);
    t.name = r.readString();
  }
  return t;
}
