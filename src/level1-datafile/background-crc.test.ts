/**
 * src/level1-datafile/background-crc.test.ts — a CRC computed on a worker is the CRC (background-crc.ts
 * invariant 1): over shared bytes of every length class, ranges inside them, several at once, and bytes
 * damaged before the check; ordinary (unshared) bytes and short ranges are checked on this thread.
 */
import { crc32 } from './crc32';
import { crcLater, sharedBytes } from './background-crc';
import { seededRandom } from '../common/testing/seeded-random';

function randomShared(length: number, seed: number): Uint8Array {
  const r = seededRandom(seed);
  const bytes = sharedBytes(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(r() * 256);
  return bytes;
}

describe('crcLater', () => {
  test('on a worker, over shared bytes, it gives crc32 of the range', () => {
    for (const [length, start, end] of [
      [0, 0, 0],
      [1, 0, 1],
      [4095, 3, 4000],
      [70_000, 16, 70_000],
      [1 << 20, 1000, (1 << 20) - 7],
    ] as const) {
      const bytes = randomShared(length, length + 1);
      const pending = crcLater(bytes, start, end, 0);
      expect(pending.onWorker).toBe(true);
      expect(pending.value()).toBe(crc32(bytes, start, end));
    }
  });

  test('several at once each answer their own range', () => {
    const bytes = randomShared(300_000, 7);
    const ranges = [
      [0, 100_000],
      [50_000, 300_000],
      [123, 124],
      [16, 299_999],
    ] as const;
    const pending = ranges.map(([s, e]) => crcLater(bytes, s, e, 0));
    pending.reverse();
    const values = pending.map((p) => p.value()).reverse();
    expect(values).toEqual(ranges.map(([s, e]) => crc32(bytes, s, e)));
  });

  test('damaged bytes give another CRC', () => {
    const bytes = randomShared(200_000, 11);
    const good = crc32(bytes, 16, bytes.length);
    bytes[100_000] = bytes[100_000]! ^ 0x10;
    const pending = crcLater(bytes, 16, bytes.length, 0);
    expect(pending.onWorker).toBe(true);
    expect(pending.value()).not.toBe(good);
    expect(pending.value()).toBe(crc32(bytes, 16, bytes.length));
  });

  test('unshared bytes, and ranges shorter than the threshold, are checked on this thread', () => {
    const plain = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
    const p1 = crcLater(plain, 0, plain.length, 0);
    expect(p1.onWorker).toBe(false);
    expect(p1.value()).toBe(crc32(plain));
    const shared = randomShared(100_000, 3);
    const p2 = crcLater(shared, 0, shared.length); // below BACKGROUND_CRC_FROM
    expect(p2.onWorker).toBe(false);
    expect(p2.value()).toBe(crc32(shared));
  });
});
