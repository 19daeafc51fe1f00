/**
 * src/level4-sql/exec/sort.ts — SortRowSet: ORDER BY, as a full sort or, when a LIMIT is known at open
 * time, a top-N bounded heap that keeps only OFFSET + LIMIT rows.
 *
 * 1. Sort keys are computed once per row (decorate–sort–undecorate), from the rows the source yields.
 * 2. NULLs sort first ascending and last descending unless NULLS FIRST / LAST says otherwise.
 * 3. The full sort is stable (V8's TimSort); the heap breaks ties by arrival order, so both give the same
 *    order for equal keys.
 * 4. The top-N heap is a max-heap on the sort order: a row is admitted only when it sorts before the worst
 *    kept row; the first sort key decides that before anything is allocated unless it ties.
 */
import { compareValues, type Row, type Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { Compiled, EvalFn } from '../eval/compiled';
import { rowCount } from './basic';
import { ArrayCursor, line, type Cursor, type RowSet } from './rowset';

/** One ORDER BY key. */
export interface SortKey {
  readonly value: Compiled;
  readonly descending: boolean;
  /** where NULLs go, resolved from NULLS FIRST/LAST and the direction */
  readonly nullsFirst: boolean;
}

interface Entry {
  k: Value;
  ks: Value[] | null;
  row: Row;
  seq: number;
}

/** Compares two non-undefined values under one key's direction and NULL placement. */
export function compareKey(a: Value, b: Value, desc: boolean, nullsFirst: boolean): number {
  if (a === null) return b === null ? 0 : nullsFirst ? -1 : 1;
  if (b === null) return nullsFirst ? 1 : -1;
  const c = typeof a === 'number' && typeof b === 'number' ? (a < b ? -1 : a > b ? 1 : 0) : compareValues(a, b);
  return desc ? -c : c;
}

/** ORDER BY, optionally bounded by LIMIT/OFFSET (see the file header). */
export class SortRowSet implements RowSet {
  readonly kind = 'SortRowSet' as const;
  private readonly fs: readonly EvalFn[];
  private readonly cmp: (a: Entry, b: Entry) => number;

  constructor(
    readonly source: RowSet,
    readonly keys: readonly SortKey[],
    readonly limit: Compiled | null,
    readonly offset: Compiled | null,
  ) {
    this.fs = keys.map((k) => k.value.eval);
    this.cmp = entryComparator(keys);
  }

  open(ctx: ExecContext): Cursor {
    const limit = rowCount(ctx, this.limit, false);
    const keep = limit === null ? null : limit + (rowCount(ctx, this.offset, true) ?? 0);
    const src = this.source.open(ctx);
    const entries = keep === null ? this.collect(ctx, src) : this.topN(ctx, src, keep);
    entries.sort(this.cmp);
    const rows = new Array<Row>(entries.length);
    for (let i = 0; i < entries.length; i++) rows[i] = entries[i]!.row;
    return new ArrayCursor(rows);
  }

  private entry(ctx: ExecContext, row: Row, seq: number): Entry {
    const fs = this.fs;
    if (fs.length === 1) return { k: fs[0]!(ctx, row), ks: null, row, seq };
    const ks = new Array<Value>(fs.length);
    for (let i = 0; i < fs.length; i++) ks[i] = fs[i]!(ctx, row);
    return { k: null, ks, row, seq };
  }

  private collect(ctx: ExecContext, src: Cursor): Entry[] {
    const out: Entry[] = [];
    for (let r = src.next(); r !== null; r = src.next()) out.push(this.entry(ctx, r, out.length));
    return out;
  }

  private topN(ctx: ExecContext, src: Cursor, keep: number): Entry[] {
    const heap: Entry[] = [];
    if (keep === 0) return heap;
    const cmp = this.cmp;
    const first = this.fs[0]!;
    const single = this.fs.length === 1;
    const k0 = this.keys[0]!;
    let seq = 0;
    for (let r = src.next(); r !== null; r = src.next(), seq++) {
      if (heap.length < keep) {
        heap.push(this.entry(ctx, r, seq));
        siftUp(heap, heap.length - 1, cmp);
        continue;
      }
      // decide on the first key alone when it differs from the worst kept row's; nothing is allocated
      const top = heap[0]!;
      const c = compareKey(first(ctx, r), single ? top.k : top.ks![0]!, k0.descending, k0.nullsFirst);
      if (c > 0 || (c === 0 && single)) continue; // equal single keys: the earlier row stays (arrival order)
      const e = this.entry(ctx, r, seq);
      if (c === 0 && cmp(e, top) >= 0) continue;
      heap[0] = e;
      siftDown(heap, 0, cmp);
    }
    return heap;
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const keys = this.keys
      .map((k) => `${k.value.text}${k.descending ? ' DESC' : ''}${k.nullsFirst !== !k.descending ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`)
      .join(', ');
    const top = this.limit === null ? '' : ` top ${this.limit.text}${this.offset === null ? '' : ` + ${this.offset.text}`}`;
    line(out, depth, `Sort (${keys})${top}`);
    this.source.explain(out, depth + 1, ctx);
  }
}

function entryComparator(keys: readonly SortKey[]): (a: Entry, b: Entry) => number {
  if (keys.length === 1) {
    const { descending, nullsFirst } = keys[0]!;
    return (a, b) => compareKey(a.k, b.k, descending, nullsFirst) || a.seq - b.seq;
  }
  return (a, b) => {
    const x = a.ks!;
    const y = b.ks!;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const c = compareKey(x[i]!, y[i]!, k.descending, k.nullsFirst);
      if (c !== 0) return c;
    }
    return a.seq - b.seq;
  };
}

function siftUp(h: Entry[], i: number, cmp: (a: Entry, b: Entry) => number): void {
  const e = h[i]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (cmp(e, h[p]!) <= 0) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = e;
}

function siftDown(h: Entry[], i: number, cmp: (a: Entry, b: Entry) => number): void {
  const n = h.length;
  const e = h[i]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && cmp(h[c + 1]!, h[c]!) > 0) c++;
    if (cmp(h[c]!, e) <= 0) break;
    h[i] = h[c]!;
    i = c;
  }
  h[i] = e;
}
