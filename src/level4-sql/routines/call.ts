/**
 * src/level4-sql/routines/call.ts — CALL p(args) as a top-level statement.
 *
 * 1. At the top level an OUT or INOUT argument may be any expression (its value is ignored for OUT); the
 *    result is one row holding the final values of the OUT and INOUT parameters, named after them, or, for a
 *    procedure without any, no rows (0 rows affected).
 * 2. The arguments are compiled against no columns (parameters `?` allowed) when the plan is made; the
 *    procedure is found at run time by name and argument count (42883).
 */
import type { Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import { compileExpr } from '../eval/compile';
import { Scope } from '../eval/scope';
import type { Call } from '../parse';
import { affectedResult, queryResult, resultShape } from '../statements/result';
import type { StatementPlan } from '../statements/statement-plan';
import { ArrayCursor } from '../exec/rowset';
import { invokeProcedure } from './invoke';

export function planCall(stmt: Call, state: DatabaseState): StatementPlan {
  const args = stmt.args.map((a) => compileExpr(a, Scope.empty(), state));
  return {
    schemaVersion: state.schemaVersion,
    ddl: false,
    execute(ctx) {
      const values = args.map((a) => a.eval(ctx, null));
      const outs: Value[] = [];
      const c = invokeProcedure({ name: stmt.name, position: stmt.position }, values, ctx, (_i, v) => outs.push(v));
      const outParams = c.def.params.filter((p) => p.mode !== 'IN');
      if (outParams.length === 0) return affectedResult(0);
      const types = outParams.map((p) => c.paramTypes[c.def.params.indexOf(p)]!);
      return queryResult(resultShape(outParams.map((p) => p.name), types), new ArrayCursor([outs]));
    },
    explain: () => [`CALL ${stmt.name}`],
  };
}
