/**
 * src/level4-sql/statements/alter-table.ts — executes ALTER TABLE: ADD/DROP COLUMN, ADD/DROP CONSTRAINT,
 * ALTER COLUMN SET/DROP DEFAULT and SET/DROP NOT NULL; the RENAME forms are rename.ts's, SET DATA TYPE is
 * alter-column-type.ts's.
 *
 * 1. ADD COLUMN gives existing rows the column's DEFAULT by writing Update records (only that field); a NOT NULL
 *    column without a non-null DEFAULT cannot be added to a table that has rows (NotNullViolation 23502).
 * 2. DROP COLUMN refuses (DependentObjectsStillExist 2BP01) a column that is part of any index or key, or that a
 *    CHECK of another column or of the table, or a generated column's expression, mentions; a CHECK written
 *    on the column itself goes with it. ADD COLUMN … GENERATED computes the column for every row there.
 *    The last column of a table cannot be dropped (42P16).
 * 3. SET NOT NULL scans the rows (the whole table enters the read set) and refuses when a NULL is there (23502);
 *    DROP NOT NULL refuses a primary-key column (42P16).
 * 4. DROP CONSTRAINT finds a key, foreign key or CHECK of this table by name (UndefinedObject 42704 otherwise);
 *    a key that another table's foreign key references cannot be dropped (2BP01, raised by Level 3).
 *    Pyrrho's DROP PRIMARY KEY [(cols)] drops the primary key the same way (42704 when there is none, or when
 *    the columns named are not the key's). Pyrrho's SET (cols) REFERENCES … arrives as ADD FOREIGN KEY.
 * 5. ADD COLUMN IF NOT EXISTS does nothing when the table has a column of that name (its definition is not
 *    compared); DROP COLUMN IF EXISTS does nothing when it has none. An identity column added to a table with
 *    rows numbers them in row order.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { Value } from '../../common/values/value';
import { IndexKind } from '../../level2-physical/physical';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { Transaction } from '../../level3-objects/transaction';
import { ExecContext } from '../context';
import { type AlterTable, type ColumnDef, parseExpression } from '../parse';
import { findExpr } from './ast-walk';
import { EMPTY_PARAMS } from './bind-params';
import { addIdIndex, addKey, columnByName, currentTable, defaultText, ensureNoNulls } from './constraints';
import { storedDocument } from './document-values';
import { addColumnConstraints, addColumnDef, addTableConstraint } from './create-table';
import { checkGenerated, fillGenerated } from './generated';
import { identityDefault } from './identity';
import { compileDefault } from './column-defaults';
import { noSuchTable } from '../system/system-tables';
import { renameColumn, renameConstraint, renameTable } from './rename';
import { alterColumnType } from './alter-column-type';

function addColumn(tx: Transaction, table: Table, c: ColumnDef, sql: string): void {
  if (table.columns.some((x) => x.name === c.name)) {
    throw SqlError.of(SqlState.DuplicateColumn, [c.name], { position: c.position });
  }
  const pk = c.constraints.find((k) => k.kind === 'PrimaryKey');
  if (pk !== undefined && table.primaryKey !== null) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`table ${table.name} already has a primary key`], {
      position: pk.position,
    });
  }
  const defpos = addColumnDef(tx, table.defpos, c, sql, pk !== undefined);
  const after = currentTable(tx, table.defpos);
  const column = after.columns.find((x) => x.defpos === defpos)!;
  if (column.generatedSql !== null) {
    checkGenerated(tx, after, column);
    fillGenerated(tx, after, column);
  } else if (column.identity !== null) fillIdentity(tx, after, column);
  else fillExistingRows(tx, after, column);
  if (pk !== undefined) addKey(tx, table.defpos, true, pk.name, [c.name], pk.position);
  if (column.type.kind === 'DOCUMENT') addIdIndex(tx, table.defpos, column);
  addColumnConstraints(tx, table.defpos, c, sql);
}

/** Gives the existing rows of `table` the new identity column's values in row order: START, then by INCREMENT. */
function fillIdentity(tx: Transaction, table: Table, column: TableColumn): void {
  if (table.rows.size === 0) return;
  tx.readTable(table.defpos);
  const draw = identityDefault(table, column);
  const ctx = new ExecContext(tx, EMPTY_PARAMS);
  const writes: Array<[number, Array<[number, Value]>]> = [];
  for (const rowid of table.rows.keys()) writes.push([rowid, [[column.slot, draw.eval(ctx, null)]]]);
  tx.updateMany(table.defpos, writes);
}

/** Gives every existing row the new column's DEFAULT; refuses a NOT NULL column that would stay NULL. */
function fillExistingRows(tx: Transaction, table: Table, column: TableColumn): void {
  if (table.rows.size === 0) return;
  tx.readTable(table.defpos);
  if (column.defaultSql === null) {
    if (column.notNull) throw SqlError.of(SqlState.NotNullViolation, [column.name]);
    return;
  }
  const d = compileDefault(column.defaultSql, tx.state);
  const ctx = new ExecContext(tx, EMPTY_PARAMS);
  for (const rowid of table.rows.keys()) {
    const v = assignValue(d.eval(ctx, null), column.type, column.name);
    if (v === null) {
      if (column.notNull) throw SqlError.of(SqlState.NotNullViolation, [column.name]);
      continue;
    }
    tx.update(table.defpos, rowid, [[column.slot, column.type.kind === 'DOCUMENT' ? storedDocument(v) : v]]);
  }
}

/** True when the stored condition refers to a column named `name`. */
function mentions(checkSql: string, name: string): boolean {
  const ref = findExpr(parseExpression(checkSql), (e) => e.kind === 'ColumnRef' && e.parts[e.parts.length - 1] === name);
  return ref !== null;
}

function dropColumn(tx: Transaction, table: Table, name: string, position: number): void {
  const c = columnByName(table, name, position);
  for (const ix of table.indexes) {
    if (ix.columns.includes(c.defpos)) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop column ${c.name}`, `${ix.name}`], { position });
    }
  }
  for (const g of table.columns) {
    if (g !== c && g.generatedSql !== null && mentions(g.generatedSql, c.name)) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop column ${c.name}`, `generated column ${g.name}`], { position });
    }
  }
  const own: number[] = [];
  for (const k of table.checks) {
    if (!mentions(k.sql, c.name)) continue;
    if (k.column !== c.defpos) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop column ${c.name}`, `constraint ${k.name}`], { position });
    }
    own.push(k.defpos);
  }
  if (table.columns.length === 1) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`cannot drop the last column of table ${table.name}`], {
      position,
    });
  }
  for (const k of own) tx.drop(k);
  tx.drop(c.defpos);
}

function dropConstraint(tx: Transaction, table: Table, name: string, position: number): void {
  const ix = table.indexes.find((x) => x.name === name && x.kind !== IndexKind.NonUnique);
  if (ix !== undefined) return tx.drop(ix.defpos);
  const k = table.checks.find((x) => x.name === name);
  if (k !== undefined) return tx.drop(k.defpos);
  throw SqlError.of(SqlState.UndefinedObject, [`constraint ${name} of table ${table.name}`], { position });
}

/** Pyrrho's DROP PRIMARY KEY [(cols)]: the columns, when given, must be the key's, in order (42704 otherwise). */
function dropPrimaryKey(tx: Transaction, table: Table, columns: string[] | null, position: number): void {
  const pk = table.primaryKey;
  const named = pk !== null && (columns === null || sameColumns(table, pk.columns, columns));
  if (pk === null || !named) {
    const what = columns === null ? 'primary key' : `primary key (${columns.join(', ')})`;
    throw SqlError.of(SqlState.UndefinedObject, [`${what} of table ${table.name}`], { position });
  }
  tx.drop(pk.defpos);
}

function sameColumns(table: Table, defposes: readonly number[], names: readonly string[]): boolean {
  if (defposes.length !== names.length) return false;
  return defposes.every((d, i) => table.columns.find((c) => c.defpos === d)?.name === names[i]);
}

function dropNotNull(tx: Transaction, table: Table, c: TableColumn, position: number): void {
  if (c.identity !== null) throw SqlError.of(SqlState.InvalidColumnDefinition, [`column ${c.name} is an identity column`], { position });
  if (table.primaryKey !== null && table.primaryKey.columns.includes(c.defpos)) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`column ${c.name} is in the primary key`], { position });
  }
  if (c.notNull) tx.alterColumn(c.defpos, { notNull: false });
}

/** Runs one ALTER TABLE statement. */
export function alterTable(tx: Transaction, stmt: AlterTable, sql: string): void {
  const table = tx.state.tableByName(stmt.table);
  if (table === undefined) throw noSuchTable(stmt.table, stmt.position);
  const a = stmt.action;
  switch (a.kind) {
    case 'AddColumn':
      // IF NOT EXISTS: a column of that name already there is no error, whatever its definition
      if (a.ifNotExists === true && table.columns.some((c) => c.name === a.column.name)) return;
      return addColumn(tx, table, a.column, sql);
    case 'DropColumn':
      if (a.ifExists === true && !table.columns.some((c) => c.name === a.name)) return;
      return dropColumn(tx, table, a.name, a.position);
    case 'AddConstraint':
      return addTableConstraint(tx, table.defpos, a.constraint, sql);
    case 'DropConstraint':
      return dropConstraint(tx, table, a.name, a.position);
    case 'DropPrimaryKey':
      return dropPrimaryKey(tx, table, a.columns, a.position);
    case 'SetDefault': {
      const c = columnByName(table, a.column, a.position);
      if (c.generatedSql !== null) {
        throw SqlError.of(SqlState.InvalidColumnDefinition, [`column ${c.name} is a generated column`], { position: a.position });
      }
      if (c.identity !== null) {
        throw SqlError.of(SqlState.InvalidColumnDefinition, [`column ${c.name} is an identity column`], { position: a.position });
      }
      return tx.alterColumn(c.defpos, { defaultSql: defaultText(tx, a.expr, sql, c.name, c.type) });
    }
    case 'DropDefault':
      return tx.alterColumn(columnByName(table, a.column, a.position).defpos, { defaultSql: null });
    case 'SetNotNull': {
      const c = columnByName(table, a.column, a.position);
      if (c.notNull) return;
      ensureNoNulls(tx, table, c);
      return tx.alterColumn(c.defpos, { notNull: true });
    }
    case 'DropNotNull':
      return dropNotNull(tx, table, columnByName(table, a.column, a.position), a.position);
    case 'SetType':
      return alterColumnType(tx, table, columnByName(table, a.column, a.position), a.type, a.position);
    case 'RenameTable':
      return renameTable(tx, table, a.name, a.position);
    case 'RenameColumn':
      return renameColumn(tx, table, a.column, a.name, a.position);
    case 'RenameConstraint':
      return renameConstraint(tx, table, a.constraint, a.name, a.position);
    default:
      return unreachable(a, 'ALTER TABLE action');
  }
}
