/**
 * src/level4-sql/statements/create-index.ts — executes CREATE [UNIQUE] INDEX.
 *
 * 1. Index names are unique in the database (DuplicateObject 42710); IF NOT EXISTS makes a clash a no-op. An
 *    index created without a name is named `TABLE_COLUMNS_IDX` (a number added when that is taken), as
 *    constraints are; IF NOT EXISTS then has no name to find and is 42601.
 * 2. Columns must exist (42703) and appear once (42701). ASC/DESC is accepted and ignored: every index is
 *    ascending and rowsets scan it either way.
 * 3. Level 3 builds the index from the rows already there; duplicates in a UNIQUE index raise 23505.
 * 4. A key part may be a document path with an optional type (`doc.address.zip`, `doc.age AS INT`): Level 3
 *    checks that every row has it (22D05 / 22D06).
 */
import { SqlError, SqlState } from '../../common/errors';
import { IndexKind } from '../../level2-physical/physical';
import type { Transaction } from '../../level3-objects/transaction';
import type { CreateIndex } from '../parse';
import { columnByName, constraintName, keyPathsOf, refuseArrayKeys, resolveColumns } from './constraints';
import { noSuchTable } from '../system/system-tables';

/** Runs CREATE INDEX; returns false when IF NOT EXISTS found the name taken. */
export function createIndex(tx: Transaction, stmt: CreateIndex): boolean {
  const table = tx.state.tableByName(stmt.table);
  if (table === undefined) throw noSuchTable(stmt.table, stmt.position);
  const names = stmt.columns.map((c) => c.name);
  if (stmt.name === null && stmt.ifNotExists) {
    throw new SqlError(SqlState.SyntaxErrorAt, 'CREATE INDEX IF NOT EXISTS needs the index\'s name', { position: stmt.position });
  }
  const name = stmt.name ?? constraintName(tx, table, null, `${table.name}_${names.join('_')}_IDX`);
  const taken = tx.state.indexByName(name) !== undefined || table.checks.some((k) => k.name === name);
  if (taken) {
    if (stmt.ifNotExists) return false;
    throw SqlError.of(SqlState.DuplicateObject, [`index ${name}`], { position: stmt.position });
  }
  const paths = keyPathsOf(stmt.keyPaths);
  const cols = paths === undefined ? resolveColumns(table, names, stmt.position) : names.map((n, i) => columnByName(table, n, stmt.columns[i]!.position));
  refuseArrayKeys(cols, stmt.keyPaths, stmt.position);
  tx.createIndex(table.defpos, {
    name,
    kind: stmt.unique ? IndexKind.Unique : IndexKind.NonUnique,
    columns: cols.map((c) => c.defpos),
    ...(paths === undefined ? {} : { paths }),
  });
  return true;
}
