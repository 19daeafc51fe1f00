/**
 * src/level4-sql/triggers/action-triggers.ts — triggers on rows that referential actions change: ON DELETE
 * CASCADE deletes, ON UPDATE CASCADE / SET NULL / SET DEFAULT updates of a child table.
 *
 * 1. Level 3 tells the execution's RowRules of each such row once it is written (level3 row-rules.ts
 *    invariant 3); rows of tables that have a trigger for the event are queued here, the others cost a
 *    catalog test. The statement fires the queue's AFTER row triggers when its own write returns
 *    (`fireActionTriggers`), then AFTER statement triggers of those tables do not fire (the child table's
 *    statement never ran). BEFORE triggers do not fire for rows an action changes.
 * 2. A table's triggers for an event are compiled once per execution.
 */
import type { Row } from '../../common/values/value';
import { TriggerEventCode } from '../../level2-physical/physical';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import { type TableTriggers, tableTriggers } from './table-triggers';

interface Pending {
  readonly table: Table;
  readonly old: Row;
  readonly row: Row | null;
}

/** The queue of one execution (invariant 1). */
export class ActionTriggers {
  private pending: Pending[] = [];
  private readonly compiled = new Map<string, TableTriggers | null>();

  constructor(private readonly ctx: ExecContext) {}

  /** Queues a row an action changed, when its table has triggers. */
  changed(table: Table, old: Row, row: Row | null): void {
    if (this.ctx.tx.schemaState.triggersOn(table.defpos).length === 0) return;
    this.pending.push({ table, old, row });
  }

  /** Fires the AFTER row triggers of the queued rows (and of rows their triggers' actions queue). */
  fire(): void {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      for (const p of batch) {
        const event = p.row === null ? TriggerEventCode.Delete : TriggerEventCode.Update;
        const key = `${p.table.defpos}:${event}`;
        let t = this.compiled.get(key);
        if (t === undefined) {
          t = tableTriggers(this.ctx.tx.schemaState, p.table.defpos, p.table, p.table.columns, event);
          this.compiled.set(key, t);
        }
        if (t !== null) t.afterRowFire(this.ctx, p.old, p.row);
      }
    }
  }
}
