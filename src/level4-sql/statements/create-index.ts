/**
 * src/level4-sql/statements/create-index.ts — executes CREATE [UNIQUE] INDEX.
 *
 * 1. Index names are unique in the database (DuplicateObject 42710); IF NOT EXISTS makes a clash a no-op.
 * 2. Columns must exist (42703) and appear once (42701). ASC/DESC is accepted and ignored: every index is
 *    ascending and rowsets scan it either way.
 * 3. Level 3 builds the index from the rows already there; duplicates in a UNIQUE index raise 23505.
 */
import { SqlError, SqlState } from '../../common/errors';
import { IndexKind } from '../../level2-physical/physical';
import type { Transaction } from '../../level3-objects/transaction';
import type { CreateIndex } from '../parse';
import { resolveColumns } from './constraints';

/** Runs CREATE INDEX; returns false when IF NOT EXISTS found the name taken. */
export function createIndex(tx: Transaction, stmt: CreateIndex): boolean {
  const table = tx.state.tableByName(stmt.table);
  if (table === undefined) throw SqlError.of(SqlState.UndefinedTable, [stmt.table], { position: stmt.position });
  const taken = tx.state.indexByName(stmt.name) !== undefined || table.checks.some((k) => k.name === stmt.name);
  if (taken) {
    if (stmt.ifNotExists) return false;
    throw SqlError.of(SqlState.DuplicateObject, [`index ${stmt.name}`], { position: stmt.position });
  }
  const cols = resolveColumns(
    table,
    stmt.columns.map((c) => c.name),
    stmt.position,
  );
  tx.createIndex(table.defpos, {
    name: stmt.name,
    kind: stmt.unique ? IndexKind.Unique : IndexKind.NonUnique,
    columns: cols.map((c) => c.defpos),
  });
  return true;
}
