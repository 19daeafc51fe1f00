/**
 * src/level4-sql/exec/table-scan.ts — TableScanRowSet: every row of a base table, filtered.
 *
 * 1. The rows come from the transaction's current snapshot (`ctx.tx.state`), read when the rowset opens:
 *    the scan sees the table as it was then, whatever the statement writes meanwhile (no Halloween problem).
 * 2. Opening records `tx.readTable` (the whole table is read); every row visited counts in rowsVisited.
 * 3. The filter is fused into the scan loop: no separate filter node, no per-row allocation (the rows are
 *    walked with a `TreeCursor`, which allocates nothing per entry).
 * 4. Rows come in Pyrrho's order: primary-key order for a table that has a primary key, else insertion
 *    (defpos) order. When the table's rows are already in key order (`Table.keyOrdered`, as they are when keys
 *    were inserted ascending) the row tree is walked directly; otherwise the rows come from `keyOrderOf`
 *    (level3-objects/key-order.ts), arrays in key order cached per version of the table.
 * 5. `rowCount` answers how many rows an unfiltered scan gives from the row tree's size, without visiting
 *    them (COUNT(*) over a whole table, group.ts invariant 5); it records the whole-table read as opening does.
 */
import { assert } from '../../common/assert';
import { keepShape } from '../../common/shapes';
import { TreeCursor } from '../../common/tree/tree-cursor';
import type { Row } from '../../common/values/value';
import { emptyRowTree, type Table } from '../../level3-objects/table';
import { keyOrderOf, type KeyOrder } from '../../level3-objects/key-order';
import { detachedContext, type ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import { conjunction, filterText, type RowTest } from './predicate';
import { EMPTY_CURSOR, line, type Cursor, type TableCursor, type TableRowSet } from './rowset';

/** A full scan of one table (see the file header). */
export class TableScanRowSet implements TableRowSet {
  readonly kind = 'TableScanRowSet' as const;
  private readonly test: RowTest | null;
  private readonly gateTest: RowTest | null;

  constructor(
    readonly tableDefpos: number,
    readonly label: string,
    readonly filter: readonly Compiled[],
    readonly gate: readonly Compiled[],
  ) {
    this.test = conjunction(filter);
    this.gateTest = conjunction(gate);
  }

  open(ctx: ExecContext): Cursor {
    const t = this.tableOf(ctx);
    if (t === null) return EMPTY_CURSOR;
    if (t.keyOrdered) return new ScanCursor(ctx, new TreeCursor(t.rows), this.test);
    return new KeyOrderScanCursor(ctx, new KeyOrderRows(t), this.test);
  }

  openTable(ctx: ExecContext): TableCursor {
    const t = this.tableOf(ctx);
    if (t === null) return EMPTY_CURSOR;
    if (t.keyOrdered) return new ScanRowidCursor(ctx, new TreeCursor(t.rows), this.test);
    return new KeyOrderRowidCursor(ctx, new KeyOrderRows(t), this.test);
  }

  /** The number of rows an unfiltered scan gives (invariant 5); null when a filter must see each row. */
  rowCount(ctx: ExecContext): number | null {
    if (this.test !== null) return null;
    const t = this.tableOf(ctx);
    return t === null ? 0 : t.rows.size;
  }

  private tableOf(ctx: ExecContext): Table | null {
    if (this.gateTest !== null && this.gateTest(ctx, null) !== true) return null;
    const t = ctx.tx.state.table(this.tableDefpos);
    assert(t !== undefined, `table ${this.label} vanished from the snapshot`);
    ctx.tx.readTable(this.tableDefpos);
    return t;
  }

  explain(out: string[], depth: number): void {
    line(out, depth, `TableScanRowSet ${this.label}${filterText('filter', this.filter)}${filterText('when', this.gate)}`);
  }
}

class ScanCursor implements Cursor {
  constructor(
    private readonly ctx: ExecContext,
    private readonly rows: TreeCursor<number, Row>,
    private readonly test: RowTest | null,
  ) {}

  next(): Row | null {
    const rows = this.rows;
    const ctx = this.ctx;
    const test = this.test;
    while (rows.advance()) {
      ctx.visited();
      const row = rows.value;
      if (test === null || test(ctx, row) === true) return row;
    }
    return null;
  }
}

class ScanRowidCursor implements TableCursor {
  rowid = -1;
  constructor(
    private readonly ctx: ExecContext,
    private readonly rows: TreeCursor<number, Row>,
    private readonly test: RowTest | null,
  ) {}

  next(): Row | null {
    const rows = this.rows;
    const ctx = this.ctx;
    const test = this.test;
    while (rows.advance()) {
      ctx.visited();
      const row = rows.value;
      if (test === null || test(ctx, row) === true) {
        this.rowid = rows.key;
        return row;
      }
    }
    return null;
  }
}

/**
 * The rows of a table whose rows are not in key order, in primary-key order (invariant 4), from `keyOrderOf`.
 * Used like a `TreeCursor` over the rows (`key` is the row's defpos).
 */
class KeyOrderRows {
  key = -1;
  value: Row = EMPTY_ROW;
  private readonly order: KeyOrder;
  private i = 0;

  constructor(t: Table) {
    this.order = keyOrderOf(t);
  }

  advance(): boolean {
    const { order, rowids, rows } = this.order;
    const i = this.i;
    if (i >= order.length) return false;
    this.i = i + 1;
    const at = order[i]!;
    this.key = rowids[at]!;
    this.value = rows[at]!;
    return true;
  }
}

const EMPTY_ROW: Row = [];

/** `ScanCursor` over `KeyOrderRows` (a class of its own, so the direct scan's calls stay monomorphic). */
class KeyOrderScanCursor implements Cursor {
  constructor(
    private readonly ctx: ExecContext,
    private readonly rows: KeyOrderRows,
    private readonly test: RowTest | null,
  ) {}

  next(): Row | null {
    const rows = this.rows;
    const ctx = this.ctx;
    const test = this.test;
    while (rows.advance()) {
      ctx.visited();
      const row = rows.value;
      if (test === null || test(ctx, row) === true) return row;
    }
    return null;
  }
}

/** `ScanRowidCursor` over `KeyOrderRows`. */
class KeyOrderRowidCursor implements TableCursor {
  rowid = -1;
  constructor(
    private readonly ctx: ExecContext,
    private readonly rows: KeyOrderRows,
    private readonly test: RowTest | null,
  ) {}

  next(): Row | null {
    const rows = this.rows;
    const ctx = this.ctx;
    const test = this.test;
    while (rows.advance()) {
      ctx.visited();
      const row = rows.value;
      if (test === null || test(ctx, row) === true) {
        this.rowid = rows.key;
        return row;
      }
    }
    return null;
  }
}

// cursors live for one execution (shapes.ts)
keepShape(() => new ScanCursor(detachedContext(), new TreeCursor(emptyRowTree()), null));
keepShape(() => new ScanRowidCursor(detachedContext(), new TreeCursor(emptyRowTree()), null));
