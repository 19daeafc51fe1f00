/**
 * src/level4-sql/statements/reindex.ts — REINDEX [name]: checks indexes against their tables' rows.
 *
 * 1. `REINDEX` covers every index of every table; `REINDEX t` every index of table t; `REINDEX i` index i
 *    (a table's name is tried first, as SQLite does). An unknown name is 42704.
 * 2. Indexes here are never stored: opening a database rebuilds every index tree from the log, and each
 *    commit installs its rows into the trees. So there is nothing to rebuild, and REINDEX is the check that
 *    the trees agree with the rows: every row has its entry, pointing at it, and no entry is extra. A
 *    disagreement is IndexCorrupted (XX002) naming the index; it would mean a bug, never a user error.
 * 3. It reads only the statement's snapshot and writes nothing (a read-only plan: in autocommit it runs
 *    without a transaction of its own); it records no reads, since its result does not depend on the data.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import { indexEntryKey, type TableIndex } from '../../level3-objects/table-index';
import type { ExecContext } from '../context';
import type { Reindex } from '../parse';
import { affectedResult } from './result';
import type { StatementPlan } from './statement-plan';

/** The (table, index) pairs a REINDEX names, as `state` has them (invariant 1). */
function targets(stmt: Reindex, state: DatabaseState): Array<readonly [number, number | null]> {
  if (stmt.name === null) return [...state.tables()].map((t) => [t.defpos, null] as const);
  const t = state.tableByName(stmt.name);
  if (t !== undefined) return [[t.defpos, null]];
  const ix = state.indexByName(stmt.name);
  if (ix !== undefined) return [[ix.table, ix.defpos]];
  throw SqlError.of(SqlState.UndefinedObject, [`table or index ${stmt.name}`], { position: stmt.position });
}

/** Raises IndexCorrupted when `ix` disagrees with the rows of `t` (invariant 2). */
export function verifyIndex(t: Table, ix: TableIndex): void {
  const corrupt = (what: string): never => {
    throw SqlError.of(SqlState.IndexCorrupted, [ix.name, what]);
  };
  if (ix.tree.size !== t.rows.size) corrupt(`${ix.tree.size} entries for ${t.rows.size} rows of ${t.name}`);
  for (const [rowid, row] of t.rows.entries()) {
    let key;
    try {
      key = indexEntryKey(ix, row, rowid);
    } catch {
      return corrupt(`row ${rowid} has no valid key`);
    }
    if (ix.tree.get(key) !== rowid) corrupt(`row ${rowid} has no entry`);
  }
}

/** Plans REINDEX against `state`: the name is resolved now (42704), the check runs on execution. */
export function planReindex(stmt: Reindex, state: DatabaseState): StatementPlan {
  const named = targets(stmt, state);
  return {
    schemaVersion: state.schemaVersion,
    ddl: false,
    readOnly: true,
    execute(ctx: ExecContext) {
      const st = ctx.tx.state;
      for (const [tablePos, indexPos] of named) {
        const t = st.table(tablePos);
        if (t === undefined) continue;
        for (const ix of t.indexes) if (indexPos === null || ix.defpos === indexPos) verifyIndex(t, ix);
      }
      return affectedResult(0);
    },
    explain: () => [`Reindex ${stmt.name ?? '(all)'}`],
  };
}
