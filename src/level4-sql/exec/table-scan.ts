/**
 * src/level4-sql/exec/table-scan.ts — TableScanRowSet: every row of a base table, filtered.
 *
 * 1. The rows come from the transaction's current snapshot (`ctx.tx.state`), read when the rowset opens:
 *    the scan sees the table as it was then, whatever the statement writes meanwhile (no Halloween problem).
 * 2. Opening records `tx.readTable` (the whole table is read); every row visited counts in rowsVisited.
 * 3. The filter is fused into the scan loop: no separate filter node, no per-row allocation (the rows are
 *    walked with a `TreeCursor`, which allocates nothing per entry).
 */
import { assert } from '../../common/assert';
import type { BTree } from '../../common/tree/btree';
import { TreeCursor } from '../../common/tree/tree-cursor';
import type { Row } from '../../common/values/value';
import type { ExecContext } from '../context';
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
    const rows = this.rowsOf(ctx);
    return rows === null ? EMPTY_CURSOR : new ScanCursor(ctx, new TreeCursor(rows), this.test);
  }

  openTable(ctx: ExecContext): TableCursor {
    const rows = this.rowsOf(ctx);
    return rows === null ? EMPTY_CURSOR : new ScanRowidCursor(ctx, new TreeCursor(rows), this.test);
  }

  private rowsOf(ctx: ExecContext): BTree<number, Row> | null {
    if (this.gateTest !== null && this.gateTest(ctx, null) !== true) return null;
    const t = ctx.tx.state.table(this.tableDefpos);
    assert(t !== undefined, `table ${this.label} vanished from the snapshot`);
    ctx.tx.readTable(this.tableDefpos);
    return t.rows;
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
