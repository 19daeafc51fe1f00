/** src/level1-datafile/crc32.test.ts — the table-driven CRC-32 against known vectors and a bitwise reference. */
import { crc32 } from './crc32';

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
