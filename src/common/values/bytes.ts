/**
 * src/common/values/bytes.ts — a growable byte writer and a bounds-checked byte reader with the primitive
 * encodings every on-disk structure is built from. The encodings are drawn in docs/file-format.md
 * ("Primitive encodings").
 *
 * 1. varuint = unsigned LEB128 of a non-negative safe integer (at most 8 bytes, canonical: no trailing 0x00
 *    continuation); varint = the same over zigzag(n) = 2·|n| for n ≥ 0, 2·|n|−1 for n < 0, computed without
 *    overflow so every safe integer round-trips.
 * 2. f64 = 8 bytes IEEE-754 little-endian; string = varuint UTF-8 byte length + UTF-8; bytes = varuint
 *    length + bytes; bigint = varuint (2·byteLength + sign) + big-endian magnitude, canonical (no leading
 *    zero byte, no negative zero).
 * 3. A reader never reads past its end: every malformed or truncated input is a SqlError DataCorrupted (XX001)
 *    naming the source and the absolute offset (`baseOffset` + offset in the bytes).
 * 4. Writing a value the encodings cannot hold (a fractional or unsafe number as a varint) is a programmer
 *    error (InternalError), never silent truncation.
 * 5. A spilling writer (`ByteWriter.spilling(n, limit, sink)`) grows its buffer up to `limit` bytes, then hands
 *    the bytes it holds to `sink` and writes on from the buffer's start, so it never holds much more than
 *    `limit` however much is written; `flush` hands over the rest. The sink gets a view of the buffer and must
 *    be done with it when it returns. `length` counts every byte, spilled ones included, so positions computed
 *    from it are those a keeping writer gives; `finish` is not allowed once bytes were spilled. Bytes begun by
 *    `beginLength` and not yet ended are never spilled (their length is written in front of them), and the
 *    mark `beginLength` returns is a position in the whole output, so it survives a spill. For frames and
 *    checkpoints larger than memory should hold at once (decision 0027).
 * 6. A discarding writer (`ByteWriter.discarding(n)`) is a spilling writer whose sink drops what it is given,
 *    and whose limit is its buffer: for a log that keeps no bytes (':memory:'), which still needs each
 *    record's position (decision 0020).
 */
import { InternalError, SqlError, SqlState } from '../errors';
import { keepShape } from '../shapes';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** strings up to this many UTF-16 units are encoded by hand (3 bytes per unit at most, so ≤ 126 bytes). */
const SHORT_STRING = 42;
/** strings up to this many bytes are decoded by hand when they are ASCII. */
const SHORT_DECODE = 32;

/** SCRATCH[n]: an array of n character codes, reused by every short ASCII decode of n bytes. */
const SCRATCH: number[][] = Array.from({ length: SHORT_DECODE + 1 }, (_, n) => new Array<number>(n).fill(0));

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { fatal: true });
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Number of bytes the varuint encoding of `n` takes. */
export function varUintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Where a spilling writer's bytes go when its buffer is full (invariant 5); done with them when it returns. */
export type ByteSink = (bytes: Uint8Array) => void;

const DROP: ByteSink = () => {};

/** A growable byte buffer (capacity doubles) with the primitive encodings. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  /** bytes spilled before `buf`'s start (invariant 5) */
  private spilled = 0;
  /** where bytes begun by `beginLength` start, as a position in the whole output; -1 when none are open */
  private open = -1;
  private sink: ByteSink | null = null;
  /** the capacity beyond which a spilling writer spills instead of growing */
  private limit = Infinity;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** A writer that holds at most about `limit` bytes, handing the rest to `sink` (invariant 5). */
  static spilling(initialCapacity: number, limit: number, sink: ByteSink): ByteWriter {
    const w = new ByteWriter(Math.min(initialCapacity, limit));
    w.sink = sink;
    w.limit = Math.max(16, limit);
    return w;
  }

  /** A writer that counts everything and keeps at most its buffer of `capacity` bytes (invariant 6). */
  static discarding(capacity: number): ByteWriter {
    return ByteWriter.spilling(capacity, capacity, DROP);
  }

  /** Bytes written so far (spilled ones included, invariant 5). */
  get length(): number {
    return this.spilled + this.pos;
  }

  /** Bytes handed to the sink so far (invariant 5). */
  get spilledLength(): number {
    return this.spilled;
  }

  /** Forgets everything written, keeping the buffer for reuse. */
  reset(): void {
    this.pos = 0;
    this.spilled = 0;
    this.open = -1;
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.makeRoom(n);
  }

  private makeRoom(n: number): void {
    if (this.sink !== null && this.buf.length >= this.limit) {
      const keep = this.open < 0 ? this.pos : this.open - this.spilled;
      if (keep > 0) {
        this.sink(this.buf.subarray(0, keep));
        this.buf.copyWithin(0, keep, this.pos);
        this.spilled += keep;
        this.pos -= keep;
      }
      if (this.pos + n <= this.buf.length) return;
    }
    this.grow(n);
  }

  private grow(n: number): void {
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + n) capacity *= 2;
    if (capacity > this.limit) capacity = Math.max(this.limit, this.pos + n);
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  writeU8(n: number): void {
    this.ensure(1);
    this.buf[this.pos++] = n;
  }

  /** 4 bytes little-endian, 0 ≤ n < 2^32. */
  writeU32(n: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, n, true);
    this.pos += 4;
  }

  /** 4 bytes little-endian two's complement, -2^31 ≤ n < 2^31 (BSON's int32 and lengths). */
  writeI32(n: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, n, true);
    this.pos += 4;
  }

  /** 8 bytes little-endian two's complement (BSON's int64). */
  writeI64(b: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, b, true);
    this.pos += 8;
  }

  /**
   * Overwrites the 4 bytes at `at` (a position in the whole output, as `length` gives) with `n` as `writeI32`
   * writes it: for a length known only after what it measures. The bytes must not have been spilled.
   */
  patchI32(at: number, n: number): void {
    const i = at - this.spilled;
    if (i < 0 || i + 4 > this.pos) throw new InternalError(`ByteWriter.patchI32: ${at} is not in the buffer`);
    this.view.setInt32(i, n, true);
  }

  /** The UTF-8 bytes of `s` with no length (a lone surrogate becomes U+FFFD); returns how many were written. */
  writeUtf8(s: string): number {
    const n = s.length;
    this.ensure(3 * n);
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        pos += ENCODER.encodeInto(s.substring(i), buf.subarray(pos)).written;
        break;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
    return pos - start;
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  writeVarUint(n: number): void {
    if (n >>> 0 === n) {
      this.ensure(5);
      const buf = this.buf;
      let pos = this.pos;
      while (n >= 0x80) {
        buf[pos++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      buf[pos++] = n;
      this.pos = pos;
      return;
    }
    if (!(Number.isSafeInteger(n) && n >= 0)) throw new InternalError(`cannot encode ${n} as a varuint`);
    this.writeLargeVarUint(n);
  }

  private writeLargeVarUint(n: number): void {
    this.ensure(8);
    const buf = this.buf;
    let pos = this.pos;
    while (n >= 0x80) {
      buf[pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  /** Zigzag LEB128 of a safe integer: the low bit of the first byte is the sign. */
  writeVarInt(n: number): void {
    if ((n | 0) === n && n > -0x40000000 && n < 0x40000000 && !Object.is(n, -0)) {
      // the same bytes as below: 2·|n| (2·|n|-1 when negative) as a varuint puts the sign in the low bit
      this.writeVarUint(n < 0 ? -2 * n - 1 : 2 * n);
      return;
    }
    if (!Number.isSafeInteger(n)) throw new InternalError(`cannot encode ${n} as a varint`);
    const sign = n < 0 ? 1 : 0;
    const mag = sign ? -n - 1 : n;
    const low = mag % 64;
    const rest = Math.floor(mag / 64);
    if (rest === 0) {
      this.writeU8((low << 1) | sign);
      return;
    }
    this.writeU8((low << 1) | sign | 0x80);
    this.writeVarUint(rest);
  }

  /** Sign and big-endian magnitude of an arbitrary integer. */
  writeBigInt(b: bigint): void {
    const sign = b < 0n ? 1 : 0;
    if (b === 0n) {
      this.writeU8(0);
      return;
    }
    let hex = (sign ? -b : b).toString(16);
    if (hex.length % 2 === 1) hex = '0' + hex;
    const n = hex.length / 2;
    this.writeVarUint(n * 2 + sign);
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    this.pos = pos;
  }

  /** IEEE-754 double, little-endian. */
  writeF64(x: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  /** varuint UTF-8 byte length, then the UTF-8 bytes. */
  writeString(s: string): void {
    if (s.length <= SHORT_STRING) {
      // at most 126 bytes: the length is one byte, written once the bytes are
      this.ensure(1 + 3 * s.length);
      const start = this.pos++;
      this.buf[start] = this.writeUtf8(s);
      return;
    }
    this.writeLongString(s);
  }

  private writeLongString(s: string): void {
    const reserve = varUintSize(3 * s.length);
    this.ensure(reserve + 3 * s.length);
    const start = this.pos;
    const written = ENCODER.encodeInto(s, this.buf.subarray(start + reserve)).written;
    const size = varUintSize(written);
    if (size < reserve) this.buf.copyWithin(start + size, start + reserve, start + reserve + written);
    this.writeVarUint(written);
    this.pos = start + size + written;
  }

  /**
   * Begins bytes that are to be preceded by their length, as `writeBytes` writes them, without writing them
   * elsewhere first: reserves one byte for the length and returns where (a position in the whole output,
   * invariant 5), for `endLength`. One at a time.
   */
  beginLength(): number {
    if (this.open >= 0) throw new InternalError('ByteWriter.beginLength: the bytes begun before are not ended');
    this.ensure(1);
    this.open = this.spilled + this.pos;
    this.pos++;
    return this.open;
  }

  /** Ends the bytes begun at `mark`: their length goes there, and they move up when it needs more than a byte. */
  endLength(mark: number): void {
    if (mark !== this.open) throw new InternalError('ByteWriter.endLength: not the mark beginLength gave');
    this.open = -1;
    const at = mark - this.spilled;
    const len = this.pos - at - 1;
    if (len < 0x80) {
      this.buf[at] = len;
      return;
    }
    const size = varUintSize(len);
    this.open = mark; // what moves up stays in the buffer while it makes room
    this.ensure(size - 1);
    this.open = -1;
    const start = mark - this.spilled;
    this.buf.copyWithin(start + size, start + 1, this.pos);
    this.pos = start;
    this.writeVarUint(len);
    this.pos = start + size + len;
  }

  /** varuint length, then the bytes. */
  writeBytes(b: Uint8Array): void {
    this.writeVarUint(b.length);
    this.writeRaw(b);
  }

  /** The bytes as they are, with no length. */
  writeRaw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** The bytes written: a view of the buffer, valid until the writer is written to again. */
  finish(): Uint8Array {
    if (this.spilled > 0) throw new InternalError(`the first ${this.spilled} bytes of the writer were spilled`);
    return this.buf.subarray(0, this.pos);
  }

  /** Hands every byte not yet spilled to the sink (invariant 5); nothing may be begun and not ended. */
  flush(): void {
    if (this.sink === null) throw new InternalError('ByteWriter.flush: the writer has no sink');
    if (this.open >= 0) throw new InternalError('ByteWriter.flush: bytes begun by beginLength are not ended');
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.spilled += this.pos;
    this.pos = 0;
  }
}

/** Reads the primitive encodings from a byte array; any read past the end is DataCorrupted. */
export class ByteReader {
  private readonly buf: Uint8Array;
  private readonly end: number;
  private pos = 0;
  private view: DataView | null = null;

  /**
   * @param baseOffset the file offset of `bytes[0]`, so errors name absolute offsets
   * @param source the file name errors mention
   */
  constructor(
    bytes: Uint8Array,
    readonly baseOffset = 0,
    readonly source = '',
  ) {
    this.buf = bytes;
    this.end = bytes.length;
  }

  /** Offset of the next byte, relative to `bytes[0]`. */
  get offset(): number {
    return this.pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** A DataCorrupted error naming `source` and the absolute offset of `at` (default: the next byte). */
  corrupt(what: string, at = this.pos): SqlError {
    return SqlError.of(SqlState.DataCorrupted, [this.source || '(memory)', this.baseOffset + at, what]);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.end) throw this.corrupt(`truncated ${what}`);
  }

  /** The next byte without reading it, or -1 at the end. */
  peekU8(): number {
    return this.pos < this.end ? this.buf[this.pos]! : -1;
  }

  readU8(): number {
    if (this.pos >= this.end) throw this.corrupt('truncated byte');
    return this.buf[this.pos++]!;
  }

  readU32(): number {
    this.need(4, 'u32');
    const v = this.dataView().getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  readVarUint(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.readVarUintFrom(0, 1, 'varuint');
  }

  /** Continues a LEB128 number whose value so far is `acc` and whose next group weighs `mul`. */
  private readVarUintFrom(acc: number, mul: number, what: string): number {
    const start = this.pos;
    const buf = this.buf;
    for (let i = 0; ; i++) {
      if (this.pos >= this.end) throw this.corrupt(`truncated ${what}`, start);
      const b = buf[this.pos++]!;
      acc += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (b === 0 && i > 0) throw this.corrupt(`non-canonical ${what}`, start);
        break;
      }
      if (i >= 7) throw this.corrupt(`${what} too long`, start);
      mul *= 128;
    }
    if (acc > MAX_SAFE) throw this.corrupt(`${what} out of range`, start);
    return acc;
  }

  readVarInt(): number {
    const start = this.pos;
    const b = this.readU8();
    const sign = b & 1;
    let mag = (b & 0x7f) >>> 1;
    if (b >= 0x80) {
      const rest = this.readVarUintFrom(0, 1, 'varint');
      if (rest === 0) throw this.corrupt('non-canonical varint', start);
      mag += rest * 64;
      if (mag > MAX_SAFE - sign) throw this.corrupt('varint out of range', start);
    }
    return sign ? -mag - 1 : mag;
  }

  readBigInt(): bigint {
    const start = this.pos;
    const header = this.readVarUint();
    if (header === 0) return 0n;
    const sign = header & 1;
    const n = (header - sign) / 2;
    if (n === 0) throw this.corrupt('negative zero bigint', start);
    this.need(n, 'bigint');
    if (this.buf[this.pos] === 0) throw this.corrupt('non-canonical bigint', start);
    let hex = '0x';
    for (let i = 0; i < n; i++) hex += HEX[this.buf[this.pos++]!];
    const mag = BigInt(hex);
    return sign ? -mag : mag;
  }

  readF64(): number {
    this.need(8, 'f64');
    const v = this.dataView().getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  readString(): string {
    const len = this.readVarUint();
    const start = this.pos;
    if (len > this.end - start) throw this.corrupt('truncated string', start);
    const buf = this.buf;
    const stop = start + len;
    if (len <= SHORT_DECODE) {
      // ASCII: the codes go through a scratch array of this length into one fromCharCode call, which makes
      // one string; appending a character at a time made a string per character
      const codes = SCRATCH[len]!;
      let i = 0;
      for (; i < len; i++) {
        const c = buf[start + i]!;
        if (c >= 0x80) break;
        codes[i] = c;
      }
      if (i === len) {
        this.pos = stop;
        return String.fromCharCode.apply(null, codes);
      }
    }
    return this.decodeUtf8(start, stop);
  }

  private decodeUtf8(start: number, stop: number): string {
    let s: string;
    try {
      s = DECODER.decode(this.buf.subarray(start, stop));
    } catch {
      throw this.corrupt('invalid UTF-8 in string', start);
    }
    this.pos = stop;
    return s;
  }

  /** Moves to `offset` (relative to `bytes[0]`, as `offset` reads). */
  seek(offset: number): void {
    if (offset < 0 || offset > this.end) throw this.corrupt(`seek to ${offset} outside the input`);
    this.pos = offset;
  }

  /** Passes over `n` bytes (of a `what`, for the error when fewer are left). */
  skip(n: number, what: string): void {
    if (n > this.end - this.pos) throw this.corrupt(`truncated ${what}`);
    this.pos += n;
  }

  /** varuint length, then that many bytes (a copy, so it does not keep the whole input alive). */
  readBytes(): Uint8Array {
    const len = this.readVarUint();
    return this.readRaw(len);
  }

  /** Exactly `n` bytes, copied. */
  readRaw(n: number): Uint8Array {
    if (n > this.end - this.pos) throw this.corrupt('truncated bytes');
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private dataView(): DataView {
    if (this.view === null) this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view;
  }
}

// a writer lives for one frame's encoding (shapes.ts)
keepShape(() => new ByteWriter(16));
