/**
 * src/level4-sql/statements/row-rules.ts — Level 4's answer to Level 3's `RowRules`: DEFAULT values, generated
 * columns, NOT NULL and CHECK for rows that referential actions change (ON DELETE / ON UPDATE CASCADE, SET
 * NULL, SET DEFAULT).
 *
 * 1. One `RowRules` per execution (kept in `ExecContext.rowRules`), so a DEFAULT such as CURRENT_TIMESTAMP reads
 *    the statement's clock, and a table's rules are compiled once per execution, on first use: the tables an
 *    action reaches are not known when the statement is planned.
 * 2. Rules are compiled against the transaction's schemas (`schemaState`), which freezes nothing, so asking
 *    in the middle of a Level 3 operation is safe; a DML statement never changes a schema.
 * 4. A row an action is about to change or delete fires its table's BEFORE row triggers (which may change the
 *    new row); rows an action changed are queued for their table's AFTER row triggers
 *    (triggers/action-triggers.ts); `fireActionTriggers` fires them after the statement's write.
 * 3. Every DML statement passes these rules with each `tx.update`, `tx.updateMany` and `tx.delete`.
 */
import type { Value } from '../../common/values/value';
import { keepShape } from '../../common/shapes';
import type { RowRules } from '../../level3-objects/row-rules';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import { detachedContext, type ExecContext } from '../context';
import { ActionTriggers } from '../triggers/action-triggers';
import type { Row } from '../../common/values/value';
import { storedDocument } from './document-values';
import { checkRow, computeGenerated, defaultFor, type TableRules, tableRules } from './table-rules';

class ExecRowRules implements RowRules {
  /** made on first use: most statements set off no action at all */
  private byTable: Map<number, TableRules> | null = null;

  /** invariant 4: made on the first row an action changes */
  actions: ActionTriggers | null = null;

  constructor(private readonly ctx: ExecContext) {}

  actionChanged(table: Table, old: Row, row: Row | null, changed: readonly number[] | null): void {
    (this.actions ??= new ActionTriggers(this.ctx)).changed(table, old, row, changed);
  }

  beforeActionDelete(table: Table, old: Row): void {
    const actions = (this.actions ??= new ActionTriggers(this.ctx));
    if (actions.hasTriggers(table)) actions.beforeDelete(table, old);
  }

  private rules(table: Table): TableRules {
    const byTable = (this.byTable ??= new Map());
    let r = byTable.get(table.defpos);
    if (r === undefined) {
      r = tableRules(table, this.ctx.tx.schemaState);
      byTable.set(table.defpos, r);
    }
    return r;
  }

  defaultValue(table: Table, column: TableColumn): Value {
    return storedDocument(defaultFor(this.rules(table), column.slot, this.ctx));
  }

  completeRow(table: Table, row: readonly Value[], changed: readonly number[], old: Row): ReadonlyArray<readonly [number, Value]> {
    const rules = this.rules(table);
    const changes: Array<readonly [number, Value]> = [];
    const next = row.slice();
    const actions = (this.actions ??= new ActionTriggers(this.ctx));
    if (actions.hasTriggers(table)) {
      // invariant 4: the child table's BEFORE row triggers may change the new row; what they change is written too
      actions.beforeUpdate(table, old, next, changed);
      for (let slot = 0; slot < next.length; slot++) if (next[slot] !== row[slot]) changes.push([slot, storedDocument(next[slot] ?? null)]);
    }
    computeGenerated(rules, this.ctx, next, changes);
    checkRow(rules, this.ctx, next);
    return changes;
  }
}

/** The RowRules of one execution (invariant 1). */
export function rowRules(ctx: ExecContext): RowRules {
  return (ctx.rowRules ??= new ExecRowRules(ctx));
}

/** Fires the AFTER row triggers of rows referential actions changed during this execution (invariant 4). */
export function fireActionTriggers(ctx: ExecContext): void {
  const r = ctx.rowRules as ExecRowRules | null;
  if (r !== null && r.actions !== null) r.actions.fire();
}

// rules live for one execution (shapes.ts)
keepShape(() => new ExecRowRules(detachedContext()));
