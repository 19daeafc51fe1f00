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
 * 7. `LIKE s` (create-table-like.ts) adds s's columns where it is written, and after the statement's own
 *    constraints what its options copy.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import type { Transaction } from '../../level3-objects/transaction';
import type { Table } from '../../level3-objects/table';
import type { ColumnDef, CreateTable, KeyPath, LikeTable, TableConstraint } from '../parse';
import { addLikeColumns, addLikeRules, likeSource } from './create-table-like';
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

/** The names the table's columns will have, written and copied by LIKE (`sources`), each once (42701). */
function checkColumnNames(stmt: CreateTable, sources: ReadonlyArray<readonly [LikeTable, Table]>): void {
  const seen = new Set<string>();
  const take = (name: string, position: number): void => {
    if (seen.has(name)) throw SqlError.of(SqlState.DuplicateColumn, [name], { position });
    seen.add(name);
  };
  for (const [like, t] of sources) for (const c of t.columns) take(c.name, like.position);
  for (const c of stmt.columns) take(c.name, c.position);
  if (seen.size === 0) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`table ${stmt.name} has no columns`], { position: stmt.position });
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
  // LIKE's tables, read before anything is made (create-table-like.ts)
  const sources = stmt.likes.map((like) => [like, likeSource(tx, like)] as const);
  checkColumnNames(stmt, sources);
  const pk = primaryKeyColumns(stmt);
  const pkNames = new Set(pk?.names ?? []);
  const table = tx.createTable(stmt.name);
  // the columns in the order written, a LIKE's where it stands among the column definitions
  stmt.columns.forEach((c, i) => {
    for (const [like, t] of sources) if (like.at === i) addLikeColumns(tx, table, t, like, pkNames);
    addColumnDef(tx, table, c, sql, pkNames.has(c.name));
  });
  for (const [like, t] of sources) if (like.at === stmt.columns.length) addLikeColumns(tx, table, t, like, pkNames);
  const made = currentTable(tx, table);
  for (const c of made.columns) if (c.generatedSql !== null) checkGenerated(tx, made, c);
  if (pk !== null) addKey(tx, table, true, pk.name, pk.names, pk.position, pk.keyPaths);
  for (const c of currentTable(tx, table).columns) if (c.type.kind === 'DOCUMENT') addIdIndex(tx, table, c);
  for (const k of stmt.constraints) if (k.kind === 'UniqueConstraint') addTableConstraint(tx, table, k, sql);
  for (const c of stmt.columns) addColumnConstraints(tx, table, c, sql);
  for (const k of stmt.constraints) {
    if (k.kind === 'ForeignKeyConstraint' || k.kind === 'CheckConstraint') addTableConstraint(tx, table, k, sql);
  }
  for (const [like, t] of sources) addLikeRules(tx, table, t, like);
  return true;
}
