/**
 * src/level4-sql/system/system-rowset.ts — SystemTableRowSet: the rows of a system table, made when opened.
 *
 * 1. Each open makes the rows afresh from the running transaction (system-tables.ts invariant 2), so a plan
 *    cached across statements never shows a stale catalog.
 */
import type { ExecContext } from '../context';
import { ArrayCursor, line, type Cursor, type RowSet } from '../exec/rowset';
import type { SystemTable } from './system-tables';

/** A system table in a plan (see the file header). */
export class SystemTableRowSet implements RowSet {
  readonly kind = 'SystemTableRowSet' as const;

  constructor(readonly table: SystemTable) {}

  open(ctx: ExecContext): Cursor {
    return new ArrayCursor(this.table.rows(ctx));
  }

  explain(out: string[], depth: number): void {
    line(out, depth, `SystemTable ${this.table.name}`);
  }
}
