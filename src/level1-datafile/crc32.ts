/**
 * src/level1-datafile/crc32.ts — CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib and PNG use it),
 * table-driven, slicing by 8 bytes.
 *
 * 1. `crc32(bytes)` equals zlib's `crc32(0, bytes)`: initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF; the result
 *    is an unsigned 32-bit number.
 * 2. The eight tables are built once at load: TABLE[k·256 + b] is the CRC of byte b followed by k zero bytes;
 *    one warm-up call at load runs both loops (see the end of the file).
 * 3. Where Node has `zlib.crc32` (20.15 and later), inputs of `NATIVE_FROM` bytes or more go to it: zlib's
 *    vectorised loop checks a large commit or a file being opened about five times as fast. Shorter inputs
 *    stay here, where the call costs less than the bytes. Both compute the same function (invariant 1;
 *    crc32.test.ts compares them).
 * 4. CRCs chain: `crc32(b, s, e, crc32(a))` is the CRC of `a` followed by `b[s, e)`, so bytes written in
 *    pieces are checked as they go. `crc32Combine(crc32(a), crc32(b), b.length)` is the CRC of `a` followed
 *    by `b` from the two CRCs alone, for a header whose fields are known only after the bytes it covers.
 */
import * as zlib from 'node:zlib';

const POLY = 0xedb88320;
const TABLE = new Int32Array(8 * 256);

for (let b = 0; b < 256; b++) {
  let c = b;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  TABLE[b] = c;
}
for (let b = 0; b < 256; b++) {
  let c = TABLE[b]!;
  for (let k = 1; k < 8; k++) {
    c = TABLE[c & 0xff]! ^ (c >>> 8);
    TABLE[k * 256 + b] = c;
  }
}

/** Inputs at least this long go to zlib when it has `crc32` (invariant 3). */
export const NATIVE_FROM = 4096;

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `bytes[start, end)`, continuing from `prior`, the CRC of the bytes before them (invariant 4). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, prior = 0): number {
  if (nativeCrc32 !== undefined && end - start >= NATIVE_FROM) return nativeCrc32(bytes.subarray(start, end), prior);
  return tableCrc32(bytes, start, end, prior);
}

/** CRC-32 of `bytes[start, end)` by the tables (invariant 2), continuing from `prior` (invariant 4). */
export function tableCrc32(bytes: Uint8Array, start = 0, end = bytes.length, prior = 0): number {
  const t = TABLE;
  let c = prior ^ -1;
  let i = start;
  const stop8 = end - ((end - start) & 7);
  while (i < stop8) {
    const lo = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    const hi = bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + (hi & 0xff)]! ^
      t[512 + ((hi >>> 8) & 0xff)]! ^
      t[256 + ((hi >>> 16) & 0xff)]! ^
      t[hi >>> 24]!;
    i += 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * The CRC of A followed by B, given A's CRC, B's CRC and B's length (invariant 4). A CRC is a remainder
 * modulo the polynomial P (bits reflected: bit 31 is x⁰); appending `n` bytes multiplies the part A
 * contributes by x^(8n) mod P, and B's part is added (xor): crc(AB) = crc(A)·x^(8n) ⊕ crc(B). The
 * register's initial and final complements cancel in that sum, so plain CRCs combine directly.
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  return (multiplyModP(xPow8n(lengthB), crcA) ^ crcB) >>> 0;
}

/** a·b mod P, both reflected 32-bit polynomials. */
function multiplyModP(a: number, b: number): number {
  let product = 0;
  for (let bit = 0x8000_0000; bit !== 0; bit >>>= 1) {
    if ((a & bit) !== 0) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

/** X_POW_2K[k] = x^(2^k) mod P, reflected: squaring the previous entry. */
const X_POW_2K: number[] = [0x4000_0000];
for (let k = 1; k < 64; k++) X_POW_2K.push(multiplyModP(X_POW_2K[k - 1]!, X_POW_2K[k - 1]!));

/** x^(8n) mod P: the product of x^(2^k) over the bits k of 8n. */
function xPow8n(n: number): number {
  let result = 0x8000_0000; // x⁰
  let k = 3; // 8n = n·2³
  while (n > 0) {
    if (n % 2 === 1) result = multiplyModP(X_POW_2K[k]!, result);
    n = Math.floor(n / 2);
    k++;
  }
  return result;
}

// One call over 9 bytes runs both loops, so the first long input (which the engine compiles mid-loop)
// does not meet a tail loop it has never seen run and deoptimise on it again and again.
tableCrc32(new Uint8Array(9));
