/**
 * src/level4-sql/routines/table-function.ts — `TABLE(f(args))` in FROM: a leaf whose rows a table-valued function
 * returns (`RETURNS TABLE (…)`, `RETURN TABLE (query)`).
 *
 * 1. The function is found and its columns known when the query is planned (42883 when there is none, 42809
 *    when it does not return a table); the arguments are compiled against the enclosing queries (they may be
 *    correlated with an outer query, not with FROM items beside them).
 * 2. Each open of the rowset evaluates the arguments and runs the function once; its rows are a copy the
 *    function made, handed out as they are.
 * 3. `f(args)` in FROM without TABLE is the same, and GENERATE_SERIES and UNNEST are built in (exec/series.ts):
 *    they are found before any routine of that name. Their one column takes the alias's name (PostgreSQL's rule
 *    for a function returning one value), else the function's (GENERATE_SERIES, UNNEST).
 * 4. `AS alias (names)` renames the function's columns in order; more names than columns is 42P10 (fewer leave
 *    the rest as they are).
 * 5. `WITH ORDINALITY` adds a last INTEGER column, ORDINALITY, numbering the function's rows from 1 in the order it
 *    gives them (the names of AS alias (names) count it).
 */
import type { Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import { compile } from '../eval/compile';
import { Scope } from '../eval/scope';
import { ArrayCursor, type Cursor, line, type RowSet } from '../exec/rowset';
import { SqlError, SqlState } from '../../common/errors';
import { INTEGER, NULL_TYPE, type SqlType, typeToSql } from '../../common/values/sql-type';
import type { Compiled } from '../eval/compiled';
import { OrdinalityRowSet, SeriesRowSet, seriesType, UnnestRowSet } from '../exec/series';
import type { Expr, TableFunctionRef } from '../parse';
import type { LeafNode, TreeContext } from '../plan/from-tree';
import { planTableFunction } from './invoke';

/** The rows of one call of a table-valued function (invariant 2). */
class TableFunctionRowSet implements RowSet {
  readonly kind = 'TableFunctionRowSet' as const;
  constructor(
    private readonly name: string,
    private readonly args: ReadonlyArray<(ctx: ExecContext) => Value>,
    private readonly call: (ctx: ExecContext, args: readonly Value[]) => ReadonlyArray<readonly Value[]>,
  ) {}

  open(ctx: ExecContext): Cursor {
    const values = this.args.map((a) => a(ctx));
    return new ArrayCursor(this.call(ctx, values));
  }

  explain(out: string[], depth: number): void {
    line(out, depth, `TableFunctionRowSet ${this.name}`);
  }
}

/** The FROM leaf of `TABLE(f(args))` or `f(args)` (invariants 1 and 3). */
export function tableFunctionLeaf(item: TableFunctionRef, tc: TreeContext): LeafNode {
  const argScope = Scope.emptyAt(tc.level, tc.outer);
  const compileArgs = (exprs: readonly Expr[]): Compiled[] => exprs.map((a) => compile(a, argScope, tc.env));
  const evaluators = (cs: readonly Compiled[]): Array<(ctx: ExecContext) => Value> =>
    cs.map((c) => {
      const ev = c.eval;
      return (ctx: ExecContext): Value => ev(ctx, null);
    });
  const call = item.call;
  const name = call.kind === 'FunctionCall' ? call.name : 'TABLE';
  let root: RowSet;
  let columns: string[];
  let types: SqlType[];
  if (call.kind === 'FunctionCall' && call.name === 'GENERATE_SERIES') {
    const args = compileArgs(call.args);
    const type = seriesType(args.map((a) => a.type), call.position);
    root = new SeriesRowSet(type, evaluators(args));
    columns = [item.alias ?? name];
    types = [type];
  } else if (call.kind === 'FunctionCall' && call.name === 'UNNEST') {
    const args = compileArgs(call.args);
    if (args.length !== 1) throw SqlError.of(SqlState.UndefinedFunction, [`function UNNEST with ${args.length} arguments`], { position: call.position });
    const t = args[0]!;
    if (!t.dynamic && t.type.kind !== 'DOCARRAY' && t.type.kind !== 'NULL') {
      throw SqlError.of(SqlState.DatatypeMismatch, [`UNNEST takes an array, not ${typeToSql(t.type)}`], { position: call.position });
    }
    root = new UnnestRowSet(evaluators(args)[0]!);
    columns = [item.alias ?? name];
    // an element's type is known per value, as a selector's (exec/series.ts invariant 4)
    types = [NULL_TYPE];
  } else {
    const f = planTableFunction(call, tc.env.state);
    root = new TableFunctionRowSet(name, evaluators(compileArgs(f.args)), f.rows);
    columns = f.columns;
    types = f.types;
  }
  if (item.ordinality === true) {
    root = new OrdinalityRowSet(root);
    columns = [...columns, 'ORDINALITY'];
    types = [...types, INTEGER];
  }
  columns = renamed(columns, item.columnAliases, item.position);
  const id = tc.nextLeaf++;
  const alias = item.alias ?? name;
  const scope = Scope.forColumns(alias, columns, types, tc.level, tc.outer, id);
  return { kind: 'leaf', id, scope, leaves: new Set([id]), table: null, label: alias, derived: { root, columns, types } };
}

/** The columns under `AS alias (names)` (invariant 4). */
function renamed(columns: string[], names: readonly string[] | undefined, position: number): string[] {
  if (names === undefined) return columns;
  if (names.length > columns.length) {
    throw SqlError.of(SqlState.InvalidColumnReference, [`the function gives ${columns.length} column(s), and ${names.length} names were given`], { position });
  }
  return columns.map((c, i) => names[i] ?? c);
}
