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
 * 3. A method body (SQL/PSM: `RETURN expr`, `BEGIN … END`) is compiled the first time the method is called
 *    from a compiled call site and kept there, so a method may call itself (54001 past the routine depth
 *    limit). Inside it, the fields of SELF (a row variable; not in a STATIC method) and the parameters are
 *    visible as bare names; a parameter hides a field of the same name. A constructor method starts with every
 *    field NULL, may SET them, and gives SELF unless it RETURNs a value.
 * 4. Method calls dispatch on the value: a value of a subtype runs the subtype's method of that name and arity
 *    when it has one (OVERRIDING), else the nearest supertype's. Calling a declared method that CREATE METHOD
 *    has not defined is 42883.
 * 5. Calling a method on NULL gives NULL without running the body.
 * 6. SPECIFICTYPE() with no argument names the type of the row or of SELF: in a query over a table created OF a
 *    type, that type (the nearest query level reading one; 42702 when it reads typed tables of two types); else,
 *    in a method body, the most specific type of SELF (a subtype's name when a supertype's method runs on a
 *    subtype's value); anywhere else 42883.
 */
import { InternalError, SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import { CHAR, structType, type SqlType } from '../../common/values/sql-type';
import { StructValue } from '../../common/values/struct-value';
import type { Row, Value } from '../../common/values/value';
import { MethodKind } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { UdMethod, UdType } from '../../level3-objects/ud-type';
import type { ExecContext } from '../context';
import { compiled, type Compiled, type EvalFn } from '../eval/compiled';
import type { CompileEnv } from '../eval/compile-env';
import type { Recurse } from '../eval/compile-operators';
import type { Resolved, Scope } from '../eval/scope';
import { parseStatement, type FunctionCall, type MethodCall, type PsmStatement } from '../parse';
import { compileRoutineBody } from '../routines/routine-body';

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

/** True when a RETURN with a value appears anywhere in `node` (a PSM AST). */
function returnsValue(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(returnsValue);
  const o = node as { kind?: unknown; value?: unknown };
  if (o.kind === 'PsmReturn' && o.value !== null) return true;
  return Object.values(o).some((v) => typeof v === 'object' && returnsValue(v));
}

/** The parsed body of a method, from its stored CREATE METHOD text. */
function bodyOf(t: UdType, m: UdMethod, position: number): PsmStatement {
  if (m.sql === '') throw undefinedCall(`method ${m.name} of type ${t.name} (declared, with no body)`, position);
  const stmt = parseStatement(m.sql);
  if (stmt.kind !== 'CreateMethod') throw new InternalError(`method ${m.name} of type ${t.name} is stored as ${stmt.kind}`);
  return stmt.body;
}

/**
 * Compiles a method's body (SQL/PSM, routines/routine-body.ts): the parameters are its variables, SELF a row
 * variable whose fields answer bare names (assignable in a constructor, which starts with every field NULL and
 * gives SELF as it stands unless it RETURNs a value). `ast` and `text` are the CREATE METHOD being checked, else
 * the stored text is parsed.
 */
function compileBody(state: DatabaseState, t: UdType, m: UdMethod, position: number, ast?: PsmStatement, text?: string): BodyFn {
  const body = ast ?? bodyOf(t, m, position);
  const ctor = m.kind === MethodKind.Constructor;
  const hasSelf = m.kind !== MethodKind.Static;
  const fields = t.allFields;
  const returns = ctor && !returnsValue(body) ? 'none' : 'value';
  const want = ctor ? structType(t.name) : m.returns;
  const compiledBody = compileRoutineBody(
    body,
    {
      sql: text ?? m.sql,
      name: m.name,
      params: m.params.map((p) => ({ name: p.name, type: p.dataType })),
      rows: hasSelf ? [{ name: 'SELF', columns: fields.map((f) => f.name), types: fields.map((f) => f.dataType), bare: true, assignable: ctor }] : [],
      returns,
      returnType: want,
      what: `method ${t.name}.${m.name}`,
      method: true,
    },
    state,
  );
  const names = fields.map((f) => f.name);
  const label = `${t.name}.${m.name}`;
  return (ctx, self, args) => {
    const frame = compiledBody.newFrame();
    frame.selfType = self === null ? t.name : self.typeName;
    for (let i = 0; i < args.length; i++) frame.values[i] = args[i]!;
    if (hasSelf) {
      // SELF's fields as the method's type lays them out: a subtype's value has its supertype's fields first
      const row: Value[] = [];
      for (let i = 0; i < fields.length; i++) row.push(self === null ? null : ((self.values[i] ?? null) as Value));
      frame.rows[0] = row;
    }
    compiledBody.run(ctx, frame);
    if (returns === 'value') return want === null ? frame.returned : assignValue(frame.returned, want, label);
    const row = frame.rows[0] as Value[];
    return new StructValue(t.chain, names, names.map((n, i) => assignValue(row[i] ?? null, fields[i]!.dataType, `${t.name}.${n}`)));
  };
}

/** Compiles a CREATE METHOD's body once, so one that cannot run is refused (type-ddl.ts invariant 3). */
export function checkMethodBody(state: DatabaseState, t: UdType, m: UdMethod, ast: PsmStatement, text: string): void {
  compileBody(state, t, m, ast.position, ast, text);
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

/**
 * SPECIFICTYPE() with no argument (invariant 6): the type of the typed table the query reads (the nearest query
 * level that reads one), else, in a method body, the most specific type of SELF.
 */
function compileRowSpecificType(e: FunctionCall, scope: Scope, env: CompileEnv): Compiled {
  for (let s: Scope | null = scope; s !== null; s = s.outer) {
    const types = new Set<string>();
    for (const entry of s.entries) {
      const table = entry.tableDefpos === null ? undefined : env.state.table(entry.tableDefpos);
      const t = table === undefined || table.ofType === -1 ? undefined : env.state.udType(table.ofType);
      if (t !== undefined) types.add(t.name);
    }
    if (types.size > 1) {
      throw SqlError.of(SqlState.AmbiguousColumn, ['SPECIFICTYPE()'], { position: e.position, detail: `The query reads typed tables of types ${[...types].join(', ')}; name the value: SPECIFICTYPE(v).` });
    }
    const name = types.values().next().value;
    if (name !== undefined) return compiled({ type: CHAR, text: 'SPECIFICTYPE()', eval: () => name });
  }
  const self = env.variables?.specificTypeOfSelf?.() ?? null;
  if (self !== null) return self;
  throw undefinedCall('SPECIFICTYPE() with no argument outside a method or a query over a typed table', e.position);
}

/** Compiles `name(args)` as a constructor or SPECIFICTYPE (invariants 1, 6); null when it is neither. */
export function compileTypeCall(e: FunctionCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled | null {
  if (e.name === 'SPECIFICTYPE' && e.args.length === 0 && !e.star && !e.distinct) return compileRowSpecificType(e, scope, env);
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
    throw undefinedCall(`constructor ${t.name} with ${args.length} argument${args.length === 1 ? '' : 's'}`, e.position);
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
 * Compiles field access `steps` into the structured column `res` (invariant 2); `base` reads the column;
 * `position` (of the expression in the statement) goes into a 42703 for a field the type lacks.
 */
export function compileFieldAccess(base: Compiled, steps: readonly string[], env: CompileEnv, position?: number): Compiled {
  let c = base;
  for (const step of steps) {
    const t = udTypeOf(env.state, c.type);
    if (t === undefined) throw SqlError.of(SqlState.UndefinedColumn, [`${c.text}.${step}`], { position });
    const i = t.allFields.findIndex((f) => f.name === step);
    if (i < 0) {
      throw SqlError.of(SqlState.UndefinedColumn, [`${step} of type ${t.name}`], {
        detail: `Type ${t.name} has fields ${t.allFields.map((f) => f.name).join(', ')}.`,
        position,
      });
    }
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

/**
 * Field access from a SQL/PSM variable of a structured type (`tl.x` where `tl` is a field of SELF in a method
 * body, `p.x` for a variable `p`): the longest prefix that names a variable of a TYPE, then its fields; null when
 * no prefix names one.
 */
export function compileVariableFields(parts: readonly string[], env: CompileEnv): Compiled | null {
  const vars = env.variables;
  if (vars === null) return null;
  for (let k = parts.length - 1; k >= 1; k--) {
    const v = vars.resolveVariable(parts.slice(0, k));
    if (v === null) continue;
    if (v.type.kind !== 'TYPE') return null;
    return compileFieldAccess(v, parts.slice(k), env);
  }
  return null;
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
