/**
 * src/protocol/values.ts — the byte encodings of parameters, result rows and errors that cross a boundary
 * between a database and its client: a thread boundary (client/transports/worker-wire.ts) or a socket
 * (docs/protocol.md). Both carry values the same way.
 *
 * 1. Values cross as the engine's own tagged encoding (common/values/value-codec.ts), never by structured
 *    clone or JSON, so each arrives as the same kind of value it left as: Decimal, bigint, Date, Uint8Array,
 *    Interval, documents. A value the disk codec has no top-level tag for (a document scalar such as an
 *    ObjectId or a RegExp, which a document selector can return) is written as the byte `FOREIGN` followed
 *    by a one-element document array holding it, and read back as that element.
 * 2. Parameters are converted as the engine converts them (`valueFromJs`, with the names the engine's
 *    binding gives them: `1`, `2`… and `@NAME`) before they are encoded, so a value the engine refuses fails
 *    with the same 07006 — on the client, before the statement is sent.
 * 3. An error crosses as its fields (SQLSTATE, message, detail, hint, position, class name) and is rebuilt
 *    as the same class: `TransactionConflict` for class 40, `InternalError` for XX000, `SqlError` otherwise.
 *    Anything thrown that is not an SqlError crosses as an InternalError.
 * 4. Result rows are decoded with their documents and arrays as plain objects and arrays, as the embedded API
 *    hands them out (statements/result.ts invariant 2): the codec builds stored documents' shape classes.
 * 5. An encoded buffer is a view of a writer no one else holds, so its ArrayBuffer may be transferred.
 * 6. Decoding bytes that were not written by these encoders throws an SqlError (DataCorrupted from the
 *    reader, or the codec's own), never anything else; a server turns it into 08P01.
 */
import { InternalError, SqlError, type SqlErrorOptions, type SqlStateCode, TransactionConflict } from '../common/errors';
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { valueFromJs } from '../common/values/cast';
import { Interval } from '../common/values/interval';
import { StructValue } from '../common/values/struct-value';
import { Decimal, type Value } from '../common/values/value';
import { readValue, writeValue } from '../common/values/value-codec';
import { isDoc, isPlainPrototype } from '../common/values/document/doc-value';
import { copyDoc } from '../common/values/document/doc-shape';

/** Parameters: positional (`?`) as an array, named (`@a`) as an object. */
export type WireParameters = readonly unknown[] | Readonly<Record<string, unknown>>;

/** An error as it crosses (invariant 3). */
export interface WireError {
  readonly name: string;
  readonly sqlState: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly position?: number;
}

/** Marks a value the disk codec cannot write at the top level (invariant 1); no value tag uses it. */
const FOREIGN = 0xff;

const enum ParamShape {
  Positional = 1,
  Named = 2,
}

/** True for what `writeValue` writes itself: every `Value` but a document scalar class instance. */
function codecWrites(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (v instanceof Date || v instanceof Uint8Array || v instanceof Interval || v instanceof StructValue || Decimal.isDecimal(v) || Array.isArray(v)) return true;
  return isPlainPrototype(Object.getPrototypeOf(v));
}

export function writeWireValue(w: ByteWriter, v: unknown): void {
  if (codecWrites(v)) {
    writeValue(w, v as Value);
  } else {
    w.writeU8(FOREIGN);
    writeValue(w, [v] as unknown as Value);
  }
}

export function readWireValue(r: ByteReader, bytes: Uint8Array): unknown {
  if (bytes[r.offset] !== FOREIGN) return readValue(r);
  r.readU8();
  return (readValue(r) as unknown as unknown[])[0];
}

/** Encodes a result's rows (invariant 1). */
export function encodeRows(rows: readonly (readonly unknown[])[]): Uint8Array {
  const w = new ByteWriter(64 + rows.length * 16);
  w.writeVarUint(rows.length);
  for (const row of rows) {
    w.writeVarUint(row.length);
    for (const v of row) writeWireValue(w, v);
  }
  return w.finish();
}

/** Decodes what `encodeRows` wrote. */
export function decodeRows(bytes: Uint8Array): unknown[][] {
  const r = new ByteReader(bytes, 0, 'result rows');
  const n = r.readVarUint();
  const rows: unknown[][] = new Array<unknown[]>(n);
  for (let i = 0; i < n; i++) {
    const width = r.readVarUint();
    const row: unknown[] = new Array<unknown>(width);
    for (let j = 0; j < width; j++) {
      const v = readWireValue(r, bytes);
      row[j] = Array.isArray(v) || isDoc(v) ? copyDoc(v) : v; // invariant 4
    }
    rows[i] = row;
  }
  return rows;
}

/** Converts (invariant 2) and encodes parameters; null when there are none. */
export function encodeParams(params: WireParameters | undefined): Uint8Array | null {
  if (params === undefined) return null;
  const w = new ByteWriter();
  if (Array.isArray(params)) {
    const list = params as readonly unknown[];
    w.writeU8(ParamShape.Positional);
    w.writeVarUint(list.length);
    for (let i = 0; i < list.length; i++) writeWireValue(w, valueFromJs(list[i], String(i + 1)));
  } else {
    const named = params as Readonly<Record<string, unknown>>;
    const keys = Object.keys(named);
    w.writeU8(ParamShape.Named);
    w.writeVarUint(keys.length);
    for (const k of keys) {
      w.writeString(k);
      writeWireValue(w, valueFromJs(named[k], `@${(k.startsWith('@') ? k.slice(1) : k).toUpperCase()}`));
    }
  }
  return w.finish();
}

/** Decodes what `encodeParams` wrote, in the shape `Database.execute` takes. */
export function decodeParams(bytes: Uint8Array | null): WireParameters | undefined {
  if (bytes === null) return undefined;
  const r = new ByteReader(bytes, 0, 'parameters');
  const shape = r.readU8();
  const n = r.readVarUint();
  if (shape === ParamShape.Positional) {
    const list: unknown[] = [];
    for (let i = 0; i < n; i++) list.push(readWireValue(r, bytes));
    return list;
  }
  if (shape !== ParamShape.Named) throw r.corrupt(`unknown parameter shape ${shape}`, 0);
  const named: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const k = r.readString();
    // a key such as `__proto__` must stay an ordinary field
    Object.defineProperty(named, k, { value: readWireValue(r, bytes), enumerable: true, writable: true, configurable: true });
  }
  return named;
}

/** The fields of an error thrown in the worker (invariant 3). */
export function errorToWire(e: unknown): WireError {
  const err = e instanceof SqlError ? e : new InternalError(e instanceof Error ? e.message : String(e));
  const out: { -readonly [K in keyof WireError]: WireError[K] } = { name: err.name, sqlState: err.sqlState, message: err.message };
  if (err.detail !== undefined) out.detail = err.detail;
  if (err.hint !== undefined) out.hint = err.hint;
  if (err.position !== undefined) out.position = err.position;
  return out;
}

/** The error `errorToWire` described, as the same class. */
export function errorFromWire(w: WireError): SqlError {
  const options: SqlErrorOptions = {};
  if (w.detail !== undefined) options.detail = w.detail;
  if (w.hint !== undefined) options.hint = w.hint;
  if (w.position !== undefined) options.position = w.position;
  if (w.name === 'TransactionConflict') return new TransactionConflict(w.message, options);
  if (w.name === 'InternalError') {
    const e = new InternalError('', options);
    e.message = w.message;
    return e;
  }
  return new SqlError(w.sqlState as SqlStateCode, w.message, options);
}

/**
 * Encodes the rows `from`… of `rows` as `encodeRows` does, stopping after `maxRows` rows or once the bytes
 * reach `maxBytes` (at least one row is taken when any is left, however large); returns the bytes and the
 * index of the first row not taken.
 */
export function encodeRowBatch(
  rows: readonly (readonly unknown[])[],
  from: number,
  maxRows: number,
  maxBytes: number,
): { bytes: Uint8Array; next: number } {
  const body = new ByteWriter(256);
  let i = from;
  const stop = Math.min(rows.length, from + Math.max(1, maxRows));
  while (i < stop && (i === from || body.length < maxBytes)) {
    const row = rows[i]!;
    body.writeVarUint(row.length);
    for (const v of row) writeWireValue(body, v);
    i++;
  }
  const w = new ByteWriter(body.length + 8);
  w.writeVarUint(i - from);
  w.writeRaw(body.finish());
  return { bytes: w.finish(), next: i };
}

/**
 * Rows pulled from `pull` (null: there are no more) encoded as `encodeRowBatch` does, with its limits: at
 * least one row, at most `maxRows`, stopping once the rows reach `maxBytes`; `ended` says `pull` gave null.
 */
export function encodePulledRows(
  pull: () => readonly unknown[] | null,
  maxRows: number,
  maxBytes: number,
): { bytes: Uint8Array; ended: boolean } {
  const body = new ByteWriter(256);
  const limit = Math.max(1, maxRows);
  let n = 0;
  let ended = false;
  while (n < limit && (n === 0 || body.length < maxBytes)) {
    const row = pull();
    if (row === null) {
      ended = true;
      break;
    }
    body.writeVarUint(row.length);
    for (const v of row) writeWireValue(body, v);
    n++;
  }
  const w = new ByteWriter(body.length + 8);
  w.writeVarUint(n);
  w.writeRaw(body.finish());
  return { bytes: w.finish(), ended };
}
