/**
 * src/level4-sql/types/type-calls.ts — structured values in expressions: constructors (`point(1, 2)`, constructor
 * methods), field access (`p.x`, `t.what.tl.x`), method calls (`what.centre()`) and `SPECIFICTYPE(v)`.
 *
 * 1. A call `name(args)` that is no built-in function and names a structured type is a constructor: a constructor
 *    method with as many parameters as arguments if the type has one, else the default constructor, which takes
 *    every field (supertype fields first) in order. Any other count is 42883; an argument that does not fit its
 *    field's type is 42804 (assignment rules, cast.ts `assignValue`).
 * 2. Field access is decided by the static type of the column a dotted name starts with (compile-selector.ts
 *    tries a TYPE column before a DOCUMENT path): each step must name a field of the type reached (42703). The
 *    value of a field of NULL is NULL.
 * 3. A method body (`RETURN expr`) is compiled the first time the method is called from a compiled call site and
 *    kept there, so a method may call itself. Inside it, the fields of SELF (an instance method) and the
 *    parameters are visible as bare names; a parameter hides a field of the same name.
 * 4. Method calls dispatch on the value: a value of a subtype runs the subtype's method of that name and arity
 *    when it has one (OVERRIDING), else the nearest supertype's. A method with no body yet is 2F003-free: calling
 *    a declared method that CREATE METHOD has not defined is 42883.
 * 5. Calling a method on NULL gives NULL without running the body.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import { CHAR, structType, type SqlType } from '../../common/values/sql-type';
import { StructValue } from '../../common/values/struct-value';
import type { Row, Value } from '../../common/values/value';
import { MethodKind } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { UdMethod, UdType } from '../../level3-objects/ud-type';
import type { ExecContext } from '../context';
import { compiled, type Compiled, type EvalFn } from '../eval/compiled';
import { CompileEnv } from '../eval/compile-env';
import type { Recurse } from '../eval/compile-operators';
import { type Resolved, Scope } from '../eval/scope';
import { parseExpression, type FunctionCall, type MethodCall } from '../parse';

/** The structured type a static type names, or undefined. */
export function udTypeOf(state: DatabaseState, t: SqlType): UdType | undefined {
  return t.kind === 'TYPE' && t.name !== undefined ? state.udTypeByName(t.name) : undefined;
}

function undefinedCall(what: string, position: number): SqlError {
  return SqlError.of(SqlState.UndefinedFunction, [what], { position });
}

/** Methods named `name` with `arity` parameters of `t` or, failing that, of its nearest supertype. */
function findMethod(state: DatabaseState, t: UdType, name: string, arity: number, kinds: readonly MethodKind[]): UdMethod | undefined {
  for (let u: UdType | undefined = t; u !== undefined; u = u.under === -1 ? undefined : state.udType(u.under)) {
    const m = u.methods.find((x) => x.name === name && x.params.length === arity && kinds.includes(x.kind));
    if (m !== undefined) return m;
  }
  return undefined;
}

/** The compiled body of a method, run with SELF (null for a constructor) and the arguments (invariant 3). */
type BodyFn = (ctx: ExecContext, self: StructValue | null, args: Value[]) => Value;

function compileBody(state: DatabaseState, t: UdType, m: UdMethod, position: number): BodyFn {
  const match = /^\s*RETURN\b/i.exec(m.sql);
  if (match === null) throw undefinedCall(`method ${m.name} of type ${t.name} (declared, with no body)`, position);
  const expr = parseExpression(m.sql.slice(match[0].length));
  const selfFields = m.kind === MethodKind.Constructor || m.kind === MethodKind.Static ? [] : t.allFields;
  const paramNames = new Set(m.params.map((p) => p.name));
  const names: string[] = [];
  const types: SqlType[] = [];
  // a parameter hides a field of the same name: hidden fields get a name no identifier can spell
  for (const f of selfFields) {
    names.push(paramNames.has(f.name) ? `\u0000${f.name}` : f.name);
    types.push(f.dataType);
  }
  for (const p of m.params) {
    names.push(p.name);
    types.push(p.dataType);
  }
  const scope = Scope.forColumns(null, names, types, 0, null, 0);
  const env = new CompileEnv(state);
  env.noAggregates = 'a method body';
  const body = compileIn(expr, scope, env);
  const want = m.kind === MethodKind.Constructor ? structType(t.name) : m.returns;
  const label = `${t.name}.${m.name}`;
  const nself = selfFields.length;
  return (ctx, self, args) => {
    // SELF's fields as the method's type lays them out: a subtype's value has its supertype's fields first
    const row: Value[] = [];
    for (let i = 0; i < nself; i++) row.push(self === null ? null : ((self.values[i] ?? null) as Value));
    for (const a of args) row.push(a);
    const v = body.eval(ctx, row);
    return want === null ? v : assignValue(v, want, label);
  };
}

/** Compiles a method's body once, for CREATE METHOD to refuse a body that cannot run (type-ddl.ts 3). */
export function checkMethodBody(state: DatabaseState, t: UdType, m: UdMethod, position: number): void {
  compileBody(state, t, m, position);
}

/** `compile` from eval/compile.ts, set by it when it loads (the two modules import each other). */
let compileIn: (e: import('../parse').Expr, s: Scope, env: CompileEnv) => Compiled;

/** @internal compile.ts registers its `compile` here. */
export function setCompiler(fn: typeof compileIn): void {
  compileIn = fn;
}

/** A method's body, compiled on first use and kept (invariant 3). */
function lazyBody(state: DatabaseState, t: UdType, m: UdMethod, position: number): () => BodyFn {
  let fn: BodyFn | null = null;
  return () => (fn ??= compileBody(state, t, m, position));
}

function evalArgs(args: readonly Compiled[], ctx: ExecContext, row: Row | null): Value[] {
  const out: Value[] = [];
  for (const a of args) out.push(a.eval(ctx, row));
  return out;
}

/** Compiles `name(args)` as a constructor or SPECIFICTYPE (invariant 1); null when it is neither. */
export function compileTypeCall(e: FunctionCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled | null {
  if (e.name === 'SPECIFICTYPE' && e.args.length === 1 && !e.star && !e.distinct) {
    const arg = rec(e.args[0]!, scope, env);
    return compiled({
      type: CHAR,
      text: `SPECIFICTYPE(${arg.text})`,
      refs: arg.refs,
      eval: (ctx, row) => {
        const v = arg.eval(ctx, row);
        return v instanceof StructValue ? v.typeName : null;
      },
    });
  }
  const t = env.state.udTypeByName(e.name);
  if (t === undefined || e.star || e.distinct) return null;
  const args = e.args.map((a) => rec(a, scope, env));
  const refs = args.reduce((m, a) => Math.max(m, a.refs), -1);
  const text = `${t.name}(${args.map((a) => a.text).join(', ')})`;
  const type = structType(t.name);
  const ctor = findMethod(env.state, t, t.name, args.length, [MethodKind.Constructor]);
  if (ctor !== undefined && t.methods.includes(ctor)) {
    const body = lazyBody(env.state, t, ctor, e.position);
    return compiled({ type, text, refs, eval: (ctx, row) => body()(ctx, null, evalArgs(args, ctx, row)) });
  }
  const fields = t.allFields;
  if (args.length !== fields.length) {
    throw undefinedCall(`${t.name} with ${args.length} argument${args.length === 1 ? '' : 's'}`, e.position);
  }
  const names = fields.map((f) => f.name);
  const ev: EvalFn = (ctx, row) => {
    const values = evalArgs(args, ctx, row);
    for (let i = 0; i < values.length; i++) values[i] = assignValue(values[i]!, fields[i]!.dataType, `${t.name}.${names[i]!}`);
    return new StructValue(t.chain, names, values);
  };
  return compiled({ type, text, refs, eval: ev });
}

/**
 * Compiles field access `steps` into the structured column `res` (invariant 2); `base` reads the column.
 */
export function compileFieldAccess(base: Compiled, steps: readonly string[], env: CompileEnv): Compiled {
  let c = base;
  for (const step of steps) {
    const t = udTypeOf(env.state, c.type);
    if (t === undefined) throw SqlError.of(SqlState.UndefinedColumn, [`${c.text}.${step}`]);
    const i = t.allFields.findIndex((f) => f.name === step);
    if (i < 0) throw SqlError.of(SqlState.UndefinedColumn, [`${step} of type ${t.name}`], { detail: `Type ${t.name} has fields ${t.allFields.map((f) => f.name).join(', ')}.` });
    const inner = c;
    c = compiled({
      type: t.allFields[i]!.dataType,
      text: `${inner.text}.${step}`,
      refs: inner.refs,
      eval: (ctx, row) => {
        const v = inner.eval(ctx, row);
        if (!(v instanceof StructValue)) return null;
        const f = v.field(step);
        return f === undefined ? null : (f as Value);
      },
    });
  }
  return c;
}

/** True when the scope entry `res` is a column of a structured type. */
export function isStructColumn(res: Resolved): boolean {
  return res.entry.type.kind === 'TYPE';
}

/** Compiles `target.name(args)` (invariants 3–5). */
export function compileMethodCall(e: MethodCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const target = rec(e.target, scope, env);
  const t = udTypeOf(env.state, target.type);
  if (t === undefined) throw undefinedCall(`method ${e.name} of a value of type ${target.type.name ?? target.type.kind}`, e.position);
  const args = e.args.map((a) => rec(a, scope, env));
  const kinds = [MethodKind.Instance, MethodKind.Overriding];
  const m = findMethod(env.state, t, e.name, args.length, kinds);
  if (m === undefined) throw undefinedCall(`method ${e.name} of type ${t.name} with ${args.length} argument${args.length === 1 ? '' : 's'}`, e.position);
  const state = env.state;
  const owner = [...state.udTypes()].find((u) => u.methods.includes(m))!;
  const bodies = new Map<string, () => BodyFn>([[t.name, lazyBody(state, owner, m, e.position)]]);
  const bodyFor = (v: StructValue): BodyFn => {
    let b = bodies.get(v.typeName);
    if (b === undefined) {
      const vt = state.udTypeByName(v.typeName) ?? t;
      const vm = findMethod(state, vt, e.name, args.length, kinds) ?? m;
      const vo = [...state.udTypes()].find((u) => u.methods.includes(vm)) ?? owner;
      b = lazyBody(state, vo, vm, e.position);
      bodies.set(v.typeName, b);
    }
    return b();
  };
  const refs = args.reduce((x, a) => Math.max(x, a.refs), target.refs);
  return compiled({
    type: m.returns ?? target.type,
    text: `${target.text}.${e.name}(${args.map((a) => a.text).join(', ')})`,
    refs,
    eval: (ctx, row) => {
      const self = target.eval(ctx, row);
      if (!(self instanceof StructValue)) return null;
      const values = evalArgs(args, ctx, row);
      return bodyFor(self)(ctx, self, values);
    },
  });
}
