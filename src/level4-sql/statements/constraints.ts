/**
 * src/level4-sql/statements/constraints.ts — adds key, foreign-key and CHECK constraints and validates DEFAULTs,
 * for CREATE TABLE and ALTER TABLE alike.
 *
 * 1. Constraint and index names share one namespace per database (indexes are found by name alone in
 *    `DROP INDEX`), and CHECK names are unique per table; a clash raises DuplicateObject (42710). Unnamed
 *    constraints get PostgreSQL-style generated names (`T_PKEY`, `T_A_KEY`, `T_A_FKEY`, `T_A_CHECK`).
 * 2. A foreign key references the referenced table's primary key, or named columns covered exactly by one of
 *    its unique indexes (else InvalidForeignKey 42830); the referencing columns are reordered to that index's
 *    key order, because Level 3 compares keys position by position.
 * 3. ON DELETE / ON UPDATE take RESTRICT, NO ACTION (the default), CASCADE, SET NULL and SET DEFAULT; Level 3
 *    runs the actions (level3-objects/transaction-dml.ts), asking `row-rules.ts` for DEFAULTs and checks.
 * 4. DEFAULT must be a constant expression (a column reference raises InvalidColumnReference 42P10); DEFAULT
 *    and CHECK may not use parameters or subqueries (FeatureNotSupported 0A000). Both are stored as SQL text.
 * 5. A CHECK added to a table that has rows is evaluated against each row (CheckViolation 23514), and the
 *    whole table goes into the read set.
 * 6. Keys may name document paths (`primary key (g, h.i as int)`): Level 3 records them as key parts, and
 *    checks that every row has the path, of its type. Every DOCUMENT column also gets a unique index on its
 *    `_id` (`T_DOC_ID`), made with the column.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import { comparable } from '../../common/values/compare';
import { typeToSql } from '../../common/values/sql-type';
import { IndexKind, type KeyPath, RefAction } from '../../level2-physical/physical';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { TableIndex } from '../../level3-objects/table-index';
import type { Transaction } from '../../level3-objects/transaction';
import { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import { clockFunction } from '../eval/compile-calls';
import { Scope } from '../eval/scope';
import { stepsOf } from '../eval/compile-selector';
import type { Expr, KeyPath as KeyPathAst, ReferentialAction, References } from '../parse';
import { findExpr } from './ast-walk';
import { exprSource } from './expr-source';
import { EMPTY_PARAMS } from './bind-params';
import { sqlTypeFromName } from './type-name';

/** The live table `defpos` as the transaction now sees it (tables are immutable snapshots). */
export function currentTable(tx: Transaction, defpos: number): Table {
  const t = tx.state.table(defpos);
  if (t === undefined) throw new SqlError(SqlState.InternalError, `internal error: table ${defpos} vanished`);
  return t;
}

/** Finds a live column by name, or raises UndefinedColumn (42703). */
export function columnByName(table: Table, name: string, position?: number): TableColumn {
  for (const c of table.columns) if (c.name === name) return c;
  throw SqlError.of(SqlState.UndefinedColumn, [name], position === undefined ? {} : { position });
}

/** Resolves a column list, refusing unknown (42703) and repeated (42701) names. */
export function resolveColumns(table: Table, names: readonly string[], position?: number): TableColumn[] {
  const out: TableColumn[] = [];
  for (const n of names) {
    const c = columnByName(table, n, position);
    if (out.includes(c)) throw SqlError.of(SqlState.DuplicateColumn, [n], position === undefined ? {} : { position });
    out.push(c);
  }
  return out;
}

function nameTaken(tx: Transaction, table: Table, name: string): boolean {
  return tx.state.indexByName(name) !== undefined || table.checks.some((k) => k.name === name);
}

/** The given constraint name (refused when taken) or a generated one that is free. */
export function constraintName(tx: Transaction, table: Table, given: string | null, base: string, position?: number): string {
  if (given !== null) {
    if (nameTaken(tx, table, given)) {
      throw SqlError.of(SqlState.DuplicateObject, [`constraint ${given}`], position === undefined ? {} : { position });
    }
    return given;
  }
  let name = base;
  for (let i = 1; nameTaken(tx, table, name); i++) name = `${base}${i}`;
  return name;
}

/** Adds a PRIMARY KEY or UNIQUE constraint over named columns; returns the index defpos. */
export function addKey(
  tx: Transaction,
  tableDefpos: number,
  primary: boolean,
  name: string | null,
  columnNames: readonly string[],
  position: number,
  keyPaths: ReadonlyArray<KeyPathAst | null> | null = null,
): number {
  const table = currentTable(tx, tableDefpos);
  if (primary && table.primaryKey !== null) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`table ${table.name} already has a primary key`], { position });
  }
  const cols = keyPaths === null ? resolveColumns(table, columnNames, position) : columnNames.map((n) => columnByName(table, n, position));
  refuseArrayKeys(cols, keyPaths, position);
  if (primary) requireNotNull(tx, table, cols);
  const base = primary ? `${table.name}_PKEY` : `${table.name}_${cols.map((c) => c.name).join('_')}_KEY`;
  const paths = keyPaths === null ? undefined : keyPathsOf(keyPaths);
  return tx.createIndex(table.defpos, {
    name: constraintName(tx, table, name, base, position),
    kind: primary ? IndexKind.PrimaryKey : IndexKind.Unique,
    columns: cols.map((c) => c.defpos),
    ...(paths === undefined ? {} : { paths }),
  });
}

/**
 * 0A000 for a key on a whole DOCARRAY column: an index key is never an array (an array at an indexed path is
 * 22D06 for the same reason; level3-objects/table-index.ts invariant 5).
 */
export function refuseArrayKeys(cols: readonly TableColumn[], keyPaths: ReadonlyArray<KeyPathAst | null> | null, position?: number): void {
  cols.forEach((c, i) => {
    const p = keyPaths?.[i] ?? null;
    if (c.type.kind === 'DOCARRAY' && (p === null || p.steps.length === 0)) {
      throw SqlError.of(SqlState.FeatureNotSupported, [`a key on the whole DOCARRAY column ${c.name} (index a path into it)`], { position });
    }
  });
}

/** Key paths as Level 3 takes them (undefined when every part is a plain column). */
export function keyPathsOf(keyPaths: ReadonlyArray<KeyPathAst | null>): Array<KeyPath | null> | undefined {
  if (keyPaths.every((k) => k === null)) return undefined;
  return keyPaths.map((k) => (k === null ? null : { steps: stepsOf(k.steps), type: k.type === null ? null : sqlTypeFromName(k.type) }));
}

/** The name of the unique `_id` index a DOCUMENT column gets (document-values.ts invariant 1). */
export function idIndexName(tx: Transaction, table: Table, column: string): string {
  return constraintName(tx, table, null, `${table.name}_${column}_ID`);
}

/** Adds the unique index on `column._id` that every DOCUMENT column has. */
export function addIdIndex(tx: Transaction, tableDefpos: number, column: TableColumn): number {
  const table = currentTable(tx, tableDefpos);
  return tx.createIndex(table.defpos, {
    name: idIndexName(tx, table, column.name),
    kind: IndexKind.Unique,
    columns: [column.defpos],
    paths: [{ steps: [{ name: '_id', exact: true }], type: null }],
  });
}

/** Makes primary-key columns NOT NULL, refusing (23502) when a row already holds a NULL there. */
function requireNotNull(tx: Transaction, table: Table, cols: readonly TableColumn[]): void {
  for (const c of cols) {
    if (c.notNull) continue;
    ensureNoNulls(tx, table, c);
    tx.alterColumn(c.defpos, { notNull: true });
  }
}

/** Raises NotNullViolation when some row of the table has NULL in column `c`; reads the whole table. */
export function ensureNoNulls(tx: Transaction, table: Table, c: TableColumn): void {
  tx.readTable(table.defpos);
  for (const row of table.rows.values()) {
    const v = row[c.slot];
    if (v === null || v === undefined) throw SqlError.of(SqlState.NotNullViolation, [c.name]);
  }
}

function refAction(a: ReferentialAction | null, position: number): RefAction {
  switch (a) {
    case null:
    case 'NO ACTION':
      return RefAction.NoAction;
    case 'RESTRICT':
      return RefAction.Restrict;
    case 'CASCADE':
      return RefAction.Cascade;
    case 'SET NULL':
      return RefAction.SetNull;
    case 'SET DEFAULT':
      return RefAction.SetDefault;
    default:
      throw SqlError.of(SqlState.FeatureNotSupported, [`referential action ${String(a)}`], { position });
  }
}

function referencedIndex(tx: Transaction, refTable: Table, refs: References): TableIndex {
  if (refs.columns === null) {
    if (refTable.primaryKey === null) {
      throw SqlError.of(SqlState.InvalidForeignKey, [`table ${refTable.name} has no primary key`], {
        position: refs.position,
      });
    }
    return refTable.primaryKey;
  }
  const cols = resolveColumns(refTable, refs.columns, refs.position).map((c) => c.defpos);
  for (const ix of refTable.indexes) {
    if (!ix.unique || ix.columns.length !== cols.length) continue;
    if (ix.columns.every((d) => cols.includes(d))) return ix;
  }
  throw SqlError.of(
    SqlState.InvalidForeignKey,
    [`there is no unique constraint on ${refTable.name} (${refs.columns.join(', ')})`],
    { position: refs.position },
  );
}

/** 42P16 when a foreign key over `cols` has an action that would set a generated column (generated.ts invariant 4). */
export function refuseActionsOnGenerated(cols: readonly TableColumn[], onDelete: RefAction, onUpdate: RefAction, position: number): void {
  const g = cols.find((c) => c.generatedSql !== null);
  if (g === undefined) return;
  const sets = (a: RefAction): boolean => a === RefAction.SetNull || a === RefAction.SetDefault;
  const bad = sets(onDelete) ? 'ON DELETE' : sets(onUpdate) || onUpdate === RefAction.Cascade ? 'ON UPDATE' : null;
  if (bad === null) return;
  throw SqlError.of(SqlState.InvalidTableDefinition, [`invalid ${bad} action for foreign key over generated column ${g.name}`], {
    position,
  });
}

/** Adds a FOREIGN KEY constraint; returns the index defpos. Orphan rows already there raise 23503 (Level 3). */
export function addForeignKey(
  tx: Transaction,
  tableDefpos: number,
  name: string | null,
  columnNames: readonly string[],
  refs: References,
  position: number,
): number {
  const onDelete = refAction(refs.onDelete, refs.position);
  const onUpdate = refAction(refs.onUpdate, refs.position);
  const table = currentTable(tx, tableDefpos);
  const cols = resolveColumns(table, columnNames, position);
  refuseActionsOnGenerated(cols, onDelete, onUpdate, refs.position);
  const refTable = tx.state.tableByName(refs.table);
  if (refTable === undefined) throw SqlError.of(SqlState.UndefinedTable, [refs.table], { position: refs.position });
  const ix = referencedIndex(tx, refTable, refs);
  if (ix.columns.length !== cols.length) {
    throw SqlError.of(SqlState.InvalidForeignKey, [`${cols.length} columns reference ${ix.columns.length}`], {
      position,
    });
  }
  // the referenced columns as written (or the key's own order) → the index's key order
  const written = refs.columns === null ? ix.columns : refs.columns.map((n) => columnByName(refTable, n).defpos);
  const ordered: TableColumn[] = ix.columns.map((d) => cols[written.indexOf(d)]!);
  for (let i = 0; i < ordered.length; i++) {
    const mine = ordered[i]!;
    const theirs = tx.state.column(ix.columns[i]!)!;
    if (!comparable(mine.type, theirs.type)) {
      throw SqlError.of(
        SqlState.DatatypeMismatch,
        [`${mine.name} ${typeToSql(mine.type)} cannot reference ${theirs.name} ${typeToSql(theirs.type)}`],
        { position },
      );
    }
  }
  const base = `${table.name}_${cols.map((c) => c.name).join('_')}_FKEY`;
  return tx.createIndex(table.defpos, {
    name: constraintName(tx, table, name, base, position),
    kind: IndexKind.ForeignKey,
    columns: ordered.map((c) => c.defpos),
    refIndex: ix.defpos,
    onDelete,
    onUpdate,
  });
}

/** Refuses parameters and subqueries in stored expressions (DEFAULT, CHECK). */
export function refuseDynamic(expr: Expr, what: string): void {
  const bad = findExpr(
    expr,
    (e) => e.kind === 'Parameter' || e.kind === 'ScalarSubquery' || e.kind === 'Exists' || e.kind === 'InSubquery',
  );
  if (bad !== null) {
    const thing = bad.kind === 'Parameter' ? 'parameters' : 'subqueries';
    throw SqlError.of(SqlState.FeatureNotSupported, [`${thing} in ${what}`], { position: bad.position });
  }
}

/**
 * Checks a DEFAULT expression for column `c` and returns its stored text: constant (42P10 otherwise), and its
 * value now must be assignable to the column (so `INTEGER DEFAULT 'x'` fails at definition, not at insert).
 */
export function defaultText(tx: Transaction, expr: Expr, sql: string, column: string, type: TableColumn['type']): string {
  refuseDynamic(expr, 'DEFAULT');
  // CURRENT_DATE and its kin parse as column references; the compiler reads them as clock functions
  const ref = findExpr(expr, (e) => e.kind === 'ColumnRef' && (e.parts.length > 1 || clockFunction(e.parts[0]!) === null));
  if (ref !== null) {
    throw SqlError.of(SqlState.InvalidColumnReference, ['DEFAULT must not refer to columns'], {
      position: ref.position,
    });
  }
  const compiled = compileExpr(expr, Scope.empty(), tx.state);
  assignValue(compiled.eval(new ExecContext(tx, EMPTY_PARAMS), null), type, column);
  return exprSource(sql, expr);
}

/** Adds a CHECK constraint (column = -1 for a table constraint), testing the rows already there. */
export function addCheck(
  tx: Transaction,
  tableDefpos: number,
  name: string | null,
  column: TableColumn | null,
  expr: Expr,
  sql: string,
): number {
  refuseDynamic(expr, 'CHECK');
  const table = currentTable(tx, tableDefpos);
  const test = compileExpr(expr, Scope.forTable(table, table.name), tx.state);
  if (test.type.kind !== 'BOOLEAN' && test.type.kind !== 'NULL') {
    throw SqlError.of(SqlState.DatatypeMismatch, ['CHECK condition must be BOOLEAN'], { position: expr.position });
  }
  const base = column === null ? `${table.name}_CHECK` : `${table.name}_${column.name}_CHECK`;
  const checkName = constraintName(tx, table, name, base, expr.position);
  if (table.rows.size > 0) {
    tx.readTable(table.defpos);
    const ctx = new ExecContext(tx, EMPTY_PARAMS);
    for (const row of table.rows.values()) {
      if (test.eval(ctx, row) === false) throw SqlError.of(SqlState.CheckViolation, [table.name, checkName]);
    }
  }
  const text = exprSource(sql, expr);
  return tx.addCheck(table.defpos, { column: column === null ? -1 : column.defpos, name: checkName, sql: text });
}
