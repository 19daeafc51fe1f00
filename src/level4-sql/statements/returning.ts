/**
 * src/level4-sql/statements/returning.ts — `RETURNING items` of INSERT, UPDATE and DELETE: the items compiled
 * against the target table's row, and the rows they give gathered into a query result.
 *
 * 1. Items are named and `*` expanded as a SELECT list is (`expandItems`): `RETURNING *` gives every live
 *    column in order, an expression is named by its alias, column or function, else `Col<i>`.
 * 2. INSERT and UPDATE project the row as stored (after DEFAULTs, casts and generated columns); DELETE the
 *    row as it was. Rows changed by referential actions are not returned (PostgreSQL does the same).
 * 3. The result is a query result (columns, types, rows) whose `rowsAffected` is the statement's count, so
 *    a caller sees both; values are copied on the way out as any result's are (result.ts invariant 2).
 * 4. Aggregates are refused (42803, as in any context without grouping); subqueries and parameters work.
 */
import type { SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { Scope } from '../eval/scope';
import type { SelectItem } from '../parse';
import { expandItems } from '../plan/select-planner';
import { queryResult, type ResultSet, type ResultShape, resultShape } from './result';

/** The compiled RETURNING list of one statement, and the rows it has produced in one execution. */
export class Returning {
  private readonly shape: ResultShape;

  private constructor(
    private readonly items: readonly Compiled[],
    names: readonly string[],
    types: readonly SqlType[],
  ) {
    this.shape = resultShape(names, types, true);
  }

  /** Compiles `items` over rows of `table` (by slot), seen under `alias` or the table's name. */
  static compile(items: readonly SelectItem[], table: Table, alias: string | null, state: DatabaseState): Returning {
    const scope = Scope.forTable(table, alias ?? table.name);
    const expanded = expandItems(items, scope);
    const compiled = expanded.map((it) => compileExpr(it.expr, scope, state));
    return new Returning(
      compiled,
      expanded.map((it) => it.name),
      compiled.map((c) => c.type),
    );
  }

  /** The projection of one row (full, by slot). */
  project(ctx: ExecContext, row: Row): Value[] {
    const out = new Array<Value>(this.items.length);
    for (let i = 0; i < this.items.length; i++) out[i] = this.items[i]!.eval(ctx, row);
    return out;
  }

  /** The result of an execution that returned `rows` and affected `rowsAffected` rows (invariant 3). */
  result(rows: readonly Value[][], rowsAffected: number): ResultSet {
    let i = 0;
    const result = queryResult(this.shape, {
      next: () => (i < rows.length ? rows[i++]! : null),
    });
    result.rowsAffected = rowsAffected;
    return result;
  }

  /** The EXPLAIN line. */
  explainLine(): string {
    return `Returning ${this.shape.columns.join(', ')}`;
  }
}

/** Compiles a statement's RETURNING list, or null when it has none. */
export function compileReturning(
  items: readonly SelectItem[] | null | undefined,
  table: Table,
  alias: string | null,
  state: DatabaseState,
): Returning | null {
  return items === null || items === undefined ? null : Returning.compile(items, table, alias, state);
}
