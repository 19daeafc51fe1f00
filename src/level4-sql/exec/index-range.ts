/**
 * src/level4-sql/exec/index-range.ts — IndexRangeRowSet: the rows whose index key starts with a fixed
 * prefix and whose next key column lies between optional bounds, in index order (or reversed).
 *
 * 1. Bounds are evaluated when the rowset opens; a NULL prefix value or bound matches nothing.
 * 2. Opening records `tx.readRange(index, low, high)` with inclusive (prefix) bounds that cover the scan
 *    (exclusive bounds are recorded as inclusive: a superset, which is safe).
 * 3. Keys whose range column is NULL never satisfy a comparison, so they are skipped; the scan stops at the
 *    first key past the prefix or the far bound. Each row fetched counts in rowsVisited.
 * 4. A prefix of one string is tested against each entry by the leaf's head codes when they can tell
 *    (search-strings.ts invariant 5), without reading the entry's key and its string; else by `hasPrefix`.
 * 5. Rows are fetched through a `NumberFollower` (search-numbers.ts invariant 6): the entries of one key of a
 *    non-unique index, and a primary key's range over rows stored in key order, come in row-id order, so
 *    consecutive rows are found in the leaf the last one was, without a descent from the root.
 */
import { assert } from '../../common/assert';
import { keepShape } from '../../common/shapes';
import type { BTree } from '../../common/tree/btree';
import { Walker, type Bookmark } from '../../common/tree/bookmark';
import { NumberFollower } from '../../common/tree/search-numbers';
import { compareValues, type Row, type Value } from '../../common/values/value';
import { emptyTable, type Table } from '../../level3-objects/table';
import { keyAt, type TreeKey } from '../../level3-objects/table-index';
import { detachedContext, type ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import { hasPrefix, keyValue, keyValues, type KeyPart } from './index-key';
import { conjunction, filterText, type RowTest } from './predicate';
import { EMPTY_CURSOR, line, type Cursor, type TableCursor, type TableRowSet } from './rowset';
import { TableIndexCache } from './trivial';

type Key = readonly Value[];

/** One bound on the column after the prefix. */
export interface RangeBound {
  readonly part: KeyPart;
  readonly inclusive: boolean;
}

/** What an index range scan reads. */
export interface RangeSpec {
  readonly tableDefpos: number;
  readonly label: string;
  readonly indexDefpos: number;
  readonly indexName: string;
  readonly prefix: readonly KeyPart[];
  readonly low: RangeBound | null;
  readonly high: RangeBound | null;
  readonly descending: boolean;
  readonly filter: readonly Compiled[];
  readonly gate: readonly Compiled[];
}

/** An index range scan (see the file header). */
export class IndexRangeRowSet implements TableRowSet {
  readonly kind = 'IndexRangeRowSet' as const;
  readonly tableDefpos: number;
  private readonly test: RowTest | null;
  private readonly gateTest: RowTest | null;
  private readonly cache: TableIndexCache;

  constructor(readonly spec: RangeSpec) {
    this.tableDefpos = spec.tableDefpos;
    this.cache = new TableIndexCache(spec.tableDefpos, spec.indexDefpos, spec.label);
    this.test = conjunction(spec.filter);
    this.gateTest = conjunction(spec.gate);
  }

  open(ctx: ExecContext): Cursor {
    return this.openTable(ctx);
  }

  openTable(ctx: ExecContext): TableCursor {
    const s = this.spec;
    if (this.gateTest !== null && this.gateTest(ctx, null) !== true) return EMPTY_CURSOR;
    const n = s.prefix.length;
    const prefix = new Array<Value>(n);
    if (!keyValues(ctx, s.prefix, null, prefix)) return EMPTY_CURSOR;
    const lo = s.low === null ? undefined : keyValue(ctx, s.low.part, null);
    const hi = s.high === null ? undefined : keyValue(ctx, s.high.part, null);
    if (lo === null || hi === null) return EMPTY_CURSOR;
    const lowKey = lo === undefined ? (n === 0 ? null : prefix) : [...prefix, lo];
    const highKey = hi === undefined ? (n === 0 ? null : prefix) : [...prefix, hi];
    ctx.tx.readRange(s.indexDefpos, lowKey, highKey);
    const [t, ix] = this.cache.get(ctx);
    const start = s.descending ? lastWithin(ix.tree, highKey) : lowKey === null ? ix.tree.first() : ix.tree.seek(lowKey);
    const bounded = s.low !== null || s.high !== null;
    return new RangeCursor(ctx, t, start, prefix, bounded, lo ?? null, s.low?.inclusive ?? true, hi ?? null, s.high?.inclusive ?? true, s.descending, this.test);
  }

  explain(out: string[], depth: number): void {
    const s = this.spec;
    const pre = s.prefix.map((p) => p.value.text);
    const lo = s.low === null ? (pre.length ? tuple(pre) : '-inf') : tuple([...pre, s.low.part.value.text]);
    const hi = s.high === null ? (pre.length ? tuple(pre) : '+inf') : tuple([...pre, s.high.part.value.text]);
    const open = s.low === null || s.low.inclusive ? '[' : '(';
    const close = s.high === null || s.high.inclusive ? ']' : ')';
    const dir = s.descending ? ' descending' : '';
    const rest = `${filterText('filter', s.filter)}${filterText('when', s.gate)}`;
    line(out, depth, `IndexRangeRowSet ${s.label} index ${s.indexName} ${open}${lo}, ${hi}${close}${dir}${rest}`);
  }
}

function tuple(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `(${items.join(', ')})`;
}

/** The last entry whose key is <= `bound` on the bound's length (the whole tree when null). */
function lastWithin(tree: BTree<TreeKey, number>, bound: Key | null): Bookmark<TreeKey, number> | null {
  if (bound === null) return tree.last();
  let b = tree.seek(bound);
  if (b === null) return tree.last();
  while (b !== null && hasPrefix(b.key, bound, bound.length)) {
    const nx: Bookmark<TreeKey, number> | null = b.next();
    if (nx === null) return b;
    b = nx;
  }
  return b === null ? null : b.previous();
}

class RangeCursor implements TableCursor {
  rowid = -1;
  /** at the entry to read next (not yet read while `fresh`); null at the end */
  private w: Walker<TreeKey, number> | null;
  private fresh = true;
  /** the prefix's one value when it is a string: its entries are told by head codes (invariant 4) */
  private readonly head: string | null;
  /** the rows, looked up by the entries' row ids remembering the last leaf (invariant 5) */
  private readonly rows: NumberFollower<Row>;

  constructor(
    private readonly ctx: ExecContext,
    table: Table,
    start: Bookmark<TreeKey, number> | null,
    private readonly prefix: Key,
    private readonly bounded: boolean,
    private readonly lo: Value,
    private readonly loIncl: boolean,
    private readonly hi: Value,
    private readonly hiIncl: boolean,
    private readonly desc: boolean,
    private readonly test: RowTest | null,
  ) {
    this.w = start === null ? null : new Walker(start);
    this.rows = new NumberFollower(table.rows.root, table.rows.height);
    const p = prefix.length === 1 ? prefix[0] : undefined;
    this.head = typeof p === 'string' ? p : null;
  }

  next(): Row | null {
    const w = this.w;
    if (w === null) return null;
    const n = this.prefix.length;
    const head = this.head;
    for (;;) {
      if (this.fresh) this.fresh = false;
      else if (!w.step(!this.desc)) return this.end();
      const key = w.key;
      if (head !== null) {
        const is = w.headIs(head);
        if (is === 0 || (is === -1 && !hasPrefix(key, this.prefix, 1))) return this.end();
      } else if (!hasPrefix(key, this.prefix, n)) return this.end();
      if (this.bounded) {
        const v = keyAt(key, n);
        if (v === null) {
          if (this.desc) return this.end();
          continue;
        }
        const verdict = this.desc ? this.checkDesc(v) : this.checkAsc(v);
        if (verdict === 1) return this.end();
        if (verdict === 0) continue;
      }
      const rowid = w.value;
      const row = this.rows.get(rowid);
      assert(row !== undefined, 'index names a missing row');
      this.ctx.visited();
      if (this.test === null || this.test(this.ctx, row) === true) {
        this.rowid = rowid;
        return row;
      }
    }
  }

  /** -1 take, 0 skip, 1 stop. */
  private checkAsc(v: Value): number {
    if (this.lo !== null && !this.loIncl && compareValues(v, this.lo) === 0) return 0;
    if (this.hi !== null) {
      const c = compareValues(v, this.hi);
      if (c > 0 || (c === 0 && !this.hiIncl)) return 1;
    }
    return -1;
  }

  private checkDesc(v: Value): number {
    if (this.hi !== null && !this.hiIncl && compareValues(v, this.hi) === 0) return 0;
    if (this.lo !== null) {
      const c = compareValues(v, this.lo);
      if (c < 0 || (c === 0 && !this.loIncl)) return 1;
    }
    return -1;
  }

  private end(): null {
    this.w = null;
    return null;
  }
}

// cursors live for one execution (shapes.ts)
keepShape(() => new RangeCursor(detachedContext(), emptyTable(-1, ''), null, [], false, null, true, null, true, false, null));
