/** src/level1-datafile/crc32.test.ts — the table-driven CRC-32 against known vectors and a bitwise reference;
 *  long inputs (zlib's loop where Node has one) against the tables; chaining and combining CRCs. */
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { crc32, crc32Combine, NATIVE_FROM, tableCrc32 } from './crc32';

function reference(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

test('known vectors', () => {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  expect(crc32(new Uint8Array(0))).toBe(0);
  expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
});

test('agrees with the bitwise definition for every length and alignment up to 100', () => {
  const bytes = new Uint8Array(120);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 7) & 0xff;
  for (let start = 0; start < 9; start++) {
    for (let end = start; end <= 100 + start; end++) {
      expect(crc32(bytes, start, end)).toBe(reference(bytes.subarray(start, end)));
    }
  }
});

test('long inputs give the same CRC as the tables, at the length where zlib takes over and beyond', () => {
  const bytes = new Uint8Array(3 * NATIVE_FROM + 17);
  let x = 7;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  for (const [start, end] of [[0, NATIVE_FROM - 1], [0, NATIVE_FROM], [3, NATIVE_FROM + 3], [5, bytes.length], [0, bytes.length]] as const) {
    expect(crc32(bytes, start, end)).toBe(tableCrc32(bytes, start, end));
  }
  expect(tableCrc32(bytes, 0, 100)).toBe(reference(bytes.subarray(0, 100)));
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native === undefined) console.log('zlib.crc32 is absent in this Node: long inputs use the tables');
  else expect(native(bytes)).toBe(tableCrc32(bytes));
});

test('a CRC continued from the CRC of the bytes before equals the CRC of all of them (invariant 4)', () => {
  const bytes = new Uint8Array(2 * NATIVE_FROM + 33);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 97 + 13) & 0xff;
  for (const cut of [0, 1, 7, 8, 100, NATIVE_FROM, NATIVE_FROM + 5, bytes.length]) {
    const whole = crc32(bytes);
    expect(crc32(bytes, cut, bytes.length, crc32(bytes, 0, cut))).toBe(whole);
    expect(tableCrc32(bytes, cut, bytes.length, tableCrc32(bytes, 0, cut))).toBe(whole);
  }
});

test('crc32Combine gives the CRC of two byte strings joined from their CRCs and the second length', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
      const joined = new Uint8Array(a.length + b.length);
      joined.set(a);
      joined.set(b, a.length);
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(joined));
    }),
    { numRuns: 300 },
  );
  // a second part of megabytes, as a checkpoint body is
  const big = new Uint8Array(5_000_001);
  for (let i = 0; i < big.length; i += 4093) big[i] = i & 0xff;
  const head = Uint8Array.of(1, 2, 3);
  const joined = new Uint8Array(head.length + big.length);
  joined.set(head);
  joined.set(big, head.length);
  expect(crc32Combine(crc32(head), crc32(big), big.length)).toBe(crc32(joined));
});
