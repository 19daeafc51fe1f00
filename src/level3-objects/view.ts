/**
 * src/level3-objects/view.ts — `View`, a view in a snapshot: its name, column names, query text and the
 * tables and views its query reads.
 *
 * 1. Level 3 never parses the query: Level 4 parses `sql` when the view is used, and computed `uses` when the
 *    view was created (level2 PView invariant 2).
 * 2. Views share the table namespace: no table and view have the same name (checked by the transaction).
 * 3. A view's defpos is the ppos of the PView that defined it; OR REPLACE gives the view a new defpos, and the
 *    installer moves every dependent view's `uses` entry to it.
 */
import type { PView, ViewCheckCode } from '../level2-physical/physical';

/** A view (see the file header). */
export interface View {
  readonly defpos: number;
  readonly name: string;
  /** the column names given when it was created, empty when none were given */
  readonly columns: readonly string[];
  /** SQL text of its query */
  readonly sql: string;
  /** defposes of the tables and views its query reads */
  readonly uses: readonly number[];
  /** WITH [LOCAL | CASCADED] CHECK OPTION, or None (Level 4 enforces it: views/view-dml.ts) */
  readonly check: ViewCheckCode;
}

/** The view a PView record defines. */
export function viewFromRecord(rec: PView): View {
  return { defpos: rec.ppos, name: rec.name, columns: rec.columns, sql: rec.sql, uses: rec.uses, check: rec.check };
}
