/**
 * src/level4-sql/exec/window-frame.ts — frame arithmetic for window functions: peer groups of a sorted
 * partition and the frame `[start, end)` of every row under ROWS, RANGE or GROUPS bounds.
 *
 * 1. Rows are numbered 0..n-1 within their partition, in window order. Peers are rows whose ORDER BY keys
 *    compare equal (all rows are peers when there is no ORDER BY); a peer group is a maximal run of peers.
 * 2. ROWS counts rows, GROUPS counts peer groups, RANGE compares the one ORDER BY key with the current row's
 *    key shifted by the offset (`shift`, in the sort direction: PRECEDING moves towards the partition start).
 *    CURRENT ROW is the row itself under ROWS and its peer group under RANGE and GROUPS.
 * 3. Under RANGE with an offset, a row whose key is NULL has its peer group (the other NULL rows) as the
 *    part of the frame an offset bound decides, and rows with NULL keys are never within an offset of a
 *    non-NULL key.
 * 4. Every frame is clamped to the partition; a frame whose end falls before its start is empty
 *    (`end === start`). Because offsets are constants and rows are sorted, `start` and `end` are both
 *    non-decreasing in the row number — window-aggregate.ts relies on it.
 */
import { compareValues, type Value } from '../../common/values/value';

export type BoundKind = 'UNBOUNDED PRECEDING' | 'PRECEDING' | 'CURRENT ROW' | 'FOLLOWING' | 'UNBOUNDED FOLLOWING';

/** A frame bound with its offset evaluated: a row or group count (ROWS, GROUPS) or a key distance (RANGE). */
export interface BoundValue {
  readonly kind: BoundKind;
  /** ROWS / GROUPS: a non-negative integer (may be Infinity); RANGE: a non-null value; else unused */
  readonly offset: number | Value;
}

/** A frame with evaluated offsets. */
export interface FrameValue {
  readonly unit: 'ROWS' | 'RANGE' | 'GROUPS';
  readonly from: BoundValue;
  readonly to: BoundValue;
}

/** The peer structure of one sorted partition (invariant 1). */
export interface Peers {
  readonly n: number;
  /** per row: index of the first row of its peer group */
  readonly peerStart: Int32Array;
  /** per row: one past the last row of its peer group */
  readonly peerEnd: Int32Array;
  /** per row: the number of its peer group, from 0 */
  readonly group: Int32Array;
  /** per group: its first row; one extra entry holds n */
  readonly groupStart: Int32Array;
}

/** The RANGE key of each row and how to move along it (invariant 2). */
export interface RangeKeys {
  readonly keys: readonly Value[];
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  /** `v + k` when `plus`, else `v - k` */
  shift(v: Value, k: Value, plus: boolean): Value;
}

/** Frames of a partition: row i's frame is rows `start[i]` up to, not including, `end[i]`. */
export interface Frames {
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Peer groups of `n` sorted rows; `samePeer(i)` says whether row i is a peer of row i-1 (i ≥ 1). */
export function peersOf(n: number, samePeer: (i: number) => boolean): Peers {
  const peerStart = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  const group = new Int32Array(n);
  const starts: number[] = [];
  let g = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || !samePeer(i)) {
      g++;
      starts.push(i);
    }
    group[i] = g;
    peerStart[i] = starts[g]!;
  }
  starts.push(n);
  for (let i = 0; i < n; i++) peerEnd[i] = starts[group[i]! + 1]!;
  return { n, peerStart, peerEnd, group, groupStart: Int32Array.from(starts) };
}

function clamp(x: number, n: number): number {
  return x < 0 ? 0 : x > n ? n : x;
}

/** The first row of the frame of row i under ROWS or GROUPS. */
function countedStart(b: BoundValue, unit: 'ROWS' | 'GROUPS', i: number, p: Peers): number {
  const n = p.n;
  if (b.kind === 'UNBOUNDED PRECEDING') return 0;
  if (b.kind === 'UNBOUNDED FOLLOWING') return n;
  if (unit === 'ROWS') {
    if (b.kind === 'CURRENT ROW') return i;
    const k = b.offset as number;
    return clamp(b.kind === 'PRECEDING' ? i - k : i + k, n);
  }
  const g = p.group[i]!;
  if (b.kind === 'CURRENT ROW') return p.peerStart[i]!;
  const groups = p.groupStart.length - 1;
  const k = b.offset as number;
  if (b.kind === 'PRECEDING') return p.groupStart[Math.max(g - k, 0)]!;
  return g + k < groups ? p.groupStart[g + k]! : n;
}

/** One past the last row of the frame of row i under ROWS or GROUPS. */
function countedEnd(b: BoundValue, unit: 'ROWS' | 'GROUPS', i: number, p: Peers): number {
  const n = p.n;
  if (b.kind === 'UNBOUNDED FOLLOWING') return n;
  if (b.kind === 'UNBOUNDED PRECEDING') return 0;
  if (unit === 'ROWS') {
    if (b.kind === 'CURRENT ROW') return i + 1;
    const k = b.offset as number;
    return clamp(b.kind === 'PRECEDING' ? i - k + 1 : i + k + 1, n);
  }
  const g = p.group[i]!;
  if (b.kind === 'CURRENT ROW') return p.peerEnd[i]!;
  const groups = p.groupStart.length - 1;
  const k = b.offset as number;
  if (b.kind === 'PRECEDING') return g - k >= 0 ? p.groupStart[g - k + 1]! : 0;
  return p.groupStart[Math.min(g + k, groups - 1) + 1]!;
}

/** First j in [lo, hi) with dir·compare(keys[j], target) ≥ 0 (or > 0 when `strict`). */
function search(keys: readonly Value[], lo: number, hi: number, target: Value, dir: number, strict: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = dir * compareValues(keys[mid]!, target);
    if (strict ? c > 0 : c >= 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The RANGE frame bound of row i: a start when `isStart`, else an end (invariants 2 and 3). */
function rangeBound(b: BoundValue, isStart: boolean, i: number, p: Peers, r: RangeKeys, lo: number, hi: number): number {
  if (b.kind === 'UNBOUNDED PRECEDING') return 0;
  if (b.kind === 'UNBOUNDED FOLLOWING') return p.n;
  if (b.kind === 'CURRENT ROW') return isStart ? p.peerStart[i]! : p.peerEnd[i]!;
  const v = r.keys[i]!;
  if (v === null) return isStart ? p.peerStart[i]! : p.peerEnd[i]!;
  // PRECEDING moves towards the partition start: down the key when ascending, up when descending
  const target = r.shift(v, b.offset as Value, b.kind === 'PRECEDING' ? r.descending : !r.descending);
  return search(r.keys, lo, hi, target, r.descending ? -1 : 1, !isStart);
}

/** The frame of every row of a partition (see the file header). */
export function frameBounds(frame: FrameValue, p: Peers, range: RangeKeys | null): Frames {
  const n = p.n;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  if (frame.unit === 'RANGE') {
    let lo = 0;
    let hi = n;
    if (range !== null) {
      // the rows with non-NULL keys: NULLs sort together at one end
      if (range.nullsFirst) while (lo < n && range.keys[lo] === null) lo++;
      else while (hi > 0 && range.keys[hi - 1] === null) hi--;
    }
    for (let i = 0; i < n; i++) {
      start[i] = range === null ? rangeBoundPlain(frame.from, true, i, p) : rangeBound(frame.from, true, i, p, range, lo, hi);
      const e = range === null ? rangeBoundPlain(frame.to, false, i, p) : rangeBound(frame.to, false, i, p, range, lo, hi);
      end[i] = e < start[i]! ? start[i]! : e;
    }
    return { start, end };
  }
  const unit = frame.unit;
  for (let i = 0; i < n; i++) {
    start[i] = countedStart(frame.from, unit, i, p);
    const e = countedEnd(frame.to, unit, i, p);
    end[i] = e < start[i]! ? start[i]! : e;
  }
  return { start, end };
}

/** A RANGE bound without offsets (no RangeKeys needed): UNBOUNDED or CURRENT ROW. */
function rangeBoundPlain(b: BoundValue, isStart: boolean, i: number, p: Peers): number {
  if (b.kind === 'UNBOUNDED PRECEDING') return 0;
  if (b.kind === 'UNBOUNDED FOLLOWING') return p.n;
  return isStart ? p.peerStart[i]! : p.peerEnd[i]!;
}
