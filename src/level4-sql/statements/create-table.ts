/**
 * src/level4-sql/statements/create-table.ts — executes CREATE TABLE inside a transaction.
 *
 * 1. Order of work: the table, its columns (types, NOT NULL, DEFAULT), then PRIMARY KEY, UNIQUE, FOREIGN KEY
 *    and CHECK constraints, so a key can be referenced by a foreign key in the same statement (self-reference).
 * 2. Primary-key columns are NOT NULL. At most one primary key (InvalidTableDefinition 42P16); a column both
 *    NULL and NOT NULL/PRIMARY KEY is 42P16 too.
 * 3. Errors leave nothing: the caller's transaction (autocommit or explicit) is rolled back by the session.
 * 4. Each DOCUMENT column gets a unique index on its `_id` (constraints.ts `addIdIndex`), after the primary key.
 * 5. A generated column's expression is stored with the column and checked once every column exists
 *    (generated.ts), so it may name a column defined after it.
 * 6. An identity column (identity.ts) is NOT NULL, like a primary-key column; a SERIAL column is one.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import type { Transaction } from '../../level3-objects/transaction';
import type { ColumnDef, CreateTable, KeyPath, TableConstraint } from '../parse';
import { addCheck, addForeignKey, addIdIndex, addKey, columnByName, currentTable, defaultText } from './constraints';
import { checkGenerated, generatedExpr, generatedText } from './generated';
import { identityOf, serialAsIdentity } from './identity';
import { resolveTypeName } from '../types/type-ddl';

interface PrimaryKeyDef {
  names: string[];
  keyPaths: Array<KeyPath | null> | null;
  name: string | null;
  position: number;
}

function primaryKeyColumns(stmt: CreateTable): PrimaryKeyDef | null {
  let found: PrimaryKeyDef | null = null;
  const take = (names: string[], keyPaths: PrimaryKeyDef['keyPaths'], name: string | null, position: number): void => {
    if (found !== null) {
      throw SqlError.of(SqlState.InvalidTableDefinition, [`multiple primary keys for table ${stmt.name}`], { position });
    }
    found = { names, keyPaths, name, position };
  };
  for (const c of stmt.columns) {
    for (const k of c.constraints) if (k.kind === 'PrimaryKey') take([c.name], null, k.name, k.position);
  }
  for (const k of stmt.constraints) if (k.kind === 'PrimaryKeyConstraint') take(k.columns, k.keyPaths, k.name, k.position);
  return found;
}

function checkColumnNames(stmt: CreateTable): void {
  if (stmt.columns.length === 0) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`table ${stmt.name} has no columns`], { position: stmt.position });
  }
  const seen = new Set<string>();
  for (const c of stmt.columns) {
    if (seen.has(c.name)) throw SqlError.of(SqlState.DuplicateColumn, [c.name], { position: c.position });
    seen.add(c.name);
  }
}

function isNotNull(c: ColumnDef, inKey: boolean): boolean {
  const nullable = c.constraints.find((k) => k.kind === 'Null');
  const notNull = inKey || c.constraints.some((k) => k.kind === 'NotNull' || k.kind === 'PrimaryKey');
  if (nullable !== undefined && notNull) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`conflicting NULL/NOT NULL declarations for column ${c.name}`], {
      position: nullable.position,
    });
  }
  return notNull;
}

/** Adds one column definition's column (type, NOT NULL, DEFAULT) to the table; constraints come later. */
export function addColumnDef(tx: Transaction, table: number, written: ColumnDef, sql: string, inKey: boolean): number {
  const c = serialAsIdentity(written);
  const type = resolveTypeName(c.type, tx.state);
  const identity = identityOf(c, type);
  const notNull = isNotNull(c, inKey || identity !== null);
  let defaultSql: string | null = null;
  for (const k of c.constraints) {
    if (k.kind !== 'Default') continue;
    if (defaultSql !== null) {
      throw SqlError.of(SqlState.InvalidColumnDefinition, [`multiple DEFAULTs for column ${c.name}`], {
        position: k.position,
      });
    }
    defaultSql = defaultText(tx, k.expr, sql, c.name, type);
  }
  const generated = generatedExpr(c);
  if (identity !== null) return tx.addColumn(table, { name: c.name, type, notNull, defaultSql, identity });
  if (generated === null) return tx.addColumn(table, { name: c.name, type, notNull, defaultSql });
  return tx.addColumn(table, { name: c.name, type, notNull, defaultSql, generatedSql: generatedText(generated, sql) });
}

/** Adds the UNIQUE, REFERENCES and CHECK constraints written on a column (PRIMARY KEY is handled separately). */
export function addColumnConstraints(tx: Transaction, table: number, c: ColumnDef, sql: string): void {
  for (const k of c.constraints) {
    if (k.kind === 'Unique') addKey(tx, table, false, k.name, [c.name], k.position);
  }
  for (const k of c.constraints) {
    if (k.kind === 'ColumnReferences') addForeignKey(tx, table, k.name, [c.name], k.references, k.position);
  }
  for (const k of c.constraints) {
    if (k.kind === 'Check') {
      const column = columnByName(currentTable(tx, table), c.name);
      addCheck(tx, table, k.name, column, k.expr, sql);
    }
  }
}

/** Adds a table constraint (any kind) to an existing table. */
export function addTableConstraint(tx: Transaction, table: number, k: TableConstraint, sql: string): void {
  switch (k.kind) {
    case 'PrimaryKeyConstraint':
      addKey(tx, table, true, k.name, k.columns, k.position, k.keyPaths);
      return;
    case 'UniqueConstraint':
      addKey(tx, table, false, k.name, k.columns, k.position, k.keyPaths);
      return;
    case 'ForeignKeyConstraint':
      addForeignKey(tx, table, k.name, k.columns, k.references, k.position);
      return;
    case 'CheckConstraint':
      addCheck(tx, table, k.name, null, k.expr, sql);
      return;
    default:
      unreachable(k, 'table constraint');
  }
}

/** Runs CREATE TABLE; returns false when IF NOT EXISTS found the table already there. */
export function createTable(tx: Transaction, stmt: CreateTable, sql: string): boolean {
  if (tx.state.tableByName(stmt.name) !== undefined) {
    if (stmt.ifNotExists) return false;
    throw SqlError.of(SqlState.DuplicateTable, [stmt.name], { position: stmt.position });
  }
  checkColumnNames(stmt);
  const pk = primaryKeyColumns(stmt);
  const pkNames = new Set(pk?.names ?? []);
  const table = tx.createTable(stmt.name);
  for (const c of stmt.columns) addColumnDef(tx, table, c, sql, pkNames.has(c.name));
  const made = currentTable(tx, table);
  for (const c of made.columns) if (c.generatedSql !== null) checkGenerated(tx, made, c);
  if (pk !== null) addKey(tx, table, true, pk.name, pk.names, pk.position, pk.keyPaths);
  for (const c of currentTable(tx, table).columns) if (c.type.kind === 'DOCUMENT') addIdIndex(tx, table, c);
  for (const k of stmt.constraints) if (k.kind === 'UniqueConstraint') addTableConstraint(tx, table, k, sql);
  for (const c of stmt.columns) addColumnConstraints(tx, table, c, sql);
  for (const k of stmt.constraints) {
    if (k.kind === 'ForeignKeyConstraint' || k.kind === 'CheckConstraint') addTableConstraint(tx, table, k, sql);
  }
  return true;
}
