/**
 * src/level4-sql/statements/table-rules.ts — a table's row rules compiled for DML: DEFAULTs, NOT NULL and CHECKs.
 *
 * 1. DEFAULT and CHECK are stored as SQL text (Level 3 keeps `defaultSql` and `TableCheck.sql`); they are parsed
 *    and compiled here once per plan, so a prepared INSERT evaluates closures, never text.
 * 2. A CHECK passes when it is TRUE or NULL (SQL); FALSE raises CheckViolation (23514) naming the constraint.
 * 3. NOT NULL is checked before CHECKs, in column order, so the first violation reported is deterministic.
 * 4. Rows are full arrays by slot (`TableColumn.slot`), the layout `Scope.forTable` compiles against.
 * 5. Generated columns (`GENERATED ALWAYS AS (expr)`, stored as `generatedSql`) are computed from the row after
 *    every other value is in place and before NOT NULL and CHECK; their expressions never read another
 *    generated column (create-table.ts refuses it), so the order they are computed in does not matter.
 * 6. A statement through a view WITH CHECK OPTION adds the view's conditions (`withViewChecks`, translated to the
 *    base table by views/view-dml.ts): unlike a CHECK, a row passes only when the condition is TRUE — NULL is a
 *    row the view would not show — else WithCheckOptionViolation (44000) naming the view. They are tested last.
 */
import { withoutAccess } from '../access/access-recorder';
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { UpdateValue } from '../../level2-physical/physical';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { Scope } from '../eval/scope';
import { parseExpression, type Expr } from '../parse';
import { sameStored } from './assignments';
import { compileDefault } from './column-defaults';
import { identityDefault } from './identity';

interface CompiledCheck {
  readonly name: string;
  readonly test: Compiled;
}

/** The compiled DEFAULT, NOT NULL and CHECK rules of one table at one schema version. */
export interface TableRules {
  readonly table: Table;
  /** by slot: the column's compiled DEFAULT (an identity column's draws its next value), or null (NULL default) */
  readonly defaults: ReadonlyArray<Compiled | null>;
  /** by slot: the live column there, or undefined for a dropped slot */
  readonly columnsBySlot: ReadonlyArray<TableColumn | undefined>;
  readonly notNull: readonly TableColumn[];
  readonly checks: readonly CompiledCheck[];
  /** the generated columns and their compiled expressions (invariant 5) */
  readonly generated: ReadonlyArray<{ readonly column: TableColumn; readonly expr: Compiled }>;
  /** the conditions of the views WITH CHECK OPTION a statement goes through (invariant 6) */
  readonly viewChecks: readonly CompiledCheck[];
}

/** A condition a row written through a view must meet: the view's name and its condition over the base table. */
export interface ViewCheck {
  readonly view: string;
  readonly cond: Expr;
}

/** Compiles a stored CHECK condition against the table's row layout. */
export function compileCheck(sql: string, table: Table, state: DatabaseState): Compiled {
  // stored text: the table's, not the statement's reads (access/access-recorder.ts invariant 2)
  return withoutAccess(() => compileExpr(parseExpression(sql), Scope.forTable(table, table.name), state));
}

/** Compiles the rules of `table` as `state` defines it. */
export function tableRules(table: Table, state: DatabaseState): TableRules {
  const defaults: Array<Compiled | null> = new Array(table.slotCount).fill(null);
  const columnsBySlot: Array<TableColumn | undefined> = new Array(table.slotCount).fill(undefined);
  const notNull: TableColumn[] = [];
  const generated: Array<{ column: TableColumn; expr: Compiled }> = [];
  for (const c of table.columns) {
    columnsBySlot[c.slot] = c;
    if (c.defaultSql !== null) defaults[c.slot] = compileDefault(c.defaultSql, state);
    else if (c.identity !== null) defaults[c.slot] = identityDefault(table, c);
    if (c.notNull) notNull.push(c);
    if (c.generatedSql !== null) generated.push({ column: c, expr: compileCheck(c.generatedSql, table, state) });
  }
  const checks = table.checks.map((k) => ({ name: k.name, test: compileCheck(k.sql, table, state) }));
  return { table, defaults, columnsBySlot, notNull, checks, generated, viewChecks: [] };
}

/** `rules` with the conditions of views WITH CHECK OPTION, over the base table named `alias` (invariant 6). */
export function withViewChecks(rules: TableRules, checks: readonly ViewCheck[], alias: string, state: DatabaseState): TableRules {
  if (checks.length === 0) return rules;
  const scope = Scope.forTable(rules.table, alias);
  // a view's own definition: not the statement's reads (access/access-recorder.ts invariant 2)
  const viewChecks = checks.map((k) => ({ name: k.view, test: withoutAccess(() => compileExpr(k.cond, scope, state)) }));
  return { ...rules, viewChecks };
}

/** The value a column gets when an INSERT omits it: its DEFAULT, cast to the column type, or NULL. */
export function defaultFor(rules: TableRules, slot: number, ctx: ExecContext): Value {
  const d = rules.defaults[slot];
  if (d === null || d === undefined) return null;
  const c = rules.columnsBySlot[slot]!;
  return assignValue(d.eval(ctx, null), c.type, c.name);
}

/**
 * Computes the generated columns of `row` (full, by slot) in place (invariant 5); with `changes`, appends a
 * change for each whose stored value changes (an UPDATE's record).
 */
export function computeGenerated(
  rules: TableRules,
  ctx: ExecContext,
  row: Value[],
  changes: Array<readonly [number, UpdateValue]> | null = null,
): void {
  const g = rules.generated;
  if (g.length === 0) return;
  const values = g.map(({ column: c, expr }) => assignValue(expr.eval(ctx, row), c.type, c.name));
  for (let i = 0; i < g.length; i++) {
    const slot = g[i]!.column.slot;
    const v = values[i]!;
    if (changes !== null && !sameStored(row[slot], v)) changes.push([slot, v]);
    row[slot] = v;
  }
}

/** Raises NotNullViolation or CheckViolation when `row` (full, by slot) breaks a rule of the table. */
export function checkRow(rules: TableRules, ctx: ExecContext, row: readonly Value[]): void {
  for (const c of rules.notNull) {
    const v = row[c.slot];
    if (v === null || v === undefined) throw SqlError.of(SqlState.NotNullViolation, [c.name]);
  }
  for (const k of rules.checks) {
    if (k.test.eval(ctx, row) === false) throw SqlError.of(SqlState.CheckViolation, [rules.table.name, k.name]);
  }
  for (const k of rules.viewChecks) {
    if (k.test.eval(ctx, row) !== true) throw SqlError.of(SqlState.WithCheckOptionViolation, [k.name]);
  }
}
