/**
 * src/level4-sql/exec/window-aggregate.ts — an aggregate (COUNT, SUM, AVG, MIN, MAX) over the frame of every
 * row of a partition, computed incrementally where the frames allow.
 *
 * 1. Frames come from window-frame.ts: `start` and `end` never decrease from one row to the next.
 * 2. Strategies, first that applies: every frame starts at the partition start → one accumulator, each row
 *    adds the rows its frame gained (a running total, O(n)); every frame ends at the partition end → the same
 *    from the last row backwards; MIN / MAX → a monotonic deque of candidates (O(n)); an accumulator that can
 *    `remove` exactly (COUNT, exact SUM / AVG) → add what enters, remove what leaves (O(n)); otherwise each
 *    frame is folded afresh (O(n · frame width)), reusing the previous result when the frame did not change.
 * 3. The results are exactly what a fresh accumulator over the frame would give: removal is used only where
 *    it is exact (aggregates.ts invariant 6); REAL sums are never un-added.
 */
import type { Value } from '../../common/values/value';
import { extremeCompare, type Accumulator } from '../eval/aggregates';
import type { Frames } from './window-frame';

/** How to make the aggregate's accumulators; `extreme` is set for MIN / MAX without DISTINCT. */
export interface FrameAggregate {
  create(): Accumulator;
  readonly extreme: 'MIN' | 'MAX' | null;
}

/** Writes the aggregate over row i's frame into `out[i]` for every row (see the file header). */
export function aggregateFrames(agg: FrameAggregate, vals: readonly Value[], f: Frames, out: Value[]): void {
  const n = vals.length;
  if (n === 0) return;
  let fromStart = true;
  let toEnd = true;
  for (let i = 0; i < n; i++) {
    if (f.start[i] !== 0) fromStart = false;
    if (f.end[i] !== n) toEnd = false;
  }
  if (fromStart) return growing(agg.create(), vals, f, out);
  if (toEnd) return shrinking(agg.create(), vals, f, out);
  if (agg.extreme !== null) return extremes(agg.extreme === 'MAX', vals, f, out);
  if (sliding(agg, vals, f, out)) return;
  refolding(agg, vals, f, out, 0);
}

function growing(acc: Accumulator, vals: readonly Value[], f: Frames, out: Value[]): void {
  let pos = 0;
  for (let i = 0; i < vals.length; i++) {
    const e = f.end[i]!;
    while (pos < e) acc.step(vals[pos++]!);
    out[i] = acc.result();
  }
}

function shrinking(acc: Accumulator, vals: readonly Value[], f: Frames, out: Value[]): void {
  let pos = vals.length;
  for (let i = vals.length - 1; i >= 0; i--) {
    const s = f.start[i]!;
    while (pos > s) acc.step(vals[--pos]!);
    out[i] = acc.result();
  }
}

/** MIN / MAX through a deque of row numbers whose values decrease (MAX) or increase (MIN) from the front. */
function extremes(max: boolean, vals: readonly Value[], f: Frames, out: Value[]): void {
  const dq = new Int32Array(vals.length);
  let head = 0;
  let tail = 0;
  let pos = 0;
  for (let i = 0; i < vals.length; i++) {
    const e = f.end[i]!;
    for (; pos < e; pos++) {
      const v = vals[pos]!;
      if (v === null) continue;
      // a candidate the new value beats can never be the answer again; ties keep the earlier value
      while (tail > head) {
        const c = extremeCompare(v, vals[dq[tail - 1]!]!);
        if (max ? c > 0 : c < 0) tail--;
        else break;
      }
      dq[tail++] = pos;
    }
    const s = f.start[i]!;
    while (head < tail && dq[head]! < s) head++;
    out[i] = head < tail && s < e ? vals[dq[head]!]! : null;
  }
}

/** Adds rows entering the frame and removes rows leaving it; false when the accumulator cannot remove. */
function sliding(agg: FrameAggregate, vals: readonly Value[], f: Frames, out: Value[]): boolean {
  const acc = agg.create();
  if (acc.remove === undefined) return false;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < vals.length; i++) {
    const s = f.start[i]!;
    const e = f.end[i]!;
    while (hi < e) acc.step(vals[hi++]!);
    while (lo < s) {
      if (!acc.remove(vals[lo]!)) {
        refolding(agg, vals, f, out, i);
        return true;
      }
      lo++;
    }
    out[i] = acc.result();
  }
  return true;
}

/** Folds each frame from scratch, from row `from` on; an unchanged frame reuses the previous result. */
function refolding(agg: FrameAggregate, vals: readonly Value[], f: Frames, out: Value[], from: number): void {
  let prevS = -1;
  let prevE = -1;
  let prev: Value = null;
  for (let i = from; i < vals.length; i++) {
    const s = f.start[i]!;
    const e = f.end[i]!;
    if (s !== prevS || e !== prevE) {
      const acc = agg.create();
      for (let j = s; j < e; j++) acc.step(vals[j]!);
      prev = acc.result();
      prevS = s;
      prevE = e;
    }
    out[i] = prev;
  }
}
