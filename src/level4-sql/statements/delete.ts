/**
 * src/level4-sql/statements/delete.ts — plans and runs DELETE FROM … [WHERE …].
 *
 * 1. Matching rows come from `planTableRows` (which records the read set) and are all collected before the
 *    first delete. 2. Level 3 refuses deleting a row that a foreign key references (23503).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import type { Delete } from '../parse';
import { planTableRows, type RowSourcePlan } from '../plan/planner';
import { affectedResult, type ResultSet } from './result';
import type { StatementPlan } from './statement-plan';

/** A DELETE planned against one schema version. */
class DeletePlan implements StatementPlan {
  readonly ddl = false;

  constructor(
    readonly schemaVersion: number,
    private readonly table: Table,
    private readonly source: RowSourcePlan,
  ) {}

  execute(ctx: ExecContext): ResultSet {
    const rowids: number[] = [];
    const cur = this.source.rowset.openTable(ctx);
    while (cur.next() !== null) rowids.push(cur.rowid);
    for (const rowid of rowids) ctx.tx.delete(this.table.defpos, rowid);
    return affectedResult(rowids.length);
  }

  explain(ctx?: ExecContext): string[] {
    return [`Delete from ${this.table.name}`, ...this.source.explain(ctx).map((l) => `  ${l}`)];
  }
}

/** Plans a DELETE against `state`. */
export function planDelete(stmt: Delete, state: DatabaseState): StatementPlan {
  const table = state.tableByName(stmt.table);
  if (table === undefined) throw SqlError.of(SqlState.UndefinedTable, [stmt.table], { position: stmt.position });
  return new DeletePlan(state.schemaVersion, table, planTableRows(table, stmt.alias, stmt.where, state));
}
