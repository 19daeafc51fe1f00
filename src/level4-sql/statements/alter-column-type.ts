/**
 * src/level4-sql/statements/alter-column-type.ts — ALTER TABLE t ALTER [COLUMN] c SET DATA TYPE type (or TYPE type).
 *
 * 1. Every stored value is assigned to the new type as INSERT assigns it, or, when INSERT would not take a
 *    value of its kind (42804), converted as CAST converts it first: VARCHAR(50) → VARCHAR(10) fails with
 *    22001 on a longer value, 'abc' → INTEGER with 22P02, NUMERIC scales round, 12 → VARCHAR is '12'; a value that changes is written as an Update of that one column, then an Alter record
 *    gives the column its type. The Updates are one batch (`Transaction.updateMany`), so unique keys are
 *    judged on the final values: two values that become equal in the new type (1.24 and 1.21 as NUMERIC(3,1))
 *    are 23505, naming the key. Any failure leaves nothing (the statement's transaction is rolled back). The
 *    table enters the read set whole.
 * 2. The column's DEFAULT must still convert to the new type as its values do (the error otherwise).
 * 3. Indexes and keys over the column follow it: their trees order keys by value whatever the declared type
 *    (table-index.ts invariant 3), each changed value re-keys its row as any Update does, and the Alter record
 *    builds those trees again from the rows (install-schema.ts invariant 6), so a live transaction, a restart's
 *    replay and a checkpoint's load agree key for key.
 * 4. Foreign keys: the new type must be comparable with the column's partner in every foreign key the column
 *    is part of, as CREATE TABLE requires (42804). A referencing column's changed values must still find their
 *    parent keys (23503, judged by the batch). A referenced key whose value would change while a row references
 *    it is 23503 whatever the key's ON UPDATE action: changing a type is not an UPDATE, and no action runs.
 * 5. Refused, with what stands in the way: a generated column (42611), an identity column to a type that is not
 *    INTEGER (42611), a column named by a stored CHECK,
 *    default or generated expression, view, routine or trigger over the table (2BP01, as RENAME refuses them,
 *    rename.ts), and a change to or from DOCUMENT or a structured type (0A000).
 * 6. The same type is no change: nothing is written.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue, castValue } from '../../common/values/cast';
import { comparable } from '../../common/values/compare';
import { typeToSql, type SqlType } from '../../common/values/sql-type';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { Transaction } from '../../level3-objects/transaction';
import { ExecContext } from '../context';
import type { TypeName } from '../parse';
import type { Row, Value } from '../../common/values/value';
import { IndexKind } from '../../level2-physical/physical';
import { hasNull, keyValues, sameKey, seekPrefix, type TableIndex } from '../../level3-objects/table-index';
import { resolveTypeName } from '../types/type-ddl';
import { EMPTY_PARAMS } from './bind-params';
import { refuseIfColumnNamed } from './rename';
import { compileDefault } from './column-defaults';

const UNCHANGEABLE = new Set<SqlType['kind']>(['DOCUMENT', 'DOCARRAY', 'TYPE']);

/** Refuses what invariant 5 refuses. */
function checkChangeable(tx: Transaction, table: Table, c: TableColumn, to: SqlType, position: number): void {
  if (c.generatedSql !== null) {
    throw SqlError.of(SqlState.InvalidColumnDefinition, [`column ${c.name} is a generated column`], { position });
  }
  if (c.identity !== null && to.kind !== 'INTEGER') {
    throw SqlError.of(SqlState.InvalidColumnDefinition, [`identity column ${c.name} must stay INTEGER`], { position });
  }
  if (UNCHANGEABLE.has(c.type.kind) || UNCHANGEABLE.has(to.kind)) {
    throw SqlError.of(SqlState.FeatureNotSupported, [`changing column ${c.name} from ${typeToSql(c.type)} to ${typeToSql(to)}`], { position });
  }
  refuseIfColumnNamed(tx, table, c.name, `change the type of column ${c.name}`, position, 'Its definition names it; drop that object, change the type, and create it again.');
}

/** The foreign keys the column takes part in, each with the column's partner on the other side (invariant 4). */
function foreignKeyPartners(tx: Transaction, table: Table, c: TableColumn): Array<{ fk: TableIndex; partner: number; referenced: TableIndex | null }> {
  const out: Array<{ fk: TableIndex; partner: number; referenced: TableIndex | null }> = [];
  for (const ix of table.indexes) {
    const at = ix.columns.indexOf(c.defpos);
    if (at < 0) continue;
    if (ix.kind === IndexKind.ForeignKey) {
      const parent = tx.state.index(ix.refIndex);
      if (parent !== undefined) out.push({ fk: ix, partner: parent.columns[at]!, referenced: null });
    }
    if (ix.unique) for (const fk of tx.state.referencingIndexes(ix.defpos)) out.push({ fk, partner: fk.columns[at]!, referenced: ix });
  }
  return out;
}

/** 42804 when the new type cannot be compared with a foreign-key partner's (invariant 4). */
function checkPartners(tx: Transaction, c: TableColumn, to: SqlType, partners: ReturnType<typeof foreignKeyPartners>, position: number): void {
  for (const { fk, partner } of partners) {
    const other = tx.state.column(partner);
    if (other === undefined || comparable(to, other.type)) continue;
    throw SqlError.of(
      SqlState.DatatypeMismatch,
      [`${c.name} ${typeToSql(to)} and ${other.name} ${typeToSql(other.type)} of foreign key ${fk.name} cannot be compared`],
      { position },
    );
  }
}

/** 23503 when a referenced key's value would change and some row references it (invariant 4). */
function checkReferencedKeys(tx: Transaction, partners: ReturnType<typeof foreignKeyPartners>, old: Row, changed: Row): void {
  for (const { fk, referenced } of partners) {
    if (referenced === null || sameKey(referenced.slots, old, changed)) continue;
    const key = keyValues(referenced.slots, old);
    if (hasNull(key)) continue;
    const child = tx.state.table(fk.table);
    const tree = child?.indexes.find((x) => x.defpos === fk.defpos)?.tree;
    if (child === undefined || tree === undefined) continue;
    tx.readTable(child.defpos);
    if (seekPrefix(tree, key) === null) continue;
    throw SqlError.of(SqlState.ForeignKeyViolation, [
      `key ${referenced.name} (${key.map(String).join(', ')}) would change with the type while foreign key ${fk.name} of ${child.name} references it`,
    ]);
  }
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
  if (typeToSql(c.type) === typeToSql(to)) return; // invariant 6
  checkChangeable(tx, table, c, to, position);
  const partners = foreignKeyPartners(tx, table, c);
  checkPartners(tx, c, to, partners, position);
  const ctx = new ExecContext(tx, EMPTY_PARAMS);
  try {
    if (c.defaultSql !== null) converted(compileDefault(c.defaultSql, tx.state).eval(ctx, null), c.type, to, c.name);
    tx.readTable(table.defpos);
    const writes: Array<[number, Array<[number, Value]>]> = [];
    for (const [rowid, row] of table.rows.entries()) {
      const v = row[c.slot] ?? null;
      if (v === null) continue;
      const nv = converted(v, c.type, to, c.name);
      if (nv === v) continue;
      if (partners.length > 0) {
        const changed = row.slice();
        changed[c.slot] = nv;
        checkReferencedKeys(tx, partners, row, changed);
      }
      writes.push([rowid, [[c.slot, nv]]]);
    }
    if (writes.length > 0) tx.updateMany(table.defpos, writes); // invariants 1 and 3
  } catch (e) {
    if (e instanceof SqlError && e.position === undefined) e.position = position;
    throw e;
  }
  tx.alterColumn(c.defpos, { type: to });
}
