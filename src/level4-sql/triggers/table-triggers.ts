/**
 * src/level4-sql/triggers/table-triggers.ts — the triggers one DML plan fires: found when the statement is
 * planned, grouped by when they fire, and fired by the plan at its firing points.
 *
 * 1. `tableTriggers` returns null when the table or view has no trigger for the event, so a plan on a table
 *    without triggers holds null and pays one null test per firing point (no allocation, no call).
 * 2. UPDATE OF c fires when c is among the statement's SET columns (the standard's and SQLite's rule), whether
 *    or not the value changes.
 * 3. Order: BEFORE statement triggers, then per row BEFORE row triggers (which may change the new row), the
 *    write, AFTER row triggers; then AFTER statement triggers. Triggers of one kind fire in creation order.
 *    AFTER row triggers fire as each row is written (SQLite's order) for INSERT and DELETE; UPDATE writes its
 *    rows together (update.ts invariant 1) and then fires AFTER row triggers row by row.
 * 4. Body statements are planned by `planStatement`, which statement-plan.ts registers here when it loads
 *    (the planner imports the DML plans, which import this file: registering avoids the import cycle).
 * 5. An AFTER row trigger with transition tables (OLD TABLE / NEW TABLE) fires once per row after the
 *    statement's rows are all written, each firing seeing the whole statement's transition tables (the
 *    standard's rule for AFTER row triggers): writers keep their rows for it (`keepsRows`) and
 *    `afterStatementFire` fires these row triggers, row by row, before the statement triggers.
 */
import { assert } from '../../common/assert';
import type { Row, Value } from '../../common/values/value';
import { TriggerEventCode, TriggerTimingCode } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import type { ParamTypes } from '../eval/param-types';
import type { Statement } from '../parse';
import type { StatementPlan } from '../statements/statement-plan';
import { type BodyPlanner, CompiledTrigger } from './compiled-trigger';
import type { RowColumn } from './row-references';
import type { TransitionRows } from './transition-tables';

type PlanStatement = (stmt: Statement, sql: string, state: DatabaseState, paramTypes: ParamTypes | null) => StatementPlan;

let planStatementFn: PlanStatement | null = null;

/** Registers the statement planner trigger bodies are planned with (invariant 4). @internal */
export function registerTriggerBodyPlanner(fn: PlanStatement): void {
  planStatementFn = fn;
}

/** Plans one statement of a trigger body with `planStatement` (invariant 4). @internal */
export const planBody: BodyPlanner = (action, sql, state, refs) => {
  assert(planStatementFn !== null, 'trigger body planner not registered');
  return planStatementFn(action, sql, state, refs.paramTypes());
};

/** The triggers of one table (or view) and event that a plan fires (see the file header). */
export class TableTriggers {
  /** the AFTER row triggers that fire as each row is written */
  readonly afterRow: readonly CompiledTrigger[];
  /** the AFTER row triggers with transition tables, fired at the statement's end (invariant 5) */
  readonly afterRowDeferred: readonly CompiledTrigger[];

  constructor(
    readonly beforeStatement: readonly CompiledTrigger[],
    readonly beforeRow: readonly CompiledTrigger[],
    afterRow: readonly CompiledTrigger[],
    readonly afterStatement: readonly CompiledTrigger[],
    readonly insteadRow: readonly CompiledTrigger[],
    readonly insteadStatement: readonly CompiledTrigger[],
  ) {
    this.afterRow = afterRow.filter((t) => !t.hasTransitionTables);
    this.afterRowDeferred = afterRow.filter((t) => t.hasTransitionTables);
  }

  /** Fires the BEFORE statement triggers. */
  beforeStatementFire(ctx: ExecContext): void {
    for (const t of this.beforeStatement) t.fire(ctx, null, null);
  }

  /** Fires the AFTER row triggers with transition tables for each of the statement's rows (invariant 5), then
   *  the AFTER statement triggers, with the statement's rows for their transition tables. */
  afterStatementFire(ctx: ExecContext, rows: TransitionRows | null = null): void {
    if (this.afterRowDeferred.length > 0) this.afterRowDeferredFire(ctx, rows);
    for (const t of this.afterStatement) t.fire(ctx, null, null, rows);
  }

  /** Fires the AFTER row triggers with transition tables once per row of `rows` (`old` and `new` parallel). */
  afterRowDeferredFire(ctx: ExecContext, rows: TransitionRows | null): void {
    const n = rows === null ? 0 : (rows.new ?? rows.old ?? []).length;
    for (let i = 0; i < n; i++) {
      const oldRow = rows!.old?.[i] ?? null;
      const newRow = rows!.new?.[i] ?? null;
      for (const t of this.afterRowDeferred) t.fire(ctx, oldRow, newRow === null ? null : newRow.slice(), rows);
    }
  }

  /** True when the statement should keep its rows: for transition tables of AFTER statement or row triggers. */
  get keepsRows(): boolean {
    return this.afterStatement.length > 0 || this.afterRowDeferred.length > 0;
  }

  /** Fires the BEFORE row triggers; they may change `newRow`. */
  beforeRowFire(ctx: ExecContext, oldRow: Row | null, newRow: Value[] | null): void {
    for (const t of this.beforeRow) t.fire(ctx, oldRow, newRow);
  }

  /** Fires the AFTER row triggers. */
  afterRowFire(ctx: ExecContext, oldRow: Row | null, newRow: Row | null): void {
    for (const t of this.afterRow) t.fire(ctx, oldRow, newRow as Value[] | null);
  }

  /** Fires the INSTEAD OF triggers for one row of a view's DML, then the statement ones (none per row). */
  insteadRowFire(ctx: ExecContext, oldRow: Row | null, newRow: Row | null): void {
    for (const t of this.insteadRow) t.fire(ctx, oldRow, newRow === null ? null : newRow.slice());
  }

  get hasRowTriggers(): boolean {
    return this.beforeRow.length > 0 || this.afterRow.length > 0 || this.afterRowDeferred.length > 0;
  }
}

/**
 * The triggers on table or view `defpos` for `event` (null when there are none, invariant 1); for UPDATE,
 * `setColumns` are the defposes of the SET columns (invariant 2). `table` is null for a view, whose rows
 * have `columns`.
 */
export function tableTriggers(
  state: DatabaseState,
  defpos: number,
  table: Table | null,
  columns: readonly RowColumn[],
  event: TriggerEventCode,
  setColumns: ReadonlySet<number> | null = null,
): TableTriggers | null {
  const all = state.triggersOn(defpos);
  if (all.length === 0) return null;
  const lists: CompiledTrigger[][] = [[], [], [], [], [], []];
  for (const t of all) {
    if (t.event !== event) continue;
    if (event === TriggerEventCode.Update && t.columns.length > 0 && setColumns !== null && !t.columns.some((c) => setColumns.has(c))) continue;
    const i = (t.timing === TriggerTimingCode.Before ? 0 : t.timing === TriggerTimingCode.After ? 2 : 4) + (t.forEachRow ? 1 : 0);
    // 0 before stmt, 1 before row, 2 after stmt, 3 after row, 4 instead stmt, 5 instead row
    lists[i]!.push(new CompiledTrigger(t, table, columns, planBody));
  }
  if (lists.every((l) => l.length === 0)) return null;
  return new TableTriggers(lists[0]!, lists[1]!, lists[3]!, lists[2]!, lists[5]!, lists[4]!);
}
