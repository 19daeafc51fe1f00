/**
 * src/level4-sql/exec/window-frame.test.ts — frame arithmetic: peer groups, ROWS / GROUPS / RANGE bounds,
 * clamping at the partition's edges, empty frames, NULL keys under RANGE, and the non-decreasing starts and
 * ends that the incremental aggregates rely on; and the aggregates over frames against a fresh fold.
 */
import type { Value } from '../../common/values/value';
import { lookupAggregate } from '../eval/aggregates';
import { INTEGER } from '../../common/values/sql-type';
import { aggregateFrames, type FrameAggregate } from './window-aggregate';
import { frameBounds, peersOf, type BoundKind, type BoundValue, type FrameValue, type Peers, type RangeKeys } from './window-frame';

function b(kind: BoundKind, offset: number | Value = 0): BoundValue {
  return { kind, offset };
}

/** Peers from sorted keys (equal neighbours are peers). */
function peersFor(keys: readonly Value[]): Peers {
  return peersOf(keys.length, (i) => keys[i] === keys[i - 1]);
}

function frames(f: FrameValue, keys: readonly Value[], range: RangeKeys | null = null): string[] {
  const fr = frameBounds(f, peersFor(keys), range);
  return Array.from(fr.start, (s, i) => `${s}-${fr.end[i]}`);
}

function numericRange(keys: readonly Value[], descending = false, nullsFirst = !descending): RangeKeys {
  return { keys, descending, nullsFirst, shift: (v, k, plus) => (plus ? (v as number) + (k as number) : (v as number) - (k as number)) };
}

describe('peersOf', () => {
  test('numbers peer groups and their bounds', () => {
    const p = peersFor([1, 1, 2, 3, 3, 3]);
    expect(Array.from(p.group)).toEqual([0, 0, 1, 2, 2, 2]);
    expect(Array.from(p.peerStart)).toEqual([0, 0, 2, 3, 3, 3]);
    expect(Array.from(p.peerEnd)).toEqual([2, 2, 3, 6, 6, 6]);
    expect(Array.from(p.groupStart)).toEqual([0, 2, 3, 6]);
  });

  test('an empty partition has no groups', () => {
    const p = peersFor([]);
    expect(p.n).toBe(0);
    expect(Array.from(p.groupStart)).toEqual([0]);
  });
});

describe('ROWS', () => {
  const keys = [1, 2, 3, 4, 5];
  test('running frame', () => {
    expect(frames({ unit: 'ROWS', from: b('UNBOUNDED PRECEDING'), to: b('CURRENT ROW') }, keys)).toEqual(['0-1', '0-2', '0-3', '0-4', '0-5']);
  });
  test('a sliding frame is clamped at both edges', () => {
    expect(frames({ unit: 'ROWS', from: b('PRECEDING', 2), to: b('FOLLOWING', 1) }, keys)).toEqual(['0-2', '0-3', '0-4', '1-5', '2-5']);
  });
  test('frames entirely after or before the row, empty near the edges', () => {
    expect(frames({ unit: 'ROWS', from: b('FOLLOWING', 1), to: b('FOLLOWING', 2) }, keys)).toEqual(['1-3', '2-4', '3-5', '4-5', '5-5']);
    expect(frames({ unit: 'ROWS', from: b('PRECEDING', 2), to: b('PRECEDING', 1) }, keys)).toEqual(['0-0', '0-1', '0-2', '1-3', '2-4']);
  });
  test('an offset larger than the partition covers it', () => {
    expect(frames({ unit: 'ROWS', from: b('PRECEDING', 1e9), to: b('FOLLOWING', Infinity) }, keys)).toEqual(Array(5).fill('0-5'));
  });
  test('a frame whose end is before its start is empty, and starts and ends never decrease', () => {
    const fr = frameBounds({ unit: 'ROWS', from: b('FOLLOWING', 3), to: b('FOLLOWING', 1) }, peersFor(keys), null);
    for (let i = 0; i < 5; i++) expect(fr.end[i]).toBe(fr.start[i]);
    for (let i = 1; i < 5; i++) expect(fr.start[i]! >= fr.start[i - 1]! && fr.end[i]! >= fr.end[i - 1]!).toBe(true);
  });
  test('CURRENT ROW is the row itself, not its peers', () => {
    expect(frames({ unit: 'ROWS', from: b('CURRENT ROW'), to: b('CURRENT ROW') }, [1, 1, 2])).toEqual(['0-1', '1-2', '2-3']);
  });
});

describe('GROUPS', () => {
  const keys = [1, 1, 2, 3, 3, 4];
  test('CURRENT ROW is the peer group', () => {
    expect(frames({ unit: 'GROUPS', from: b('CURRENT ROW'), to: b('CURRENT ROW') }, keys)).toEqual(['0-2', '0-2', '2-3', '3-5', '3-5', '5-6']);
  });
  test('offsets count groups and clamp', () => {
    expect(frames({ unit: 'GROUPS', from: b('PRECEDING', 1), to: b('FOLLOWING', 1) }, keys)).toEqual(['0-3', '0-3', '0-5', '2-6', '2-6', '3-6']);
    expect(frames({ unit: 'GROUPS', from: b('PRECEDING', 2), to: b('PRECEDING', 1) }, keys)).toEqual(['0-0', '0-0', '0-2', '0-3', '0-3', '2-5']);
    expect(frames({ unit: 'GROUPS', from: b('FOLLOWING', 2), to: b('UNBOUNDED FOLLOWING') }, keys)).toEqual(['3-6', '3-6', '5-6', '6-6', '6-6', '6-6']);
  });
});

describe('RANGE', () => {
  test('without offsets: UNBOUNDED PRECEDING to CURRENT ROW takes the peers in', () => {
    expect(frames({ unit: 'RANGE', from: b('UNBOUNDED PRECEDING'), to: b('CURRENT ROW') }, [1, 1, 2])).toEqual(['0-2', '0-2', '0-3']);
  });
  test('offsets compare key distances', () => {
    const keys = [1, 2, 2, 5, 9];
    const f: FrameValue = { unit: 'RANGE', from: b('PRECEDING', 1), to: b('FOLLOWING', 3) };
    expect(frames(f, keys, numericRange(keys))).toEqual(['0-3', '0-4', '0-4', '3-4', '4-5']);
  });
  test('descending keys: PRECEDING means larger values', () => {
    const keys = [9, 5, 2, 2, 1];
    const f: FrameValue = { unit: 'RANGE', from: b('PRECEDING', 1), to: b('FOLLOWING', 3) };
    expect(frames(f, keys, numericRange(keys, true))).toEqual(['0-1', '1-4', '2-5', '2-5', '2-5']);
  });
  test('a NULL key frames its NULL peers; other rows never reach the NULLs', () => {
    const first = [null, null, 1, 3];
    const f: FrameValue = { unit: 'RANGE', from: b('PRECEDING', 10), to: b('FOLLOWING', 10) };
    expect(frames(f, first, numericRange(first))).toEqual(['0-2', '0-2', '2-4', '2-4']);
    const last = [1, 3, null];
    expect(frames(f, last, numericRange(last, false, false))).toEqual(['0-2', '0-2', '2-3']);
  });
  test('a frame strictly after the row may be empty', () => {
    const keys = [1, 2, 10];
    const f: FrameValue = { unit: 'RANGE', from: b('FOLLOWING', 1), to: b('FOLLOWING', 2) };
    expect(frames(f, keys, numericRange(keys))).toEqual(['1-2', '2-2', '3-3']);
  });
});

describe('aggregates over frames', () => {
  /** The aggregate folded afresh over every frame: what the incremental strategies must equal. */
  function naive(agg: FrameAggregate, vals: readonly Value[], start: Int32Array, end: Int32Array): Value[] {
    return Array.from(start, (s, i) => {
      const acc = agg.create();
      for (let j = s; j < end[i]!; j++) acc.step(vals[j]!);
      return acc.result();
    });
  }

  function aggregate(name: string, distinct = false): FrameAggregate {
    const fn = lookupAggregate(name)!;
    fn.resultType(INTEGER);
    return { create: () => fn.create(distinct), extreme: !distinct && (name === 'MIN' || name === 'MAX') ? name : null };
  }

  const vals: Value[] = [3, null, 7, 7, -2, 10, null, 1, 4, 4];
  const keys = [1, 1, 2, 3, 3, 3, 5, 8, 8, 9];
  const shapes: FrameValue[] = [
    { unit: 'ROWS', from: b('UNBOUNDED PRECEDING'), to: b('CURRENT ROW') },
    { unit: 'ROWS', from: b('CURRENT ROW'), to: b('UNBOUNDED FOLLOWING') },
    { unit: 'ROWS', from: b('PRECEDING', 2), to: b('FOLLOWING', 1) },
    { unit: 'ROWS', from: b('FOLLOWING', 1), to: b('FOLLOWING', 3) },
    { unit: 'GROUPS', from: b('PRECEDING', 1), to: b('CURRENT ROW') },
    { unit: 'RANGE', from: b('PRECEDING', 2), to: b('FOLLOWING', 2) },
  ];
  for (const name of ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']) {
    for (const distinct of [false, true]) {
      test(`${distinct ? 'DISTINCT ' : ''}${name} matches a fresh fold over every frame shape`, () => {
        const agg = aggregate(name, distinct);
        for (const shape of shapes) {
          const fr = frameBounds(shape, peersFor(keys), numericRange(keys));
          const out = new Array<Value>(vals.length);
          aggregateFrames(agg, vals, fr, out);
          expect(out.map(String)).toEqual(naive(agg, vals, fr.start, fr.end).map(String));
        }
      });
    }
  }

  test('a running sum steps each row once (no re-folding)', () => {
    let steps = 0;
    const fn = lookupAggregate('SUM')!;
    fn.resultType(INTEGER);
    const agg: FrameAggregate = {
      create: () => {
        const acc = fn.create(false);
        return { step: (v) => (steps++, acc.step(v)), result: () => acc.result() };
      },
      extreme: null,
    };
    const n = 2000;
    const many = Array.from({ length: n }, (_, i) => i);
    const fr = frameBounds({ unit: 'ROWS', from: b('UNBOUNDED PRECEDING'), to: b('CURRENT ROW') }, peersFor(many), null);
    const out = new Array<Value>(n);
    aggregateFrames(agg, many, fr, out);
    expect(steps).toBe(n);
    expect(out[n - 1]).toBe((n * (n - 1)) / 2);
  });

  test('a sliding exact sum adds and removes each row once', () => {
    let steps = 0;
    const fn = lookupAggregate('SUM')!;
    fn.resultType(INTEGER);
    const agg: FrameAggregate = {
      create: () => {
        const acc = fn.create(false);
        return { step: (v) => (steps++, acc.step(v)), result: () => acc.result(), remove: (v) => (steps++, acc.remove!(v)) };
      },
      extreme: null,
    };
    const n = 2000;
    const many = Array.from({ length: n }, (_, i) => i);
    const fr = frameBounds({ unit: 'ROWS', from: b('PRECEDING', 50), to: b('FOLLOWING', 50) }, peersFor(many), null);
    const out = new Array<Value>(n);
    aggregateFrames(agg, many, fr, out);
    expect(steps).toBeLessThanOrEqual(2 * n);
    expect(out[1000]).toBe(101 * 1000);
  });
});
