/**
 * src/level4-sql/statements/alter-column-type.ts — ALTER TABLE t ALTER [COLUMN] c SET DATA TYPE type (or TYPE type).
 *
 * 1. Every stored value is assigned to the new type as INSERT assigns it, or, when INSERT would not take a
 *    value of its kind (42804), converted as CAST converts it first: VARCHAR(50) → VARCHAR(10) fails with
 *    22001 on a longer value, 'abc' → INTEGER with 22P02, NUMERIC scales round, 12 → VARCHAR is '12'; a value that changes is written as an Update of that one column, then an Alter record
 *    gives the column its type. Any failure leaves nothing (the statement's transaction is rolled back). The
 *    table enters the read set whole.
 * 2. The column's DEFAULT must still convert to the new type as its values do (the error otherwise).
 * 3. Refused, with what stands in the way: a column in any index or key (0A000: drop it, change, create it
 *    again — an index's order is its type's), a generated column (42611), a column named by a stored CHECK,
 *    default or generated expression, view, routine or trigger over the table (2BP01, as RENAME refuses them,
 *    rename.ts), and a change to or from DOCUMENT or a structured type (0A000).
 * 4. The same type is no change: nothing is written.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue, castValue } from '../../common/values/cast';
import { typeToSql, type SqlType } from '../../common/values/sql-type';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { Transaction } from '../../level3-objects/transaction';
import { ExecContext } from '../context';
import type { TypeName } from '../parse';
import type { Value } from '../../common/values/value';
import { resolveTypeName } from '../types/type-ddl';
import { EMPTY_PARAMS } from './bind-params';
import { refuseIfColumnNamed } from './rename';
import { compileDefault } from './table-rules';

const UNCHANGEABLE = new Set<SqlType['kind']>(['DOCUMENT', 'DOCARRAY', 'TYPE']);

/** Refuses what invariant 3 refuses. */
function checkChangeable(tx: Transaction, table: Table, c: TableColumn, to: SqlType, position: number): void {
  const ix = table.indexes.find((x) => x.columns.includes(c.defpos));
  if (ix !== undefined) {
    throw SqlError.of(SqlState.FeatureNotSupported, [`changing the type of column ${c.name}, which index ${ix.name} covers`], {
      position,
      hint: 'Drop the index or key, change the type, and create it again.',
    });
  }
  if (c.generatedSql !== null) {
    throw SqlError.of(SqlState.InvalidColumnDefinition, [`column ${c.name} is a generated column`], { position });
  }
  if (UNCHANGEABLE.has(c.type.kind) || UNCHANGEABLE.has(to.kind)) {
    throw SqlError.of(SqlState.FeatureNotSupported, [`changing column ${c.name} from ${typeToSql(c.type)} to ${typeToSql(to)}`], { position });
  }
  refuseIfColumnNamed(tx, table, c.name, `change the type of column ${c.name}`, position, 'Its definition names it; drop that object, change the type, and create it again.');
}

/** `v` in the new type: assigned as INSERT assigns it, or, when the kinds differ, CAST first (invariant 1). */
function converted(v: Value, from: SqlType, to: SqlType, column: string): Value {
  try {
    return assignValue(v, to, column);
  } catch (e) {
    if (!(e instanceof SqlError) || e.sqlState !== SqlState.DatatypeMismatch) throw e;
  }
  return assignValue(castValue(v, to, from), to, column);
}

/** Runs ALTER COLUMN c SET DATA TYPE (see the file header). */
export function alterColumnType(tx: Transaction, table: Table, c: TableColumn, typeName: TypeName, position: number): void {
  const to = resolveTypeName(typeName, tx.state);
  if (typeToSql(c.type) === typeToSql(to)) return; // invariant 4
  checkChangeable(tx, table, c, to, position);
  const ctx = new ExecContext(tx, EMPTY_PARAMS);
  try {
    if (c.defaultSql !== null) converted(compileDefault(c.defaultSql, tx.state).eval(ctx, null), c.type, to, c.name);
    tx.readTable(table.defpos);
    for (const [rowid, row] of table.rows.entries()) {
      const v = row[c.slot] ?? null;
      if (v === null) continue;
      const nv = converted(v, c.type, to, c.name);
      if (nv !== v) tx.update(table.defpos, rowid, [[c.slot, nv]]);
    }
  } catch (e) {
    if (e instanceof SqlError && e.position === undefined) e.position = position;
    throw e;
  }
  tx.alterColumn(c.defpos, { type: to });
}
