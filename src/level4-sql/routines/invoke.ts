/**
 * src/level4-sql/routines/invoke.ts — calling stored functions and procedures: the compiled-routine cache,
 * argument binding, user functions in expressions and CALL inside bodies.
 *
 * 1. A stored routine is parsed and compiled once per `Routine` object and schema version (a WeakMap): every
 *    call site, every row and every recursive activation shares the compiled body.
 * 2. A call site in an expression is compiled when its plan is made (the routine must exist then: 42883; the
 *    argument types must be assignable to the parameters': 42804); the routine's body is compiled on the
 *    first call, so a recursive function compiles once and its own call sites refer to the same body.
 * 3. Arguments are assigned to the parameters with the assignment rules of the parameter types; a function's
 *    result with those of its return type. An error inside a routine keeps its SQLSTATE; its detail names
 *    the routine and its position becomes the call's.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import { isNumericKind, type SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Routine } from '../../level3-objects/routine';
import type { ExecContext } from '../context';
import { compiled, type Compiled, type EvalFn, maxRefs } from '../eval/compiled';
import type { CompileEnv } from '../eval/compile-env';
import type { Scope } from '../eval/scope';
import { parseStatement, type CreateRoutine, type FunctionCall, type Expr, type ReturnsTable } from '../parse';
import { sqlTypeFromName } from '../statements/type-name';
import type { Frame } from './frame';
import { compileRoutineBody, type RoutineBody } from './routine-body';

/** A stored routine ready to call. */
export interface CompiledRoutine {
  readonly routine: Routine;
  readonly def: CreateRoutine;
  readonly paramTypes: readonly SqlType[];
  readonly modes: ReadonlyArray<'IN' | 'OUT' | 'INOUT'>;
  /** a scalar function's result type; null for procedures and table functions */
  readonly returnType: SqlType | null;
  /** a table function's columns */
  readonly tableColumns: ReadonlyArray<{ readonly name: string; readonly type: SqlType }> | null;
  readonly body: RoutineBody;
}

const cache = new WeakMap<Routine, { version: number; compiled: CompiledRoutine }>();

/** The parsed definition of a stored routine (its CREATE text). */
export function routineDefinition(routine: Routine): CreateRoutine {
  const stmt = parseStatement(routine.sql);
  if (stmt.kind !== 'CreateRoutine') throw new SqlError(SqlState.InternalError, `internal error: routine ${routine.name} is not a CREATE FUNCTION`);
  return stmt;
}

/** The compiled form of `routine` for the schema of `state` (invariant 1). */
export function compiledRoutine(routine: Routine, state: DatabaseState): CompiledRoutine {
  const hit = cache.get(routine);
  if (hit !== undefined && hit.version === state.schemaVersion) return hit.compiled;
  const def = routineDefinition(routine);
  const paramTypes = def.params.map((p) => sqlTypeFromName(p.type, state));
  const returns = def.returns;
  const tableColumns = returns !== null && returns.kind === 'ReturnsTable' ? (returns as ReturnsTable).columns.map((c) => ({ name: c.name, type: sqlTypeFromName(c.type, state) })) : null;
  const returnType = returns !== null && returns.kind === 'TypeName' ? sqlTypeFromName(returns, state) : null;
  const body = compileRoutineBody(
    def.body,
    {
      sql: routine.sql,
      name: def.name,
      params: def.params.map((p, i) => ({ name: p.name, type: paramTypes[i]! })),
      returns: tableColumns !== null ? 'table' : returnType !== null ? 'value' : 'none',
      returnType,
      what: `${def.routineKind === 'FUNCTION' ? 'function' : 'procedure'} ${def.name}`,
    },
    state,
  );
  const c: CompiledRoutine = { routine, def, paramTypes, modes: def.params.map((p) => p.mode), returnType, tableColumns, body };
  cache.set(routine, { version: state.schemaVersion, compiled: c });
  return c;
}

/** Runs `c` with `args` (already evaluated) and returns its frame (invariant 3). */
function activate(c: CompiledRoutine, args: readonly Value[], ctx: ExecContext, position: number | undefined): Frame {
  const frame = c.body.newFrame();
  const values = frame.values;
  const types = c.paramTypes;
  for (let i = 0; i < types.length; i++) {
    values[i] = c.modes[i] === 'OUT' ? null : assignValue(args[i]!, types[i]!, c.def.params[i]!.name);
  }
  return runFrame(c, frame, ctx, position);
}

/** Runs `c` on a frame whose parameters are set; an error gets the routine's name and the call's position. */
function runFrame(c: CompiledRoutine, frame: Frame, ctx: ExecContext, position: number | undefined): Frame {
  try {
    c.body.run(ctx, frame);
  } catch (e) {
    if (e instanceof SqlError && e.sqlState === SqlState.StatementTooComplex) {
      if (e.position === undefined && position !== undefined) e.position = position;
    } else if (e instanceof SqlError) {
      const where = `in ${c.def.routineKind === 'FUNCTION' ? 'function' : 'procedure'} ${c.def.name}`;
      if (e.detail === undefined) e.detail = where;
      else if (!e.detail.includes(where)) e.detail = `${e.detail} ${where}`;
      if (position !== undefined) e.position = position;
    }
    throw e;
  }
  return frame;
}

function routineOf(state: DatabaseState, isFunction: boolean, name: string, arity: number, position?: number): Routine {
  const r = state.routineByName(isFunction, name, arity);
  if (r !== undefined) return r;
  const what = `${isFunction ? 'function' : 'procedure'} ${name} with ${arity} arguments`;
  throw SqlError.of(SqlState.UndefinedFunction, [what], { position });
}

/** True when a value of static type `from` may be passed where `to` is declared (invariant 3). */
function argumentFits(from: Compiled, to: SqlType): boolean {
  if (from.dynamic || from.type.kind === 'NULL' || from.type.kind === to.kind) return true;
  if (isNumericKind(from.type.kind) && isNumericKind(to.kind)) return true;
  if (from.type.kind === 'CHAR') return true; // a string literal may spell a date, a number, a document
  return false;
}

/**
 * A call of a user function in an expression (invariant 2), or null when no function of that name takes
 * that many arguments (the caller then tries the built-in functions).
 */
export function compileUserFunctionCall(
  e: FunctionCall,
  scope: Scope,
  env: CompileEnv,
  rec: (e: Expr, s: Scope, env: CompileEnv) => Compiled,
): Compiled | null {
  const routine = env.state.routineByName(true, e.name, e.args.length);
  if (routine === undefined) return null;
  const def = routineDefinition(routine);
  if (def.returns === null || def.returns.kind !== 'TypeName') {
    throw SqlError.of(SqlState.WrongObjectType, [e.name, 'scalar function (use TABLE(…) in FROM)'], { position: e.position });
  }
  const args = e.args.map((a) => rec(a, scope, env));
  def.params.forEach((p, i) => {
    const t = sqlTypeFromName(p.type, env.state);
    if (!argumentFits(args[i]!, t)) {
      throw SqlError.of(SqlState.DatatypeMismatch, [`argument ${i + 1} of ${e.name} is ${args[i]!.type.kind}, the parameter ${p.name} is ${t.kind}`], {
        position: e.args[i]!.position,
      });
    }
  });
  const type = sqlTypeFromName(def.returns, env.state);
  const fs = args.map((a) => a.eval);
  const types = def.params.map((p) => sqlTypeFromName(p.type));
  const names = def.params.map((p) => p.name);
  const n = fs.length;
  const position = e.position;
  // the plan holds while the schema version does, and so does the routine compiled for it (invariant 1)
  let c: CompiledRoutine | null = null;
  // a RETURN-only body's frame is free again once the call returns (routine-body.ts invariant 4); a call
  // nested in the arguments or a recursive one finds none spare and makes its own
  let spare: Frame | null = null;
  const ev: EvalFn = (ctx, row) => {
    const cr = c ?? (c = compiledRoutine(routine, ctx.tx.state));
    const reuse = cr.body.returnOnly;
    let frame = reuse ? spare : null;
    spare = null;
    if (frame === null) frame = cr.body.newFrame();
    const values = frame.values;
    for (let i = 0; i < n; i++) values[i] = assignValue(fs[i]!(ctx, row), types[i]!, names[i]!);
    const v = runFrame(cr, frame, ctx, position).returned;
    if (reuse) spare = frame;
    return v;
  };
  return compiled({ type, eval: ev, text: `${e.name}(${args.map((a) => a.text).join(', ')})`, refs: maxRefs(args), dynamic: false });
}

/** The rows and columns of `TABLE(f(args))` in FROM: checks the call now, runs it per execution. */
export function planTableFunction(
  e: Expr,
  state: DatabaseState,
): { columns: string[]; types: SqlType[]; rows: (ctx: ExecContext, args: readonly Value[]) => Row[]; args: readonly Expr[] } {
  if (e.kind !== 'FunctionCall') throw SqlError.of(SqlState.SyntaxError, ['TABLE(…) in FROM needs a function call'], { position: e.position });
  const routine = routineOf(state, true, e.name, e.args.length, e.position);
  const def = routineDefinition(routine);
  if (def.returns === null || def.returns.kind !== 'ReturnsTable') {
    throw SqlError.of(SqlState.WrongObjectType, [e.name, 'table function'], { position: e.position });
  }
  const cols = def.returns.columns;
  const position = e.position;
  return {
    columns: cols.map((c) => c.name),
    types: cols.map((c) => sqlTypeFromName(c.type, state)),
    args: e.args,
    rows: (ctx, args) => activate(compiledRoutine(routine, ctx.tx.state), args, ctx, position).returnedRows ?? [],
  };
}

/**
 * Calls the procedure `call.name` with evaluated `args`; `out(i, v)` receives each OUT and INOUT parameter's
 * final value. Returns the compiled routine (for its parameter names).
 */
export function invokeProcedure(
  call: { readonly name: string; readonly position: number },
  args: readonly Value[],
  ctx: ExecContext,
  out: (i: number, v: Value) => void,
): CompiledRoutine {
  const routine = routineOf(ctx.tx.state, false, call.name, args.length, call.position);
  const c = compiledRoutine(routine, ctx.tx.state);
  const frame = activate(c, args, ctx, call.position);
  for (let i = 0; i < c.modes.length; i++) if (c.modes[i] !== 'IN') out(i, frame.values[i]!);
  return c;
}
