/**
 * src/level4-sql/exec/window.ts — WindowRowSet: computes window functions (ranking, navigation and aggregates
 * OVER a window) and appends their values to each input row.
 *
 * 1. Output rows are `[...input row padded to base.width, ...window values]`: window function `f` is read at
 *    slot `base.width + f`. `base.width` is set by the planner once the input layout is final (a grouped
 *    query's row width is known only after its select list compiled).
 * 2. The input is read once. Each distinct window ordering (`WindowSort`: PARTITION BY then ORDER BY) sorts
 *    the rows once, as a permutation; every function over that ordering is computed from the same sort. The
 *    sort is stable and NULL partition keys form one partition.
 * 3. Frames: window-frame.ts; aggregates over frames: window-aggregate.ts (incremental). Ranking functions
 *    and LAG / LEAD look at the partition, not the frame; FIRST_VALUE, LAST_VALUE, NTH_VALUE and aggregates
 *    at the frame.
 * 4. Frame offsets are evaluated once per execution: NULL → 22004, negative → 22013. NTILE's argument is
 *    evaluated at the first row of each partition (≤ 0 → 22014); NTH_VALUE's at each row (≤ 0 → 22016);
 *    LAG / LEAD's offset and default at each row (a NULL offset gives NULL).
 * 5. Rows come out in the order of the last window ordering.
 */
import { SqlError, SqlState } from '../../common/errors';
import { sqlCompare } from '../../common/values/compare';
import { Decimal, type Row, type Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import { compareKey, type SortKey } from './sort';
import { ArrayCursor, drain, line, type Cursor, type RowSet } from './rowset';
import { aggregateFrames, type FrameAggregate } from './window-aggregate';
import { frameBounds, peersOf, type BoundKind, type BoundValue, type FrameValue, type Frames, type Peers } from './window-frame';

/** One window ordering: PARTITION BY keys and ORDER BY keys. */
export interface WindowSort {
  readonly partition: readonly Compiled[];
  readonly order: readonly SortKey[];
  readonly text: string;
}

/** A frame bound as planned. */
export interface FrameBoundSpec {
  readonly kind: BoundKind;
  readonly offset: Compiled | null;
}

/** A frame as planned; `shift` moves along the RANGE key (set when a RANGE bound has an offset). */
export interface FrameSpec {
  readonly unit: 'ROWS' | 'RANGE' | 'GROUPS';
  readonly from: FrameBoundSpec;
  readonly to: FrameBoundSpec;
  readonly shift: ((v: Value, k: Value, plus: boolean) => Value) | null;
}

export type WindowFunctionName =
  | 'ROW_NUMBER'
  | 'RANK'
  | 'DENSE_RANK'
  | 'PERCENT_RANK'
  | 'CUME_DIST'
  | 'NTILE'
  | 'LAG'
  | 'LEAD'
  | 'FIRST_VALUE'
  | 'LAST_VALUE'
  | 'NTH_VALUE'
  | 'AGGREGATE';

/** One window function call of the query. */
export interface WindowFunction {
  readonly name: WindowFunctionName;
  /** index into the rowset's sorts */
  readonly sort: number;
  /** arguments as written (an aggregate's argument; none for COUNT(*), which steps with TRUE) */
  readonly args: readonly Compiled[];
  readonly frame: FrameSpec;
  /** set for AGGREGATE */
  readonly aggregate: FrameAggregate | null;
  readonly text: string;
}

/** The rows of one partition, in window order, and their peer groups. */
interface Partition {
  readonly rows: readonly Row[];
  readonly peers: Peers;
  /** the ORDER BY keys of each row (for RANGE offsets) */
  readonly orderKeys: readonly Value[][];
}

const NO_ROW: Row = [];

/** Window functions over the source rows (see the file header). */
export class WindowRowSet implements RowSet {
  readonly kind = 'WindowRowSet' as const;

  constructor(
    readonly source: RowSet,
    readonly sorts: readonly WindowSort[],
    readonly functions: readonly WindowFunction[],
    readonly base: { width: number },
  ) {}

  open(ctx: ExecContext): Cursor {
    const input = drain(this.source.open(ctx));
    const width = this.base.width;
    const out = input.map((r) => {
      const o = new Array<Value>(width + this.functions.length);
      for (let j = 0; j < width; j++) {
        const v = r[j];
        o[j] = v === undefined ? null : v;
      }
      return o;
    });
    const frames = this.functions.map((f) => frameValue(ctx, f.frame));
    let order: Int32Array | null = null;
    for (let s = 0; s < this.sorts.length; s++) {
      const fns = this.functions.map((f, i) => i).filter((i) => this.functions[i]!.sort === s);
      order = this.runSort(ctx, this.sorts[s]!, input, (p, idx) => {
        for (const fi of fns) {
          const res = this.compute(ctx, this.functions[fi]!, frames[fi]!, p);
          for (let i = 0; i < res.length; i++) out[idx[i]!]![width + fi] = res[i]!;
        }
      });
    }
    const rows = order === null ? out : Array.from(order, (i) => out[i]!);
    return new ArrayCursor(rows);
  }

  /** Sorts the input by `sort` and calls `each` per partition with the input indexes of its rows. */
  private runSort(ctx: ExecContext, sort: WindowSort, input: readonly Row[], each: (p: Partition, idx: Int32Array) => void): Int32Array {
    const n = input.length;
    const np = sort.partition.length;
    const no = sort.order.length;
    const pk = input.map((r) => sort.partition.map((c) => c.eval(ctx, r)));
    const ok = input.map((r) => sort.order.map((k) => k.value.eval(ctx, r)));
    const perm = Array.from({ length: n }, (_, i) => i);
    const samePartition = (a: number, b: number): boolean => {
      for (let j = 0; j < np; j++) if (compareKey(pk[a]![j]!, pk[b]![j]!, false, true) !== 0) return false;
      return true;
    };
    const orderCmp = (a: number, b: number): number => {
      for (let j = 0; j < no; j++) {
        const k = sort.order[j]!;
        const c = compareKey(ok[a]![j]!, ok[b]![j]!, k.descending, k.nullsFirst);
        if (c !== 0) return c;
      }
      return 0;
    };
    perm.sort((a, b) => {
      for (let j = 0; j < np; j++) {
        const c = compareKey(pk[a]![j]!, pk[b]![j]!, false, true);
        if (c !== 0) return c;
      }
      return orderCmp(a, b) || a - b;
    });
    const order = Int32Array.from(perm);
    for (let p0 = 0; p0 < n; ) {
      let p1 = p0 + 1;
      while (p1 < n && samePartition(order[p0]!, order[p1]!)) p1++;
      const idx = order.subarray(p0, p1);
      const rows = Array.from(idx, (i) => input[i]!);
      const peers = peersOf(idx.length, (i) => orderCmp(idx[i - 1]!, idx[i]!) === 0);
      each({ rows, peers, orderKeys: Array.from(idx, (i) => ok[i]!) }, idx);
      p0 = p1;
    }
    return order;
  }

  /** The values of one function for the rows of one partition. */
  private compute(ctx: ExecContext, f: WindowFunction, frame: FrameValue, p: Partition): Value[] {
    const n = p.rows.length;
    const res = new Array<Value>(n);
    const peers = p.peers;
    switch (f.name) {
      case 'ROW_NUMBER':
        for (let i = 0; i < n; i++) res[i] = i + 1;
        return res;
      case 'RANK':
        for (let i = 0; i < n; i++) res[i] = peers.peerStart[i]! + 1;
        return res;
      case 'DENSE_RANK':
        for (let i = 0; i < n; i++) res[i] = peers.group[i]! + 1;
        return res;
      case 'PERCENT_RANK':
        for (let i = 0; i < n; i++) res[i] = n > 1 ? peers.peerStart[i]! / (n - 1) : 0;
        return res;
      case 'CUME_DIST':
        for (let i = 0; i < n; i++) res[i] = peers.peerEnd[i]! / n;
        return res;
      case 'NTILE':
        return ntile(ctx, f, p, res);
      case 'LAG':
      case 'LEAD':
        return shifted(ctx, f, p, res, f.name === 'LAG' ? -1 : 1);
      default:
        break;
    }
    const frames = frameBounds(frame, peers, frame.unit === 'RANGE' && f.frame.shift !== null ? this.rangeKeys(f, p) : null);
    const arg = f.args[0];
    const vals = arg === undefined ? new Array<Value>(n).fill(true) : p.rows.map((r) => arg.eval(ctx, r));
    if (f.name === 'AGGREGATE') {
      aggregateFrames(f.aggregate!, vals, frames, res);
      return res;
    }
    return valueInFrame(ctx, f, p, vals, frames, res);
  }

  private rangeKeys(f: WindowFunction, p: Partition): Parameters<typeof frameBounds>[2] {
    const k = this.sorts[f.sort]!.order[0]!;
    return { keys: p.orderKeys.map((ks) => ks[0]!), descending: k.descending, nullsFirst: k.nullsFirst, shift: f.frame.shift! };
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const parts = this.sorts.map((s, i) => {
      const fns = this.functions.filter((f) => f.sort === i).map((f) => f.text);
      return `${s.text === '' ? '()' : s.text}: ${fns.join(', ')}`;
    });
    line(out, depth, `Window ${parts.join('; ')}`);
    this.source.explain(out, depth + 1, ctx);
  }
}

/** A number from a count value (a bigint beyond 2^53 becomes ±Infinity); NaN when it is no number. */
function toCount(v: Value): number {
  if (typeof v === 'bigint') return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : v < -BigInt(Number.MAX_SAFE_INTEGER) ? -Infinity : Number(v);
  if (typeof v === 'number') return v;
  if (v instanceof Decimal) return v.toNumber();
  return Number.NaN;
}

/** Evaluates a frame's offsets (invariant 4). */
function frameValue(ctx: ExecContext, f: FrameSpec): FrameValue {
  const bound = (b: FrameBoundSpec, which: string): BoundValue => {
    if (b.offset === null) return { kind: b.kind, offset: 0 };
    const v = b.offset.eval(ctx, NO_ROW);
    if (v === null) throw SqlError.of(SqlState.NullValueNotAllowed, [`frame ${which} offset`]);
    if (f.unit === 'RANGE') {
      if (sqlCompare(v, 0)! < 0) throw SqlError.of(SqlState.InvalidPrecedingOrFollowingSize, [`frame ${which} offset must not be negative`]);
      return { kind: b.kind, offset: v };
    }
    const k = toCount(v);
    if (!(k >= 0)) throw SqlError.of(SqlState.InvalidPrecedingOrFollowingSize, [`frame ${which} offset must not be negative`]);
    return { kind: b.kind, offset: Math.floor(k) };
  };
  return { unit: f.unit, from: bound(f.from, 'starting'), to: bound(f.to, 'ending') };
}

function ntile(ctx: ExecContext, f: WindowFunction, p: Partition, res: Value[]): Value[] {
  const n = p.rows.length;
  const v = f.args[0]!.eval(ctx, p.rows[0]!);
  if (v === null) return res.fill(null);
  const k = Math.floor(toCount(v));
  if (!(k > 0)) throw SqlError.of(SqlState.InvalidArgumentForNtile, []);
  const buckets = Math.min(k, n);
  const q = Math.floor(n / buckets);
  const r = n % buckets;
  const big = r * (q + 1); // the first r buckets hold q + 1 rows
  for (let i = 0; i < n; i++) res[i] = i < big ? Math.floor(i / (q + 1)) + 1 : r + Math.floor((i - big) / q) + 1;
  return res;
}

/** LAG (dir -1) and LEAD (dir 1): the argument `offset` rows away in the partition, else the default. */
function shifted(ctx: ExecContext, f: WindowFunction, p: Partition, res: Value[], dir: number): Value[] {
  const [arg, off, dflt] = f.args;
  const rows = p.rows;
  for (let i = 0; i < rows.length; i++) {
    let k = 1;
    if (off !== undefined) {
      const v = off.eval(ctx, rows[i]!);
      if (v === null) {
        res[i] = null;
        continue;
      }
      k = Math.trunc(toCount(v));
      if (Number.isNaN(k)) throw SqlError.of(SqlState.DatatypeMismatch, [`${f.name} offset must be an integer`]);
    }
    const j = i + dir * k;
    res[i] = j >= 0 && j < rows.length ? arg!.eval(ctx, rows[j]!) : dflt === undefined ? null : dflt.eval(ctx, rows[i]!);
  }
  return res;
}

/** FIRST_VALUE, LAST_VALUE, NTH_VALUE over each row's frame. */
function valueInFrame(ctx: ExecContext, f: WindowFunction, p: Partition, vals: readonly Value[], fr: Frames, res: Value[]): Value[] {
  for (let i = 0; i < vals.length; i++) {
    const s = fr.start[i]!;
    const e = fr.end[i]!;
    let j: number;
    if (f.name === 'FIRST_VALUE') j = s;
    else if (f.name === 'LAST_VALUE') j = e - 1;
    else {
      const v = f.args[1]!.eval(ctx, p.rows[i]!);
      if (v === null) {
        res[i] = null;
        continue;
      }
      const k = Math.floor(toCount(v));
      if (!(k > 0)) throw SqlError.of(SqlState.InvalidArgumentForNthValue, []);
      j = s + k - 1;
    }
    res[i] = j >= s && j < e ? vals[j]! : null;
  }
  return res;
}
