/**
 * src/level4-sql/eval/compile-calls.ts — CASE, CAST, scalar function calls and the special forms the
 * compiler owns: COALESCE / IFNULL / NULLIF (lazy), CURRENT_DATE / CURRENT_TIME / CURRENT_TIMESTAMP.
 *
 * 1. CASE and COALESCE take the common type of their branches (Contract F `commonType`); a branch of a
 *    narrower numeric type is widened (`coerceValue`) so every value matches the reported type.
 * 2. The clock functions read `ctx.now`: one clock per statement execution. EXTRACT is compiled by extract.ts
 *    (its field decides the result type).
 * 3. Other functions come from Contract F's `lookupFunction`; arity errors are 42883, argument types are
 *    checked once by the function's `resultType`. The argument array is reused between calls (functions
 *    do not keep it).
 */
import { SqlError, SqlState } from '../../common/errors';
import { castValue, coerceValue } from '../../common/values/cast';
import { sqlCompare } from '../../common/values/compare';
import { CHAR, DATE, TIME, TIMESTAMP, typeToSql, type SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { Case, Cast, Expr, FunctionCall } from '../parse';
import { compiled, type Compiled, type EvalFn, maxRefs, tryFold, anyDynamic } from './compiled';
import type { CompileEnv } from './compile-env';
import { type Recurse } from './compile-operators';
import { compileExtract } from './extract';
import { lookupFunction } from './functions';
import { sqlTypeFromName } from '../statements/type-name';
import type { Scope } from './scope';
import { atPosition, checkBoolean, checkComparable, unifyAll } from './type-rules';

/** Wraps `c` so its values have type `to` (numeric widening only). */
export function widen(c: Compiled, to: SqlType): Compiled {
  if (c.dynamic || c.type.kind === to.kind || c.type.kind === 'NULL') return c;
  if (to.kind !== 'NUMERIC' && to.kind !== 'REAL') return c;
  const f = c.eval;
  return tryFold(compiled({ type: to, eval: (ctx, r) => coerceValue(f(ctx, r), to), text: c.text, refs: c.refs, dynamic: c.dynamic }), [c]);
}

/** `CASE [x] WHEN … THEN … [ELSE …] END`. */
export function compileCase(e: Case, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const operand = e.operand === null ? null : rec(e.operand, scope, env);
  const whens = e.whens.map((w) => rec(w.when, scope, env));
  for (const w of whens) {
    if (operand !== null) checkComparable(operand, w, e.position);
    else checkBoolean(w, 'CASE WHEN', e.position);
  }
  const thens0 = e.whens.map((w) => rec(w.then, scope, env));
  const else0 = e.else === null ? null : rec(e.else, scope, env);
  const type = unifyAll([...thens0, ...(else0 ? [else0] : [])].map((c) => c.type), 'CASE', e.position);
  const thens = thens0.map((t) => widen(t, type)).map((t) => t.eval);
  const elseF = else0 === null ? null : widen(else0, type).eval;
  const wf = whens.map((w) => w.eval);
  const n = wf.length;
  let ev: EvalFn;
  if (operand === null) {
    ev = (c, r) => {
      for (let i = 0; i < n; i++) if (wf[i]!(c, r) === true) return thens[i]!(c, r);
      return elseF === null ? null : elseF(c, r);
    };
  } else {
    const of = operand.eval;
    ev = (c, r) => {
      const v = of(c, r);
      if (v !== null) for (let i = 0; i < n; i++) if (sqlCompare(v, wf[i]!(c, r)) === 0) return thens[i]!(c, r);
      return elseF === null ? null : elseF(c, r);
    };
  }
  const all = [...(operand ? [operand] : []), ...whens, ...thens0, ...(else0 ? [else0] : [])];
  return tryFold(compiled({ type, text: 'CASE … END', refs: maxRefs(all), dynamic: anyDynamic(all), eval: ev }), all);
}

/** `CAST(x AS type)`. */
export function compileCast(e: Cast, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const x = rec(e.operand, scope, env);
  const to = sqlTypeFromName(e.type);
  const from = x.dynamic ? undefined : x.type;
  const f = x.eval;
  const ev: EvalFn = (c, r) => castValue(f(c, r), to, from);
  return tryFold(compiled({ type: to, text: `CAST(${x.text} AS ${typeToSql(to)})`, refs: x.refs, eval: ev }), [x]);
}

/** The clock functions; null when `name` is not one. */
export function clockFunction(name: string): Compiled | null {
  switch (name) {
    case 'CURRENT_DATE':
      return compiled({
        type: DATE,
        text: name,
        eval: (c) => new Date(Date.UTC(c.now.getUTCFullYear(), c.now.getUTCMonth(), c.now.getUTCDate())),
      });
    case 'CURRENT_TIMESTAMP':
    case 'LOCALTIMESTAMP':
    case 'NOW':
      return compiled({ type: TIMESTAMP, text: name, eval: (c) => new Date(c.now.getTime()) });
    case 'CURRENT_TIME':
    case 'LOCALTIME':
      return compiled({ type: TIME, text: name, eval: (c) => c.now.toISOString().slice(11, 19) });
    // the session's pseudo-variables (access/auth.ts): the user's name and the role in force
    case 'USER':
    case 'CURRENT_USER':
    case 'SESSION_USER':
      return compiled({ type: CHAR, text: name, eval: (c) => c.auth?.user ?? null });
    case 'CURRENT_ROLE':
      return compiled({ type: CHAR, text: name, eval: (c) => c.auth?.role ?? null });
    default:
      return null;
  }
}

/** A scalar function call (aggregates are handled by the grouping hook before this is reached). */
export function compileFunction(e: FunctionCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.args.length === 0 && !e.star) {
    const clock = clockFunction(e.name);
    if (clock !== null) return clock;
  }
  switch (e.name) {
    case 'COALESCE':
    case 'IFNULL':
      return compileCoalesce(e, scope, env, rec);
    case 'NULLIF':
      return compileNullif(e, scope, env, rec);
    case 'EXTRACT':
    case 'DATE_PART':
      return compileExtract(e, scope, env, rec);
  }
  const fn = lookupFunction(e.name);
  if (fn === undefined || e.star || e.distinct) {
    throw SqlError.of(SqlState.UndefinedFunction, [`function ${e.name}(${e.star ? '*' : e.args.length})`], {
      position: e.position,
    });
  }
  if (e.args.length < fn.minArgs || e.args.length > fn.maxArgs) {
    throw SqlError.of(SqlState.UndefinedFunction, [`function ${e.name} with ${e.args.length} arguments`], {
      position: e.position,
      hint: `${e.name} takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} arguments`,
    });
  }
  const args = e.args.map((a) => rec(a, scope, env));
  let type: SqlType;
  try {
    type = fn.resultType(args.map((a) => a.type));
  } catch (err) {
    throw atPosition(err, e.position);
  }
  const fs = args.map((a) => a.eval);
  const n = fs.length;
  const buf: Value[] = new Array<Value>(n).fill(null);
  const ev: EvalFn = (c, r) => {
    for (let i = 0; i < n; i++) buf[i] = fs[i]!(c, r);
    return fn.call(buf);
  };
  const text = `${e.name}(${args.map((a) => a.text).join(', ')})`;
  // not folded: a function may be non-deterministic (RANDOM)
  return compiled({ type, text, refs: maxRefs(args), dynamic: anyDynamic(args), eval: ev });
}

function compileCoalesce(e: FunctionCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.args.length < 1 || (e.name === 'IFNULL' && e.args.length !== 2)) {
    throw SqlError.of(SqlState.UndefinedFunction, [`function ${e.name} with ${e.args.length} arguments`], { position: e.position });
  }
  const args0 = e.args.map((a) => rec(a, scope, env));
  const type = unifyAll(args0.map((a) => a.type), e.name, e.position);
  const fs = args0.map((a) => widen(a, type).eval);
  const ev: EvalFn = (c, r) => {
    for (const f of fs) {
      const v = f(c, r);
      if (v !== null) return v;
    }
    return null;
  };
  const text = `${e.name}(${args0.map((a) => a.text).join(', ')})`;
  return tryFold(compiled({ type, text, refs: maxRefs(args0), dynamic: anyDynamic(args0), eval: ev }), args0);
}

function compileNullif(e: FunctionCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.args.length !== 2) {
    throw SqlError.of(SqlState.UndefinedFunction, [`function NULLIF with ${e.args.length} arguments`], { position: e.position });
  }
  const [a, b] = e.args.map((x: Expr) => rec(x, scope, env)) as [Compiled, Compiled];
  checkComparable(a, b, e.position);
  const af = a.eval;
  const bf = b.eval;
  const ev: EvalFn = (c, r) => {
    const x = af(c, r);
    return x !== null && sqlCompare(x, bf(c, r)) === 0 ? null : x;
  };
  return tryFold(
    compiled({ type: a.type, text: `NULLIF(${a.text}, ${b.text})`, refs: maxRefs([a, b]), dynamic: a.dynamic, eval: ev }),
    [a, b],
  );
}
