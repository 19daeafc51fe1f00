/**
 * src/level4-sql/exec/rowset.ts — the RowSet and Cursor protocol every executable plan node follows.
 *
 * 1. A RowSet is built once per plan and opened once per execution: `open(ctx)` returns a fresh Cursor.
 *    Cursors are pull-based: `next()` returns the next row or null at the end; no iterator result objects,
 *    no generators (measured: an explicit `next()` returning the row is the cheapest protocol in V8).
 * 2. Rows are arrays laid out as the node's scope says; a node never mutates a row it received.
 * 3. Base-table rowsets (`TableRowSet`) also expose the row defpos of the last row returned, for UPDATE
 *    and DELETE, and count `ctx.rowsVisited` once per base-table row they touch.
 * 4. `explain(out, depth, ctx?)` appends one line per node, indented two spaces per depth. With a context,
 *    constant-key nodes evaluate their key and say whether the lookup finds a row (EmptyRowSet if not).
 * 5. Join nodes (and the reorder above a join chain) carry the planner's rough estimate of their rows, shown
 *    by EXPLAIN as `~N rows` after the join's description: how the join order was chosen.
 */
import type { Row } from '../../common/values/value';
import { keepShape } from '../../common/shapes';
import type { ExecContext } from '../context';

/** A pull cursor over rows. */
export interface Cursor {
  next(): Row | null;
}

/** A cursor over base-table rows that also knows the defpos of the row it returned last. */
export interface TableCursor extends Cursor {
  rowid: number;
}

/** Every kind of executable node. */
export type RowSetKind =
  | 'TableScanRowSet'
  | 'TrivialRowSet'
  | 'IndexLookupRowSet'
  | 'EmptyRowSet'
  | 'IndexRangeRowSet'
  | 'KeyListRowSet'
  | 'SingleRowSet'
  | 'ValuesRowSet'
  | 'FilterRowSet'
  | 'ProjectRowSet'
  | 'NestedLoopJoinRowSet'
  | 'HashJoinRowSet'
  | 'IndexJoinRowSet'
  | 'GroupRowSet'
  | 'SortRowSet'
  | 'DistinctRowSet'
  | 'DistinctOnRowSet'
  | 'LimitRowSet'
  | 'SetOperationRowSet'
  | 'ReorderRowSet'
  | 'LateralJoinRowSet'
  | 'NamedQueryRowSet'
  | 'RecursiveUnionRowSet'
  | 'WorkingTableRowSet'
  | 'WindowRowSet'
  | 'SystemTableRowSet'
  | 'TableFunctionRowSet'
  | 'SeriesRowSet'
  | 'UnnestRowSet'
  | 'OrdinalityRowSet';

/** An executable plan node. */
export interface RowSet {
  readonly kind: RowSetKind;
  open(ctx: ExecContext): Cursor;
  explain(out: string[], depth: number, ctx?: ExecContext): void;
}

/** A base-table access path (TableScan, Trivial, IndexLookup, IndexRange). */
export interface TableRowSet extends RowSet {
  readonly tableDefpos: number;
  openTable(ctx: ExecContext): TableCursor;
}

/** A cursor with no rows. */
export const EMPTY_CURSOR: TableCursor = Object.freeze({ rowid: -1, next: () => null }) as TableCursor;

/** A join's estimate of its rows for EXPLAIN (invariant 5): set by the planner, null when it made none. */
export interface Estimated {
  estimate: number | null;
}

/** The EXPLAIN suffix of an estimate: ` ~N rows`, or nothing. */
export function estimateText(e: Estimated): string {
  return e.estimate === null ? '' : ` ~${Math.round(e.estimate)} row${Math.round(e.estimate) === 1 ? '' : 's'}`;
}

/** `rs` with the planner's estimate attached (invariant 5). */
export function withEstimate<T extends Estimated>(rs: T, estimate: number): T {
  rs.estimate = estimate;
  return rs;
}

/**
 * Every rowset reachable from `roots` through their fields: a field holding a rowset, an array of them, or a
 * plain object holding them (a join's shape). Rowsets reached only through compiled closures are not found.
 */
export function reachableRowSets(roots: readonly RowSet[]): RowSet[] {
  const found = new Set<RowSet>();
  const seen = new Set<object>();
  const visit = (v: unknown, depth: number): void => {
    if (typeof v !== 'object' || v === null || seen.has(v) || depth > 3) return;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.open === 'function' && typeof o.explain === 'function' && typeof o.kind === 'string') {
      found.add(v as RowSet);
      for (const k of Object.keys(o)) visit(o[k], 0);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (proto === Object.prototype || proto === null) for (const k of Object.keys(o)) visit(o[k], depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return [...found];
}

/** Appends one explain line at `depth`. */
export function line(out: string[], depth: number, text: string): void {
  out.push('  '.repeat(depth) + text);
}

/** All rows of a cursor. */
export function drain(cur: Cursor): Row[] {
  const out: Row[] = [];
  for (let r = cur.next(); r !== null; r = cur.next()) out.push(r);
  return out;
}

/** A cursor over an array of rows. */
export class ArrayCursor implements Cursor {
  private i = 0;
  constructor(private readonly rows: readonly Row[]) {}
  next(): Row | null {
    const i = this.i;
    if (i >= this.rows.length) return null;
    this.i = i + 1;
    return this.rows[i]!;
  }
}

// cursors live for one execution (shapes.ts)
keepShape(() => new ArrayCursor([]));
