/**
 * src/level4-sql/routines/table-function.ts — `TABLE(f(args))` in FROM: a leaf whose rows a table-valued function
 * returns (`RETURNS TABLE (…)`, `RETURN TABLE (query)`).
 *
 * 1. The function is found and its columns known when the query is planned (42883 when there is none, 42809
 *    when it does not return a table); the arguments are compiled against the enclosing queries (they may be
 *    correlated with an outer query, not with FROM items beside them).
 * 2. Each open of the rowset evaluates the arguments and runs the function once; its rows are a copy the
 *    function made, handed out as they are.
 */
import type { Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import { compile } from '../eval/compile';
import { Scope } from '../eval/scope';
import { ArrayCursor, type Cursor, line, type RowSet } from '../exec/rowset';
import type { TableFunctionRef } from '../parse';
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

/** The FROM leaf of `TABLE(f(args))` (invariant 1). */
export function tableFunctionLeaf(item: TableFunctionRef, tc: TreeContext): LeafNode {
  const f = planTableFunction(item.call, tc.env.state);
  const argScope = Scope.emptyAt(tc.level, tc.outer);
  const args = f.args.map((a) => {
    const c = compile(a, argScope, tc.env);
    const ev = c.eval;
    return (ctx: ExecContext): Value => ev(ctx, null);
  });
  const name = item.call.kind === 'FunctionCall' ? item.call.name : 'TABLE';
  const root = new TableFunctionRowSet(name, args, f.rows);
  const id = tc.nextLeaf++;
  const alias = item.alias ?? name;
  const scope = Scope.forColumns(alias, f.columns, f.types, tc.level, tc.outer, id);
  return { kind: 'leaf', id, scope, leaves: new Set([id]), table: null, label: alias, derived: { root, columns: f.columns, types: f.types } };
}
