/**
 * src/common/testing/seeded-random.ts — test support: a small seeded generator (mulberry32), so a failing
 * random case names its seed and reproduces.
 *
 * 1. Used only by `*.test.ts` files; nothing in the engine imports it.
 */

/** Numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
