/**
 * src/level4-sql/statements/generated.ts — `GENERATED ALWAYS AS (expr) [STORED]` columns: checking the
 * expression when the column is defined, and computing the column for rows already there (ADD COLUMN).
 *
 * 1. The expression reads only columns of its own row: no parameters or subqueries (0A000), no clock
 *    functions such as CURRENT_DATE (42P17: the value would depend on when the row was written), no other
 *    generated column, itself included (42P17), no unknown column (42703), no aggregate (42803). It is
 *    checked once every column of the statement exists, so it may name a column defined after it.
 * 2. A generated column has no DEFAULT (42611) and is stored: its value is computed on INSERT and on every
 *    UPDATE of its row (table-rules.ts `computeGenerated`) and kept in the row like any value; the log holds
 *    its definition (PColumn flag, docs/file-format.md), so replay gives the same rows without recomputing.
 * 3. Assigning one (INSERT's column list, UPDATE's SET, ON CONFLICT, MERGE) is 428C9; an INSERT without a
 *    column list fills the other columns only.
 * 4. Foreign-key actions that would set a generated column (ON DELETE SET NULL / SET DEFAULT, ON UPDATE
 *    CASCADE / SET NULL / SET DEFAULT) are refused when the key is defined (42P16, constraints.ts), as
 *    PostgreSQL does.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { Transaction } from '../../level3-objects/transaction';
import { ExecContext } from '../context';
import { clockFunction } from '../eval/compile-calls';
import { compileExpr } from '../eval/compile';
import { Scope } from '../eval/scope';
import { type ColumnDef, type Expr, parseExpression } from '../parse';
import { findExpr } from './ast-walk';
import { EMPTY_PARAMS } from './bind-params';
import { refuseDynamic } from './constraints';
import { exprSource } from './expr-source';
import { storedDocument } from './document-values';

/** The GENERATED expression written on a column definition, or null; 42611 with a DEFAULT or twice. */
export function generatedExpr(c: ColumnDef): Expr | null {
  const gens = c.constraints.filter((k) => k.kind === 'Generated');
  if (gens.length === 0) return null;
  const second = gens[1] ?? c.constraints.find((k) => k.kind === 'Default');
  if (second !== undefined) {
    throw SqlError.of(SqlState.InvalidColumnDefinition, [`column ${c.name} has both a generation expression and another value rule`], {
      position: second.position,
    });
  }
  const g = gens[0]!;
  return g.kind === 'Generated' ? g.expr : null;
}

/** The stored text of a generation expression (checked later, with `checkGenerated`). */
export function generatedText(expr: Expr, sql: string): string {
  refuseDynamic(expr, 'a generation expression');
  return exprSource(sql, expr);
}

/** Checks the generation expression of `column` against its table as it now stands (invariant 1). */
export function checkGenerated(tx: Transaction, table: Table, column: TableColumn): void {
  const expr = parseExpression(column.generatedSql!);
  const generated = new Set(table.columns.filter((c) => c.generatedSql !== null).map((c) => c.name));
  const bad = findExpr(
    expr,
    (e) => e.kind === 'ColumnRef' && ((e.parts.length === 1 && clockFunction(e.parts[0]!) !== null) || generated.has(e.parts[e.parts.length - 1]!)),
  );
  if (bad !== null && bad.kind === 'ColumnRef') {
    const name = bad.parts[bad.parts.length - 1]!;
    const why = generated.has(name) ? `generated column ${name} cannot be used` : `${name} is not immutable`;
    throw SqlError.of(SqlState.InvalidObjectDefinition, [`${why} in the generation expression of column ${column.name}`]);
  }
  compileExpr(expr, Scope.forTable(table, table.name), tx.state);
}

/** Computes a new generated column for every row already in the table (ALTER TABLE … ADD COLUMN). */
export function fillGenerated(tx: Transaction, table: Table, column: TableColumn): void {
  if (table.rows.size === 0) return;
  tx.readTable(table.defpos);
  const expr = compileExpr(parseExpression(column.generatedSql!), Scope.forTable(table, table.name), tx.state);
  const ctx = new ExecContext(tx, EMPTY_PARAMS);
  for (const [rowid, row] of table.rows.entries()) {
    const v = assignValue(expr.eval(ctx, row), column.type, column.name);
    if (v === null) {
      if (column.notNull) throw SqlError.of(SqlState.NotNullViolation, [column.name]);
      continue;
    }
    tx.update(table.defpos, rowid, [[column.slot, column.type.kind === 'DOCUMENT' ? storedDocument(v) : v]]);
  }
}
