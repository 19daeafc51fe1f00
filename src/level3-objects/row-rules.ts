/**
 * src/level3-objects/row-rules.ts — `RowRules`: what Level 3 asks of Level 4 while it runs referential
 * actions, since the SQL a table stores (DEFAULT, CHECK and generated-column text) is Level 4's to evaluate.
 *
 * 1. Level 4 passes its rules with each `update`, `updateMany` and `delete` that may set off actions; a row
 *    that an action changes (ON DELETE / ON UPDATE CASCADE, SET NULL, SET DEFAULT) is completed and checked
 *    through them before Level 3 checks its keys, as a row Level 4 changes itself would be.
 * 3. `actionChanged` (optional) is told each row an action changed or deleted, after Level 3 wrote it, so
 *    Level 4 can fire the AFTER row triggers of the child table once the operation is over. Before writing,
 *    `completeRow` (with the old row) and `beforeActionDelete` let Level 4 fire the child table's BEFORE row
 *    triggers, which may change the new row (the changes come back as completeRow's result) or fail.
 * 2. Without rules, SET DEFAULT is refused (0A000) and rows changed by actions get no CHECK or generated
 *    column work (Level 3's own tests).
 */
import type { Row, Value } from '../common/values/value';
import type { Table } from './table';
import type { TableColumn } from './table-column';

/** The SQL rules of tables, evaluated by Level 4 for rows that referential actions change. */
export interface RowRules {
  /** The value `column`'s DEFAULT gives now, cast to the column (NULL when it has none): ON … SET DEFAULT. */
  defaultValue(table: Table, column: TableColumn): Value;
  /**
   * Completes a row an action changed (`row`, full by slot, is the new row; `changed` the slots the action
   * set; `old` the row before) and checks it: returns further changes (BEFORE triggers', generated columns)
   * and throws on NOT NULL or CHECK.
   */
  completeRow(table: Table, row: readonly Value[], changed: readonly number[], old: Row): ReadonlyArray<readonly [number, Value]>;
  /** Told that an action is about to delete row `old` of `table` (invariant 3): may throw to refuse. */
  beforeActionDelete?(table: Table, old: Row): void;
  /**
   * Told that an action updated (`row` the new row; `changed` the slots it set) or deleted (`row` null) a row
   * of `table` (invariant 3).
   */
  actionChanged?(table: Table, old: Row, row: Row | null, changed: readonly number[] | null): void;
}
