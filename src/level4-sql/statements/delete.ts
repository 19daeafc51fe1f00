/**
 * src/level4-sql/statements/delete.ts — plans and runs DELETE FROM … [WHERE …].
 *
 * 1. Matching rows come from `planTableRows` (which records the read set) and are all collected before the
 *    first delete. 2. Level 3 refuses deleting a row that a foreign key references (23503) unless the
 *    foreign key's ON DELETE action says otherwise — judged for the statement's rows together: a row that
 *    references another row the statement deletes is no child of it (transaction-dml-batch.ts invariant 5). 3. RETURNING projects each deleted row as it was.
 * 4. Triggers (triggers/table-triggers.ts): BEFORE statement triggers before the rows are read; for each row,
 *    BEFORE row triggers, the delete, AFTER row triggers; then AFTER statement triggers. A table without
 *    DELETE triggers has `triggers` null and takes none of these steps.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import type { RowSet } from '../exec/rowset';
import type { Delete } from '../parse';
import { planTableRows, type RowSourcePlan } from '../plan/planner';
import { fullRow } from './assignments';
import { fireActionTriggers, rowRules } from './row-rules';
import { affectedResult, type ResultSet } from './result';
import { compileReturning, type Returning } from './returning';
import type { StatementPlan } from './statement-plan';
import { noSuchTable } from '../system/system-tables';
import { TriggerEventCode } from '../../level2-physical/physical';
import { type TableTriggers, tableTriggers } from '../triggers/table-triggers';

/** A DELETE planned against one schema version. */
class DeletePlan implements StatementPlan {
  readonly ddl = false;

  constructor(
    readonly schemaVersion: number,
    private readonly table: Table,
    private readonly source: RowSourcePlan,
    private readonly returning: Returning | null,
    /** invariant 4; null when the table has no DELETE trigger */
    private readonly triggers: TableTriggers | null,
  ) {}

  execute(ctx: ExecContext): ResultSet {
    if (this.triggers !== null) return this.executeTriggered(ctx, this.triggers);
    const rowids: number[] = [];
    const ret = this.returning;
    const out: Value[][] = [];
    const cur = this.source.rowset.openTable(ctx);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      rowids.push(cur.rowid);
      if (ret !== null) out.push(ret.project(ctx, fullRow(r, this.table.slotCount)));
    }
    ctx.tx.deleteMany(this.table.defpos, rowids, rowRules(ctx));
    fireActionTriggers(ctx);
    if (ret === null) return affectedResult(rowids.length);
    return ret.result(out, rowids.length);
  }

  /** `execute` with the table's triggers fired (invariant 4). */
  private executeTriggered(ctx: ExecContext, triggers: TableTriggers): ResultSet {
    triggers.beforeStatementFire(ctx);
    const rowids: number[] = [];
    const olds: Value[][] = [];
    const cur = this.source.rowset.openTable(ctx);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      rowids.push(cur.rowid);
      olds.push(fullRow(r, this.table.slotCount));
    }
    const ret = this.returning;
    const out: Value[][] = [];
    const rules = rowRules(ctx);
    const going = rowids.length > 1 ? new Set(rowids) : null; // foreign keys judged as for a batch (Level 3)
    for (let i = 0; i < rowids.length; i++) {
      const old = olds[i]!;
      triggers.beforeRowFire(ctx, old, null);
      ctx.tx.delete(this.table.defpos, rowids[i]!, rules, going);
      fireActionTriggers(ctx);
      if (ret !== null) out.push(ret.project(ctx, old));
      triggers.afterRowFire(ctx, old, null);
    }
    triggers.afterStatementFire(ctx, { old: olds, new: null });
    if (ret === null) return affectedResult(rowids.length);
    return ret.result(out, rowids.length);
  }

  roots(): RowSet[] {
    return this.source.roots();
  }

  explain(ctx?: ExecContext): string[] {
    const lines = [`Delete from ${this.table.name}`];
    this.source.explainInto(lines, 1, ctx);
    if (this.returning !== null) lines.push(`  ${this.returning.explainLine()}`);
    return lines;
  }
}

/** Plans a DELETE against `state`. */
export function planDelete(stmt: Delete, state: DatabaseState): StatementPlan {
  const table = state.tableByName(stmt.table);
  if (table === undefined) throw noSuchTable(stmt.table, stmt.position);
  const returning = compileReturning(stmt.returning, table, stmt.alias, state);
  const triggers = tableTriggers(state, table.defpos, table, table.columns, TriggerEventCode.Delete);
  return new DeletePlan(state.schemaVersion, table, planTableRows(table, stmt.alias, stmt.where, state), returning, triggers);
}
