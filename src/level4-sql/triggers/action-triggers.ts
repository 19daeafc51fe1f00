/**
 * src/level4-sql/triggers/action-triggers.ts — triggers on rows that referential actions change: ON DELETE
 * CASCADE deletes, ON UPDATE CASCADE / SET NULL / SET DEFAULT updates of a child table.
 *
 * 1. BEFORE row triggers fire while Level 3 runs the action, before it writes the row (level3 row-rules.ts
 *    invariant 3): for an update they see OLD and NEW and may change NEW (the changes are written with the
 *    action's), for a delete they see OLD; an error in one fails the statement.
 * 2. Level 3 tells the execution's RowRules of each changed row once it is written; rows of tables that have
 *    a trigger for the event are queued here, the others cost a catalog test. The statement fires the queue's
 *    AFTER row triggers when its own write returns (`fireActionTriggers`); those with transition tables fire
 *    after the others, their OLD / NEW TABLE holding the rows the actions changed in their table. Statement
 *    triggers of those tables do not fire (the child table's statement never ran).
 * 3. UPDATE OF c fires when c is among the columns the action set (the foreign key's columns), as for an
 *    UPDATE statement's SET columns (table-triggers.ts invariant 2).
 * 4. A table's triggers for an event and set of columns are compiled once per execution.
 */
import type { Row, Value } from '../../common/values/value';
import { TriggerEventCode } from '../../level2-physical/physical';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import { type TableTriggers, tableTriggers } from './table-triggers';

interface Pending {
  readonly table: Table;
  readonly old: Row;
  readonly row: Row | null;
  readonly changed: readonly number[] | null;
}

/** The queue of one execution, and its compiled triggers (see the file header). */
export class ActionTriggers {
  private pending: Pending[] = [];
  private readonly compiled = new Map<string, TableTriggers | null>();

  constructor(private readonly ctx: ExecContext) {}

  /** True when `table` has any trigger: the only cost for a table without. */
  hasTriggers(table: Table): boolean {
    return this.ctx.tx.schemaState.triggersOn(table.defpos).length > 0;
  }

  /** The triggers of `table` for an update (setting `slots`) or a delete (`slots` null) (invariants 3, 4). */
  private triggers(table: Table, slots: readonly number[] | null): TableTriggers | null {
    const event = slots === null ? TriggerEventCode.Delete : TriggerEventCode.Update;
    const key = `${table.defpos}:${event}:${slots === null ? '' : slots.join(',')}`;
    let t = this.compiled.get(key);
    if (t === undefined) {
      const set = slots === null ? null : new Set(table.columns.filter((c) => slots.includes(c.slot)).map((c) => c.defpos));
      t = tableTriggers(this.ctx.tx.schemaState, table.defpos, table, table.columns, event, set);
      this.compiled.set(key, t);
    }
    return t;
  }

  /** Fires the BEFORE row triggers of an update an action makes; they may change `next` in place (invariant 1). */
  beforeUpdate(table: Table, old: Row, next: Value[], changed: readonly number[]): void {
    this.triggers(table, changed)?.beforeRowFire(this.ctx, old, next);
  }

  /** Fires the BEFORE row triggers of a delete an action makes (invariant 1). */
  beforeDelete(table: Table, old: Row): void {
    this.triggers(table, null)?.beforeRowFire(this.ctx, old, null);
  }

  /** Queues a row an action changed, when its table has triggers (invariant 2). */
  changed(table: Table, old: Row, row: Row | null, changed: readonly number[] | null): void {
    if (!this.hasTriggers(table)) return;
    this.pending.push({ table, old, row, changed: row === null ? null : (changed ?? []) });
  }

  /** Fires the AFTER row triggers of the queued rows (and of rows their triggers' actions queue); those with
   *  transition tables fire after the batch, seeing the rows the batch changed in their table (invariant 2). */
  fire(): void {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const deferred = new Map<TableTriggers, { old: Row[]; new: Row[] | null }>();
      for (const p of batch) {
        const t = this.triggers(p.table, p.changed);
        if (t === null) continue;
        t.afterRowFire(this.ctx, p.old, p.row);
        if (t.afterRowDeferred.length === 0) continue;
        let rows = deferred.get(t);
        if (rows === undefined) deferred.set(t, (rows = { old: [], new: p.row === null ? null : [] }));
        rows.old.push(p.old);
        if (p.row !== null) rows.new!.push(p.row);
      }
      for (const [t, rows] of deferred) t.afterRowDeferredFire(this.ctx, rows);
    }
  }
}
