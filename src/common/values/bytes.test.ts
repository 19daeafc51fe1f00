/** src/common/values/bytes.test.ts — primitive encodings: fixtures, round trips, and malformed input. */
import fc from 'fast-check';
import { SqlError } from '../errors';
import { ByteReader, ByteWriter, varUintSize } from './bytes';

function bytesOf(f: (w: ByteWriter) => void): number[] {
  const w = new ByteWriter(16);
  f(w);
  return Array.from(w.finish());
}

function corruptionOf(bytes: number[], f: (r: ByteReader) => unknown): SqlError {
  const r = new ByteReader(Uint8Array.from(bytes), 1000, 'x.pfl');
  try {
    f(r);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).sqlState).toBe('XX001');
    return e as SqlError;
  }
  throw new Error('expected DataCorrupted');
}

describe('ByteWriter fixtures', () => {
  test('varuint is unsigned LEB128', () => {
    expect(bytesOf((w) => w.writeVarUint(0))).toEqual([0]);
    expect(bytesOf((w) => w.writeVarUint(127))).toEqual([0x7f]);
    expect(bytesOf((w) => w.writeVarUint(128))).toEqual([0x80, 0x01]);
    expect(bytesOf((w) => w.writeVarUint(300))).toEqual([0xac, 0x02]);
    expect(bytesOf((w) => w.writeVarUint(2 ** 32))).toEqual([0x80, 0x80, 0x80, 0x80, 0x10]);
    expect(bytesOf((w) => w.writeVarUint(Number.MAX_SAFE_INTEGER))).toHaveLength(8);
  });

  test('varint is zigzag LEB128', () => {
    expect(bytesOf((w) => w.writeVarInt(0))).toEqual([0]);
    expect(bytesOf((w) => w.writeVarInt(-1))).toEqual([1]);
    expect(bytesOf((w) => w.writeVarInt(1))).toEqual([2]);
    expect(bytesOf((w) => w.writeVarInt(-2))).toEqual([3]);
    expect(bytesOf((w) => w.writeVarInt(63))).toEqual([126]);
    expect(bytesOf((w) => w.writeVarInt(-64))).toEqual([127]);
    expect(bytesOf((w) => w.writeVarInt(64))).toEqual([0x80, 0x01]);
  });

  test('varint: the small-integer path and the general one give the same bytes on both sides of the switch', () => {
    // the definition: first byte (|n| mod 64)·2 + sign, continued by the varuint of |n| div 64
    const zigzag = (n: number): number[] => {
      const sign = n < 0 ? 1 : 0;
      const mag = sign ? -n - 1 : n;
      const rest = Math.floor(mag / 64);
      const first = ((mag % 64) << 1) | sign;
      return rest === 0 ? [first] : [first | 0x80, ...bytesOf((w) => w.writeVarUint(rest))];
    };
    for (const edge of [2 ** 30, 2 ** 31, 2 ** 32, 2 ** 53 - 1]) {
      for (const n of [edge - 2, edge - 1, edge, edge + 1, -edge - 1, -edge, -edge + 1, -edge + 2]) {
        if (Number.isSafeInteger(n)) expect(bytesOf((w) => w.writeVarInt(n))).toEqual(zigzag(n));
      }
    }
    for (let n = -300; n <= 300; n++) expect(bytesOf((w) => w.writeVarInt(n))).toEqual(zigzag(n));
  });

  test('f64 is little-endian IEEE-754', () => {
    expect(bytesOf((w) => w.writeF64(1))).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  });

  test('string is varuint byte length then UTF-8', () => {
    expect(bytesOf((w) => w.writeString('hé'))).toEqual([3, 0x68, 0xc3, 0xa9]);
    expect(bytesOf((w) => w.writeString(''))).toEqual([0]);
    const long = 'a'.repeat(200);
    expect(bytesOf((w) => w.writeString(long)).slice(0, 3)).toEqual([0xc8, 0x01, 0x61]);
  });

  test('bigint is sign and big-endian magnitude', () => {
    expect(bytesOf((w) => w.writeBigInt(0n))).toEqual([0]);
    expect(bytesOf((w) => w.writeBigInt(0x1234n))).toEqual([4, 0x12, 0x34]);
    expect(bytesOf((w) => w.writeBigInt(-0x1234n))).toEqual([5, 0x12, 0x34]);
    expect(bytesOf((w) => w.writeBigInt(-1n))).toEqual([3, 1]);
  });

  test('writing an unrepresentable number is an internal error', () => {
    const w = new ByteWriter();
    expect(() => w.writeVarUint(-1)).toThrow(/varuint/);
    expect(() => w.writeVarUint(1.5)).toThrow(/varuint/);
    expect(() => w.writeVarInt(2 ** 53)).toThrow(/varint/);
  });

  test('the buffer grows by doubling and keeps what was written', () => {
    const w = new ByteWriter(16);
    for (let i = 0; i < 10_000; i++) w.writeVarUint(i);
    const r = new ByteReader(w.finish());
    for (let i = 0; i < 10_000; i++) expect(r.readVarUint()).toBe(i);
    expect(r.atEnd).toBe(true);
  });

  test('varUintSize agrees with the writer', () => {
    for (const n of [0, 127, 128, 16383, 16384, 2 ** 35, Number.MAX_SAFE_INTEGER]) {
      expect(varUintSize(n)).toBe(bytesOf((w) => w.writeVarUint(n)).length);
    }
  });
});

/** One primitive to write: its kind (as `write` and `read` name it) and its value. */
function primitive(longest: number, bytes: number) {
  return fc.oneof(
    fc.record({ k: fc.constant('u'), v: fc.oneof(fc.nat(), fc.maxSafeNat()) }),
    fc.record({ k: fc.constant('i'), v: fc.maxSafeInteger() }),
    fc.record({ k: fc.constant('b'), v: fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }) }),
    fc.record({ k: fc.constant('f'), v: fc.double() }),
    fc.record({ k: fc.constant('s'), v: fc.oneof(fc.string({ maxLength: longest }), fc.string({ unit: 'grapheme', maxLength: 80 })) }),
    fc.record({ k: fc.constant('y'), v: fc.uint8Array({ maxLength: bytes }) }),
  );
}

describe('round trips (property)', () => {
  test('beginLength/endLength write what writeBytes writes, for regions of every size around the varuint steps', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 6 }), fc.integer({ min: 0, max: 5 }), (sizes, before) => {
        const direct = new ByteWriter(16);
        const wrapped = new ByteWriter(16);
        for (let i = 0; i < before; i++) {
          direct.writeU8(i);
          wrapped.writeU8(i);
        }
        for (const [k, n] of sizes.entries()) {
          const region = Uint8Array.from({ length: n }, (_, i) => (i * 31 + k) & 0xff);
          const mark = direct.beginLength();
          direct.writeRaw(region);
          direct.endLength(mark);
          wrapped.writeBytes(region);
        }
        expect(Array.from(direct.finish())).toEqual(Array.from(wrapped.finish()));
      }),
      { numRuns: 300 },
    );
    for (const n of [0, 127, 128, 16_383, 16_384]) {
      const w = new ByteWriter(16);
      const mark = w.beginLength();
      w.writeRaw(new Uint8Array(n).fill(7));
      w.endLength(mark);
      const r = new ByteReader(w.finish());
      expect(r.readBytes()).toEqual(new Uint8Array(n).fill(7));
      expect(r.atEnd).toBe(true);
    }
  });

  test('mixed sequences of primitives', () => {
    const item = primitive(10, 40);
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const w = new ByteWriter(16);
        for (const it of items) write(w, it.k, it.v);
        const r = new ByteReader(w.finish());
        for (const it of items) expect(read(r, it.k)).toEqual(it.v);
        expect(r.atEnd).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('a discarding writer counts what a keeping one holds, and keeps the tail it still has (invariant 6)', () => {
    const item = primitive(200, 100);
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.integer({ min: 16, max: 64 }), (items, size) => {
        const keep = new ByteWriter(16);
        const discard = ByteWriter.discarding(size);
        for (const it of items) {
          write(keep, it.k, it.v);
          write(discard, it.k, it.v);
          expect(discard.length).toBe(keep.length);
        }
        // either nothing was dropped and the bytes are all there, or finish refuses
        let held: Uint8Array | null = null;
        try {
          held = discard.finish();
        } catch (e) {
          expect((e as Error).message).toMatch(/bytes of the writer were spilled/);
        }
        if (held !== null) expect(held).toEqual(keep.finish());
        discard.reset();
        expect(discard.length).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  test('a spilling writer hands a keeping writer\'s bytes to its sink in pieces, length-prefixed regions included (invariant 5)', () => {
    const item = fc.oneof(
      primitive(300, 200).map((p) => ({ ...p, framed: false })),
      primitive(300, 200).map((p) => ({ ...p, framed: true })),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.integer({ min: 16, max: 300 }), (items, limit) => {
        const keep = new ByteWriter(16);
        const pieces: Uint8Array[] = [];
        const spill = ByteWriter.spilling(16, limit, (b) => pieces.push(b.slice()));
        for (const it of items) {
          if (it.framed) {
            // the region is written through beginLength on one side and writeBytes on the other
            const inner = new ByteWriter(16);
            write(inner, it.k, it.v);
            keep.writeBytes(inner.finish());
            const mark = spill.beginLength();
            write(spill, it.k, it.v);
            spill.endLength(mark);
          } else {
            write(keep, it.k, it.v);
            write(spill, it.k, it.v);
          }
          expect(spill.length).toBe(keep.length);
        }
        const spilledBeforeFlush = spill.spilledLength;
        spill.flush();
        expect(spill.spilledLength).toBe(keep.length);
        const joined = Buffer.concat(pieces);
        expect(joined.equals(Buffer.from(keep.finish()))).toBe(true);
        // a piece is only as large as the buffer (or one write that did not fit in it)
        if (spilledBeforeFlush > 0) expect(pieces.length).toBeGreaterThan(1);
      }),
      { numRuns: 300 },
    );
  });

  test('a spilling writer never spills bytes whose length is still to be written in front of them', () => {
    const pieces: Uint8Array[] = [];
    const w = ByteWriter.spilling(16, 32, (b) => pieces.push(b.slice()));
    w.writeRaw(new Uint8Array(20).fill(1));
    const mark = w.beginLength();
    w.writeRaw(new Uint8Array(200).fill(2)); // grows past the limit rather than spill the open region
    expect(pieces.map((p) => p.length)).toEqual([20]);
    w.endLength(mark);
    w.flush();
    const r = new ByteReader(new Uint8Array(Buffer.concat(pieces)));
    expect(r.readRaw(20)).toEqual(new Uint8Array(20).fill(1));
    expect(r.readBytes()).toEqual(new Uint8Array(200).fill(2));
    expect(r.atEnd).toBe(true);
    expect(() => w.endLength(mark)).toThrow(/not the mark beginLength gave/);
    const m2 = w.beginLength();
    expect(() => w.beginLength()).toThrow(/not ended/);
    expect(() => w.flush()).toThrow(/not ended/);
    w.endLength(m2);
  });

  test('a discarding writer of 16 bytes given 1,000 drops all but its tail and still counts every byte', () => {
    const w = ByteWriter.discarding(16);
    for (let i = 0; i < 500; i++) w.writeVarUint(200 + i); // two bytes each
    expect(w.length).toBe(1000);
    expect(() => w.finish()).toThrow(/the first 99[0-9] bytes of the writer were spilled/);
    w.reset();
    w.writeString('ok');
    expect([...w.finish()]).toEqual([2, 0x6f, 0x6b]);
  });

  test('strings of every short length, ASCII and not, read one after another (the short decode reuses its scratch)', () => {
    const strings: string[] = [];
    for (let n = 0; n <= 40; n++) {
      strings.push('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'.slice(0, n));
      strings.push('z'.repeat(n));
      if (n > 0) strings.push(`${'q'.repeat(n - 1)}é`, `é${'q'.repeat(n - 1)}`, `${'\x7f'.repeat(n - 1)}\u{1F600}`);
    }
    const w = new ByteWriter(16);
    for (const s of strings) w.writeString(s);
    const r = new ByteReader(w.finish());
    expect(strings.map(() => r.readString())).toEqual(strings);
    expect(r.atEnd).toBe(true);
  });

  test('extreme integers', () => {
    for (const n of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 50, -(2 ** 50), -1, 0]) {
      const w = new ByteWriter();
      w.writeVarInt(n);
      expect(new ByteReader(w.finish()).readVarInt()).toBe(n);
    }
  });
});

function write(w: ByteWriter, k: string, v: unknown): void {
  if (k === 'u') w.writeVarUint(v as number);
  else if (k === 'i') w.writeVarInt(v as number);
  else if (k === 'b') w.writeBigInt(v as bigint);
  else if (k === 'f') w.writeF64(v as number);
  else if (k === 's') w.writeString(v as string);
  else w.writeBytes(v as Uint8Array);
}

function read(r: ByteReader, k: string): unknown {
  if (k === 'u') return r.readVarUint();
  if (k === 'i') return r.readVarInt();
  if (k === 'b') return r.readBigInt();
  if (k === 'f') return r.readF64();
  if (k === 's') return r.readString();
  return r.readBytes();
}

describe('malformed input is DataCorrupted naming the absolute offset', () => {
  test('reading past the end', () => {
    expect(corruptionOf([], (r) => r.readU8()).message).toBe('database file x.pfl is corrupt at offset 1000: truncated byte');
    expect(corruptionOf([0x80], (r) => r.readVarUint()).message).toMatch(/offset 1000: truncated varuint/);
    expect(corruptionOf([1, 2, 3], (r) => r.readF64()).message).toMatch(/truncated f64/);
    expect(corruptionOf([5, 0x61], (r) => r.readString()).message).toMatch(/offset 1001: truncated string/);
    expect(corruptionOf([3, 1, 2], (r) => r.readBytes()).message).toMatch(/truncated bytes/);
    expect(corruptionOf([4, 1], (r) => r.readBigInt()).message).toMatch(/truncated bigint/);
  });

  test('non-canonical and out-of-range numbers', () => {
    expect(corruptionOf([0x80, 0x00], (r) => r.readVarUint()).message).toMatch(/non-canonical varuint/);
    expect(corruptionOf([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], (r) => r.readVarUint()).message).toMatch(
      /too long/,
    );
    expect(corruptionOf([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], (r) => r.readVarUint()).message).toMatch(
      /out of range/,
    );
    expect(corruptionOf([0x80, 0x00], (r) => r.readVarInt()).message).toMatch(/non-canonical varint/);
    expect(corruptionOf([1], (r) => r.readBigInt()).message).toMatch(/negative zero/);
    expect(corruptionOf([4, 0, 1], (r) => r.readBigInt()).message).toMatch(/non-canonical bigint/);
  });

  test('invalid UTF-8', () => {
    expect(corruptionOf([2, 0xc3, 0x28], (r) => r.readString()).message).toMatch(/offset 1001: invalid UTF-8/);
  });

  test('an unnamed source still names the offset', () => {
    const r = new ByteReader(new Uint8Array(0));
    expect(() => r.readU8()).toThrow('database file (memory) is corrupt at offset 0: truncated byte');
  });
});
