/**
 * src/level4-sql/eval/compile.ts — compiles an expression AST into a `Compiled` closure, once.
 *
 * 1. Names are resolved here, once (42703 undefined column, 42702 ambiguous, 42P01 undefined table);
 *    types are checked here, once (42804). The closures never look at the AST or at names again.
 * 2. A column of the current level reads `row[index]` (a short stored row reads NULL); a column of an
 *    enclosing query reads `ctx.frames[level][index]` (see context.ts invariant 3).
 * 3. Parameters have no static type (`dynamic`): operators dispatch on their run-time values and
 *    comparisons check them at run time. When the env carries parameter types (a statement typed by one
 *    execution's values, param-types.ts), a parameter is instead an ordinary expression of that type.
 * 4. While a grouping hook is set for the scope's level, grouping expressions and aggregates are turned
 *    into reads of the group row before anything else; an aggregate anywhere else is 42803.
 * 5. A window function call compiles through the window hook of its level (plan/windowing.ts); anywhere
 *    else — WHERE, GROUP BY, HAVING, inside an aggregate or another window function — it is 42P20 (42803
 *    inside an aggregate). A window-only function without OVER is 42809.
 * 6. A call of a user-defined function (CREATE FUNCTION, routines/invoke.ts) is compiled before the built-in
 *    functions are looked up: a stored function of that name and argument count wins.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import { NULL_TYPE } from '../../common/values/sql-type';
import type { DatabaseState } from '../../level3-objects/database-state';
import { normaliseParamName } from '../context';
import type { ColumnRef, Expr, FunctionCall, Parameter, WindowCall } from '../parse';
import { lookupAggregate } from './aggregates';
import { columnRead, compiled, type Compiled, constant } from './compiled';
import { clockFunction, compileCase, compileCast, compileFunction } from './compile-calls';
import { CompileEnv } from './compile-env';
import { compileBinary, compileUnary } from './compile-operators';
import { compileBetween, compileInList, compileIsDistinct, compileIsNull, compileIsTruth, compileLikeExpr, compileQuantifiedArray } from './compile-predicates';
import { compileDocumentLiteral } from './compile-document';
import { compileRowValue } from './compile-row';
import { compileSelector } from './compile-selector';
import { compileExists, compileInSubquery, compileScalarSubquery } from './compile-subquery';
import { lookupFunction } from './functions';
import { compileUserFunctionCall } from '../routines/invoke';
import { literalValue } from './literal';
import type { Scope } from './scope';
import { exprText } from './expr-text';
import { lookupWindowFunction, windowFunctionWithoutOver } from './window-functions';
import { compileFieldAccess, compileMethodCall, compileTypeCall, compileVariableFields } from '../types/type-calls';

/**
 * Compiles `expr` for rows laid out as `scope` says (Contract D). Aggregates are not allowed here; the
 * planner compiles select lists through `compile` with a grouping hook.
 */
export function compileExpr(expr: Expr, scope: Scope, state: DatabaseState): Compiled {
  const env = new CompileEnv(state);
  env.noAggregates = 'this context';
  return compile(expr, scope, env);
}

/** Compiles `expr` in `scope` with a shared env (the planner's entry point). */
export function compile(expr: Expr, scope: Scope, env: CompileEnv): Compiled {
  const g = env.grouping;
  if (g !== null && scope.level === g.level && !env.inAggregate) {
    const c = g.intercept(expr, scope, env);
    if (c !== null) return c;
  }
  switch (expr.kind) {
    case 'Literal': {
      const { value, type } = literalValue(expr.value, expr.position);
      return constant(value, type, exprText(expr));
    }
    case 'ColumnRef':
      return compileColumn(expr, scope, env);
    case 'Parameter':
      return compileParameter(expr, env);
    case 'Unary':
      return compileUnary(expr, scope, env, compile);
    case 'Binary':
      return compileBinary(expr, scope, env, compile);
    case 'IsNull':
      return compileIsNull(expr, scope, env, compile);
    case 'IsTruth':
      return compileIsTruth(expr, scope, env, compile);
    case 'IsDistinct':
      return compileIsDistinct(expr, scope, env, compile);
    case 'Between':
      return compileBetween(expr, scope, env, compile);
    case 'InList':
      return compileInList(expr, scope, env, compile);
    case 'QuantifiedArray':
      return compileQuantifiedArray(expr, scope, env, compile);
    case 'InSubquery':
      return compileInSubquery(expr, scope, env, compile);
    case 'Exists':
      return compileExists(expr, scope, env, compile);
    case 'ScalarSubquery':
      return compileScalarSubquery(expr, scope, env);
    case 'Like':
      return compileLikeExpr(expr, scope, env, compile);
    case 'Case':
      return compileCase(expr, scope, env, compile);
    case 'Cast':
      return compileCast(expr, scope, env, compile);
    case 'FunctionCall':
      if (isAggregateCall(expr)) throw aggregateMisplaced(expr, env);
      if (expr.name === 'GROUPING') {
        // a grouped query's hook takes GROUPING before it gets here (plan/grouping.ts)
        throw new SqlError(SqlState.GroupingError, `GROUPING is allowed only in the select list, HAVING and ORDER BY of a grouped query`, { position: expr.position });
      }
      if (expr.withinGroup === true) {
        throw new SqlError(SqlState.WrongObjectType, `${expr.name.toLowerCase()} is not an ordered-set aggregate, so it cannot have WITHIN GROUP`, { position: expr.position });
      }
      if (expr.orderBy !== undefined) {
        throw SqlError.of(SqlState.FeatureNotSupported, [`ORDER BY in the arguments of ${expr.name}, which is not an aggregate`], { position: expr.position });
      }
      if (expr.filter !== undefined) {
        throw new SqlError(SqlState.WrongObjectType, `FILTER is given to ${expr.name}, which is not an aggregate function`, { position: expr.filter.position });
      }
      if (lookupWindowFunction(expr.name) !== undefined && lookupFunction(expr.name) === undefined) throw windowFunctionWithoutOver(expr);
      return (
        compileUserFunctionCall(expr, scope, env, compile) ??
        (lookupFunction(expr.name) === undefined ? compileTypeCall(expr, scope, env, compile) : null) ??
        compileFunction(expr, scope, env, compile)
      );
    case 'WindowCall': {
      const w = env.windowing;
      if (w !== null && w.level === scope.level && !env.inAggregate && !env.inWindow) return w.intercept(expr, scope, env);
      throw windowMisplaced(expr, env);
    }
    case 'DocumentLiteral':
      return compileDocumentLiteral(expr, scope, env, compile, exprText(expr));
    case 'RowValue':
      return compileRowValue(expr, scope, env, compile);
    case 'MethodCall':
      return compileMethodCall(expr, scope, env, compile);
    case 'FieldAccess':
      return compileFieldAccess(compile(expr.target, scope, env), [expr.field], env, expr.position);
    case 'DefaultValue':
      // INSERT's VALUES and UPDATE's SET take DEFAULT before compiling (statements/column-defaults.ts)
      throw new SqlError(SqlState.SyntaxErrorAt, 'DEFAULT is a value only in INSERT\'s VALUES and UPDATE\'s SET', { position: expr.position });
    default:
      return unreachable(expr, 'expression');
  }
}

/** True when `e` calls an aggregate function (COUNT, SUM, …) rather than a scalar one. */
export function isAggregateCall(e: FunctionCall): boolean {
  const agg = lookupAggregate(e.name);
  if (agg === undefined) return false;
  // an ordered-set aggregate is one however it is called: without WITHIN GROUP it is the grouping's 42809
  if (e.star || e.withinGroup === true || agg.orderedSet !== null) return true;
  if (e.args.length === 0) return false;
  return e.args.length === 1 || lookupFunction(e.name) === undefined;
}

function aggregateMisplaced(e: FunctionCall, env: CompileEnv): SqlError {
  const where = env.inAggregate ? 'aggregate function calls cannot be nested' : `aggregate functions are not allowed in ${env.noAggregates ?? 'this context'}`;
  return new SqlError(SqlState.GroupingError, where, { position: e.position });
}

function windowMisplaced(e: WindowCall, env: CompileEnv): SqlError {
  if (env.inAggregate) return new SqlError(SqlState.GroupingError, 'aggregate function calls cannot contain window function calls', { position: e.position });
  const where = env.inWindow ? 'window function calls cannot be nested' : `window functions are not allowed in ${env.noAggregates ?? 'this context'}`;
  return SqlError.of(SqlState.WindowingError, [where], { position: e.position });
}

function compileColumn(e: ColumnRef, scope: Scope, env: CompileEnv): Compiled {
  let res;
  try {
    res = scope.resolve(e.parts, e.position);
  } catch (err) {
    const clock = e.parts.length === 1 && err instanceof SqlError && err.sqlState === SqlState.UndefinedColumn ? clockFunction(e.parts[0]!) : null;
    if (clock !== null) return clock;
    const variable = env.variables !== null && err instanceof SqlError ? env.variables.resolveVariable(e.parts) : null;
    if (variable !== null) return variable;
    const selector = e.parts.length > 1 ? compileSelector(e, scope, env) : null;
    if (selector !== null) return selector;
    const fields = e.parts.length > 1 && err instanceof SqlError ? compileVariableFields(e.parts, env) : null;
    if (fields !== null) return fields;
    throw err;
  }
  return columnRead(res, scope, env, e.parts.join('.'));
}

function compileParameter(e: Parameter, env: CompileEnv): Compiled {
  const typed = env.paramTypes;
  if (e.name !== null) {
    const name = e.name;
    const type = typed === null ? NULL_TYPE : (typed.named.get(normaliseParamName(name)) ?? NULL_TYPE);
    return compiled({ type, dynamic: typed === null, text: `@${name}`, eval: (c) => c.named(name) });
  }
  const i = e.index ?? 0;
  const type = typed === null ? NULL_TYPE : (typed.positional[i] ?? NULL_TYPE);
  return compiled({ type, dynamic: typed === null, text: '?', eval: (c) => c.positional(i) });
}

export { CompileEnv };
