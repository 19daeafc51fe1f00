/**
 * src/common/tree/search-strings.test.ts — seeks and lookups by string-headed keys under a comparator marked
 * `withStringHeads` give exactly what the generic searches give (the inline head test only replaces a
 * comparison whose result the mark promises).
 */
import fc from 'fast-check';
import { compareKeys, type Value } from '../values/value';
import { BTree } from './btree';
import { Leaf, Owner } from './node';
import { lowerBound, upperBound } from './search';
import { boundStringHead, boundStringNode, codedHeadIs, headCodesOf, stringHeadOf, withStringHeads } from './search-strings';

type Key = readonly Value[];

const plain = (a: Key, b: Key): number => compareKeys(a, b);
/** compareKeys with the string-head mark (as Level 3's index comparator is); compareKeys orders strings by code units. */
const marked = withStringHeads<Key>((a, b) => compareKeys(a, b));

function tree(compare: (a: Key, b: Key) => number, keys: readonly Key[]): BTree<Key, number> {
  const b = BTree.empty<Key, number>(compare).builder();
  keys.forEach((k, i) => b.set(k, i));
  return b.build();
}

/** Every seek and lookup of `probes` (and of the keys themselves) agrees between the marked and the plain tree. */
function check(keys: readonly Key[], probes: readonly Key[]): void {
  const m = tree(marked, keys);
  const p = tree(plain, keys);
  const pos = (b: { position: number } | null): number => (b === null ? -1 : b.position);
  const wrong: string[] = [];
  for (const k of [...probes, ...keys]) {
    const got = [m.get(k), pos(m.seek(k)), pos(m.seekAfter(k)), pos(m.seekLast(k)), pos(m.seekBefore(k))];
    const want = [p.get(k), pos(p.seek(k)), pos(p.seekAfter(k)), pos(p.seekLast(k)), pos(p.seekBefore(k))];
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${JSON.stringify(k)}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
  }
  expect(wrong).toEqual([]);
}

/** Distinct keys, sorted. */
function distinct(keys: readonly Key[]): Key[] {
  const sorted = [...keys].sort(plain);
  return sorted.filter((k, i) => i === 0 || plain(sorted[i - 1]!, k) !== 0);
}

describe('string-headed keys', () => {
  it('the mark applies only to marked comparators and string heads', () => {
    expect(stringHeadOf(marked, ['a', 1])).toBe('a');
    expect(stringHeadOf(marked, [1, 'a'])).toBeUndefined();
    expect(stringHeadOf(plain, ['a', 1])).toBeUndefined();
    expect(stringHeadOf(withStringHeads<Value>((a, b) => compareKeys([a], [b])), 'x')).toBe('x');
  });

  it('boundStringHead is lower/upper bound on any ascending array of keys', () => {
    const head = fc.constantFrom<Value>('', 'a', 'ab', 'b', 'B', 'é', '\u{1F600}', '\uFFFF', 3, null);
    fc.assert(
      fc.property(fc.array(fc.tuple(head, fc.integer({ min: 0, max: 3 })), { maxLength: 70 }), fc.string({ maxLength: 3 }), fc.integer({ min: -1, max: 3 }), (raw, s, n) => {
        const ks = distinct(raw.map(([h, i]) => (i === 0 ? [h] : [h, i])));
        const probe: Key = n < 0 ? [s] : [s, n];
        expect(boundStringHead(ks, probe, s, marked, false)).toBe(lowerBound(ks, probe, plain));
        expect(boundStringHead(ks, probe, s, marked, true)).toBe(upperBound(ks, probe, plain));
      }),
    );
  });

  it('non-unique index keys: many rows per head, prefix probes and exact probes', () => {
    const keys: Key[] = [];
    for (let r = 0; r < 6000; r++) keys.push([`zip-${String(r % 300).padStart(3, '0')}`, 100000 + r]);
    for (let r = 0; r < 20; r++) keys.push([null, 200000 + r]);
    for (let r = 0; r < 20; r++) keys.push([r, 300000 + r]);
    check(distinct(keys), [['zip-000'], ['zip-150'], ['zip-150', 100150], ['zip-150', 100151], ['zip-299'], ['zip-300'], ['zip'], [''], ['zz'], [null], [5]]);
  });

  it('random keys of strings with shared prefixes, and random probes', () => {
    const str = fc.array(fc.constantFrom('a', 'b', 'Z', 'é', '\u{1F600}'), { maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(str, fc.integer({ min: 0, max: 5 })), { minLength: 100, maxLength: 500 }), fc.array(fc.tuple(str, fc.integer({ min: -1, max: 5 })), { maxLength: 20 }), (raw, probes) => {
        check(
          distinct(raw.map(([s, i]) => (i === 0 ? [s] : [s, i]))),
          probes.map(([s, i]) => (i < 0 ? [s] : [s, i])),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('single values as keys (a unique one-column index stores its key so): get and seeks agree with the generic ones', () => {
    const one = (a: Value, b: Value): number => compareKeys([a], [b]);
    const markedOne = withStringHeads<Value>((a, b) => one(a, b));
    const str = fc.array(fc.constantFrom('a', 'b', 'Z', 'é', '\u{1F600}', '0'), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
    const value = fc.oneof(str, str, str, fc.integer({ min: -3, max: 3 }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(value, { minLength: 100, maxLength: 400 }), fc.array(value, { maxLength: 20 }), (raw, drawn) => {
        const keys = [...raw].sort(one).filter((k, i, a) => i === 0 || one(a[i - 1]!, k) !== 0);
        const build = (c: (a: Value, b: Value) => number): BTree<Value, number> => {
          const b = BTree.empty<Value, number>(c).builder();
          keys.forEach((k, i) => b.set(k, i));
          return b.build();
        };
        const m = build(markedOne);
        const p = build(one);
        const pos = (b: { position: number } | null): number => (b === null ? -1 : b.position);
        // absent probes too: each string key with a unit after it, and one before every key
        const probes = [...drawn, ...keys, ...keys.filter((k) => typeof k === 'string').map((k) => `${k as string}q`), ''];
        // twice: a frozen node gets its head codes on its second search (invariant 4)
        for (let round = 0; round < 2; round++) {
          for (const k of probes) {
            expect([m.get(k), pos(m.seek(k)), pos(m.seekAfter(k))]).toEqual([p.get(k), pos(p.seek(k)), pos(p.seekAfter(k))]);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  describe('head codes (invariant 4)', () => {
    // units around the narrow codes' limits (254, 255, 256), the widest unit, a surrogate pair, and long shared
    // prefixes; half the runs draw the node's keys from units below 255 only, so that its codes are the narrow ones
    const narrowUnit = fc.constantFrom('a', 'b', 'z', '\u00e9', '\u00fe', '\u0000');
    const anyUnit = fc.constantFrom('a', 'b', 'z', '\u00e9', '\u00fe', '\u00ff', '\u0100', '\uffff', '\u{1F600}', '\u0000');
    const str = (unit: fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc.tuple(fc.constantFrom('', 'name-', 'name-1', 'x'), fc.array(unit, { maxLength: 9 })).map(([p, us]) => p + us.join(''));

    it('a frozen leaf searched through its codes bounds exactly as the generic search does', () => {
      const keyed = fc.boolean().chain((narrow) => fc.array(fc.tuple(str(narrow ? narrowUnit : anyUnit), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 80 }));
      fc.assert(
        fc.property(keyed, fc.array(fc.tuple(str(anyUnit), fc.integer({ min: -1, max: 3 })), { maxLength: 20 }), (raw, probes) => {
          const ks = distinct(raw.map(([h, i]) => (i === 0 ? [h] : [h, i])));
          const leaf = new Leaf<Key, number>(ks, ks.map((_, i) => i), null);
          // a first search, so that the checks below go through the codes (made on the second)
          boundStringNode(leaf, ['x'], 'x', marked, false);
          const all: Array<[string, Key]> = probes.map(([s, n]) => [s, n < 0 ? [s] : [s, n]]);
          for (const k of ks) if (typeof k[0] === 'string') all.push([k[0], k]);
          for (const [s, probe] of all) {
            expect(boundStringNode(leaf, probe, s, marked, false)).toBe(lowerBound(ks, probe, plain));
            expect(boundStringNode(leaf, probe, s, marked, true)).toBe(upperBound(ks, probe, plain));
          }
        }),
        { numRuns: 400 },
      );
    });

    it('say a key has a head only when it has, and that it has not only when it has not (invariant 5)', () => {
      // a node's heads share a prefix and run on for up to `most` units: within its codes' units or past them
      const keyed = fc
        .tuple(fc.boolean(), fc.constantFrom('', 'name-', 'x'), fc.integer({ min: 2, max: 8 }))
        .chain(([narrow, prefix, most]) =>
          fc.array(fc.tuple(fc.array(narrow ? narrowUnit : anyUnit, { maxLength: most }).map((us) => prefix + us.join('')), fc.integer({ min: 0, max: 3 })), { minLength: 8, maxLength: 80 }),
        );
      let told = 0;
      let exactNodes = 0;
      fc.assert(
        fc.property(keyed, fc.array(str(anyUnit), { maxLength: 12 }), (raw, drawn) => {
          const ks = distinct(raw.map(([h, i]) => (i === 0 ? [h] : [h, i])));
          const leaf = new Leaf<Key, number>(ks, ks.map((_, i) => i), null);
          boundStringNode(leaf, ['x'], 'x', marked, false);
          boundStringNode(leaf, ['x'], 'x', marked, false);
          const hc = leaf.heads;
          if (hc === null || hc.codes.length === 0) return;
          if (hc.exact >= 0) exactNodes++;
          const heads = ks.map((k) => k[0] as string);
          // every head, each one a unit shorter and longer, and the drawn strings
          const probes = [...drawn, ...heads, ...heads.map((h) => h.slice(0, -1)), ...heads.map((h) => `${h}a`)];
          const wrong: string[] = [];
          for (const s of probes) {
            for (let i = 0; i < ks.length; i++) {
              const is = codedHeadIs(leaf, i, s);
              if (is !== -1) told++;
              if (is !== -1 && (is === 1) !== (heads[i] === s)) wrong.push(`${JSON.stringify(s)} at ${i}: ${is}`);
              // exact codes and a search string that fits: always told
              if (is === -1 && hc.exact >= 0 && s.length <= hc.exact) wrong.push(`${JSON.stringify(s)} at ${i}: not told`);
            }
          }
          expect(wrong).toEqual([]);
        }),
        { numRuns: 300 },
      );
      // the runs reached both kinds of node, and the codes told most answers
      expect(exactNodes).toBeGreaterThan(30);
      expect(told).toBeGreaterThan(10_000);
    });

    it('a lookup by a one-value key in a leaf of one-value keys reads no key when the codes are exact, and finds what the generic lookup finds', () => {
      const one = (a: Value, b: Value): number => compareKeys([a], [b]);
      const markedOne = withStringHeads<Value>((a, b) => one(a, b));
      fc.assert(
        fc.property(fc.uniqueArray(str(anyUnit), { minLength: 100, maxLength: 300 }), fc.array(str(anyUnit), { maxLength: 30 }), (raw, drawn) => {
          const keys = [...raw].sort(one);
          const b = BTree.empty<Value, number>(markedOne).builder();
          keys.forEach((k, i) => b.set(k, i));
          const m = b.build();
          const probes = [...drawn, ...keys, ...keys.map((k) => `${k}a`), ...keys.map((k) => k.slice(0, -1))];
          const at = new Map(keys.map((k, i) => [k, i]));
          const wrong: string[] = [];
          for (let round = 0; round < 3; round++) for (const k of probes) if (m.get(k) !== at.get(k)) wrong.push(`${JSON.stringify(k)}: ${m.get(k)}`);
          expect(wrong).toEqual([]);
        }),
        { numRuns: 60 },
      );
      // a leaf whose keys are the strings themselves, searched twice, says so
      const ks = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
      const leaf = new Leaf<Value, number>(ks, ks.map((_, i) => i), null);
      boundStringNode(leaf, 'k05', 'k05', markedOne, false);
      boundStringNode(leaf, 'k05', 'k05', markedOne, false);
      expect([leaf.heads?.oneValued, leaf.heads?.exact]).toEqual([true, 7]);
      expect(headCodesOf(ks.map((k, i) => [k, i])).oneValued).toBe(false);
    });

    it('are made once for a frozen node, on its second search, never for a node a live builder owns, and not for heads that are not strings', () => {
      const ks: Key[] = Array.from({ length: 20 }, (_, i) => [`name-${String(i).padStart(3, '0')}`]);
      const frozen = new Leaf<Key, number>(ks, ks.map((_, i) => i), null);
      expect(boundStringNode(frozen, ['name-007'], 'name-007', marked, false)).toBe(7);
      expect(frozen.heads?.codes).toEqual([]);
      expect(boundStringNode(frozen, ['name-007'], 'name-007', marked, false)).toBe(7);
      const made = frozen.heads;
      expect(made?.prefix).toBe('name-0');
      expect(made?.codes).toHaveLength(20);
      boundStringNode(frozen, ['name-013'], 'name-013', marked, false);
      expect(frozen.heads).toBe(made);

      const owner = new Owner();
      const owned = new Leaf<Key, number>(ks.slice(), ks.map((_, i) => i), owner);
      expect(boundStringNode(owned, ['name-007'], 'name-007', marked, false)).toBe(7);
      expect(owned.heads).toBeNull();
      owner.live = false;
      expect(boundStringNode(owned, ['name-007'], 'name-007', marked, true)).toBe(8);
      expect(boundStringNode(owned, ['name-007'], 'name-007', marked, true)).toBe(8);
      expect(owned.heads?.codes).toHaveLength(20);

      expect(headCodesOf([...ks, [5]]).codes.length).toBe(0);
      expect(headCodesOf(ks.slice(0, 3)).codes.length).toBe(0);
    });

    it('a builder freezes its nodes when it hands its tree out, and searches of the tree it goes on changing stay right', () => {
      const b = BTree.empty<Key, number>(marked).builder();
      for (let i = 0; i < 3000; i++) b.set([`k${String((i * 7919) % 3000).padStart(4, '0')}`], i);
      const first = b.build();
      for (let i = 0; i < 3000; i += 3) b.set([`k${String(i).padStart(4, '0')}x`], -i);
      const second = b.build();
      for (let i = 0; i < 3000; i += 3) {
        const k: Key = [`k${String(i).padStart(4, '0')}x`];
        expect(first.get(k)).toBeUndefined();
        expect(second.get(k)).toBe(-i);
        expect(first.seek(k)?.position).toBe(i + 1);
      }
    });
  });
});
