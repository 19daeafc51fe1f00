/**
 * src/level4-sql/statements/truncate.ts — TRUNCATE [TABLE] t, … [CASCADE | RESTRICT].
 *
 * 1. Every row of each table goes in one statement, as a Delete record each (the log keeps what went): it costs
 *    what `DELETE FROM t` costs, without a WHERE, RETURNING or triggers — DELETE triggers do not fire, as in
 *    PostgreSQL, whose TRUNCATE is not a DELETE. Rows that reference each other across the tables (or within
 *    one) go together (Level 3 `deleteAcross`).
 * 2. A table that another table's foreign key references can go only with that table: named in the same
 *    statement, or added by CASCADE (and so on, for the tables that reference those). Otherwise 0A000 naming
 *    both — PostgreSQL's rule, which holds even when the referencing table is empty. A self-reference is none.
 * 3. An unknown table is 42P01, a view 42809. Each table, and each that CASCADE adds, needs DELETE (noted while
 *    planning, as a query notes what it reads: access/access-recorder.ts). Every table enters the read set
 *    whole, so a concurrent insert into one conflicts.
 * 4. rowsAffected: the rows deleted in all.
 */
import { SqlError, SqlState } from '../../common/errors';
import { Privilege } from '../../level3-objects/security';
import { noteTable } from '../access/access-recorder';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import type { Truncate } from '../parse';
import { noSuchTable } from '../system/system-tables';
import { affectedResult, type ResultSet } from './result';
import type { StatementPlan } from './statement-plan';

/** The tables `stmt` empties: those named and, with CASCADE, those that reference them (invariant 2). */
export function truncatedTables(stmt: Truncate, state: DatabaseState): Table[] {
  const out: Table[] = [];
  for (const name of stmt.tables) {
    const t = state.tableByName(name);
    if (t === undefined) {
      if (state.viewByName(name) !== undefined) throw SqlError.of(SqlState.WrongObjectType, [name, 'table'], { position: stmt.position });
      throw noSuchTable(name, stmt.position);
    }
    if (!out.includes(t)) out.push(t);
  }
  for (let i = 0; i < out.length; i++) {
    for (const ix of out[i]!.indexes) {
      if (!ix.unique) continue;
      for (const fk of state.referencingIndexes(ix.defpos)) {
        const child = state.table(fk.table)!;
        if (out.includes(child)) continue;
        if (stmt.behavior !== 'CASCADE') {
          throw SqlError.of(SqlState.FeatureNotSupported, [`TRUNCATE of table ${out[i]!.name}, which table ${child.name} references (${fk.name})`], {
            position: stmt.position,
            hint: `Truncate table ${child.name} at the same time, or use TRUNCATE … CASCADE.`,
          });
        }
        out.push(child);
      }
    }
  }
  return out;
}

/** Plans TRUNCATE against `state`: the tables are found now, the rows when it runs (invariant 1). */
export function planTruncate(stmt: Truncate, state: DatabaseState): StatementPlan {
  const tables = truncatedTables(stmt, state);
  for (const t of tables) noteTable(Privilege.Delete, t.defpos); // invariant 3: recorded while planning
  return {
    schemaVersion: state.schemaVersion,
    ddl: true, // planned again for each run: the tables CASCADE adds depend on the schema
    execute(ctx: ExecContext): ResultSet {
      const tx = ctx.tx;
      const rows = new Map<number, number[]>();
      for (const t of tables) {
        tx.readTable(t.defpos);
        rows.set(t.defpos, [...tx.state.table(t.defpos)!.rows.keys()]);
      }
      return affectedResult(tx.deleteAcross(rows));
    },
    explain: () => [`Truncate ${tables.map((t) => t.name).join(', ')}`],
  };
}
