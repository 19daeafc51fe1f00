/**
 * src/level4-sql/plan/windowing.ts — Windowing: the window functions of one SELECT, the compiler hook that
 * turns each `f(…) OVER (…)` into a read of the WindowRowSet's output, and the WINDOW clause's named windows.
 *
 * 1. Window functions are computed after FROM, WHERE, GROUP BY and HAVING and before DISTINCT, ORDER BY and
 *    LIMIT. Their arguments, PARTITION BY and ORDER BY compile against the rows the WindowRowSet reads: the
 *    FROM rows, or the group rows of a grouped query (so `rank() OVER (ORDER BY sum(b))` reads an aggregate).
 * 2. Named windows: `OVER w` copies w whole; `OVER (w …)` takes w's PARTITION BY and ORDER BY and may add an
 *    ORDER BY (when w has none) and a frame — w must have no frame. Overriding is 42P20, an unknown name 42704,
 *    a name defined twice 42P20.
 * 3. Frames are checked here (42P20): the start cannot be UNBOUNDED FOLLOWING nor the end UNBOUNDED
 *    PRECEDING; a frame cannot end before it starts by construction (CURRENT ROW … n PRECEDING, n FOLLOWING …
 *    CURRENT ROW / n PRECEDING); GROUPS needs an ORDER BY; RANGE with an offset needs exactly one ORDER BY key
 *    that the offset can be added to (42804 otherwise). Offsets are constants (no column of any query).
 *    No frame: with ORDER BY, RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW; without, the whole partition.
 * 4. Window functions with the same PARTITION BY and ORDER BY share one sort (`WindowSort`); identical calls
 *    share one output slot.
 * 5. A window function inside another's arguments or window, in an aggregate's argument, or anywhere the
 *    hook is not installed (WHERE, GROUP BY, HAVING, ON, …) is an error (compile.ts).
 */
import { SqlError, SqlState } from '../../common/errors';
import { arithmetic, arithmeticType } from '../../common/values/arith';
import { type SqlType, typeToSql } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import { lookupAggregate } from '../eval/aggregates';
import { compiled, type Compiled } from '../eval/compiled';
import { compile } from '../eval/compile';
import { widen } from '../eval/compile-calls';
import type { CompileEnv, WindowHook } from '../eval/compile-env';
import { exprText } from '../eval/expr-text';
import { lookupFunction } from '../eval/functions';
import { Scope } from '../eval/scope';
import { atPosition, unifyAll } from '../eval/type-rules';
import { lookupWindowFunction } from '../eval/window-functions';
import type { SortKey } from '../exec/sort';
import type { FrameAggregate } from '../exec/window-aggregate';
import type { FrameBoundSpec, FrameSpec, WindowFunction, WindowFunctionName, WindowSort } from '../exec/window';
import { compileAggregateFilter, filteredArgument } from './aggregate-filter';
import type { FrameBound, FunctionCall, OrderItem, WindowCall, WindowDefinition, WindowFrame, WindowSpec } from '../parse';
import { exprKey } from './expr-utils';

/** A window with any named base resolved. */
interface Resolved {
  readonly partitionBy: WindowSpec['partitionBy'];
  readonly orderBy: OrderItem[];
  readonly frame: WindowFrame | null;
}

function windowingError(message: string, position: number): SqlError {
  return SqlError.of(SqlState.WindowingError, [message], { position });
}

const CURRENT_ROW: FrameBoundSpec = { kind: 'CURRENT ROW', offset: null };
const UNBOUNDED_PRECEDING: FrameBoundSpec = { kind: 'UNBOUNDED PRECEDING', offset: null };
const UNBOUNDED_FOLLOWING: FrameBoundSpec = { kind: 'UNBOUNDED FOLLOWING', offset: null };

/** The window functions of one query level (see the file header). */
export class Windowing implements WindowHook {
  readonly sorts: WindowSort[] = [];
  readonly functions: WindowFunction[] = [];
  /** the width of the rows the WindowRowSet reads; set by the planner once known */
  readonly base = { width: 0 };
  private readonly sortIds: string[] = [];
  private readonly functionIds: string[] = [];
  private readonly types: SqlType[] = [];
  private readonly named = new Map<string, Resolved>();

  constructor(
    definitions: readonly WindowDefinition[],
    readonly level: number,
  ) {
    for (const d of definitions) {
      if (this.named.has(d.name)) throw windowingError(`window ${d.name} is already defined`, d.position);
      this.named.set(d.name, this.refine(d.spec));
    }
  }

  /** True once some window function has been compiled. */
  get used(): boolean {
    return this.functions.length > 0;
  }

  private lookup(name: string, position: number): Resolved {
    const w = this.named.get(name);
    if (w === undefined) throw SqlError.of(SqlState.UndefinedObject, [`window ${name}`], { position });
    return w;
  }

  /** Resolves `(base …)` against the named windows (invariant 2). */
  private refine(spec: WindowSpec): Resolved {
    if (spec.base === null) return spec;
    const b = this.lookup(spec.base, spec.position);
    if (spec.partitionBy.length > 0) throw windowingError(`cannot override PARTITION BY clause of window ${spec.base}`, spec.position);
    if (spec.orderBy.length > 0 && b.orderBy.length > 0) throw windowingError(`cannot override ORDER BY clause of window ${spec.base}`, spec.position);
    if (b.frame !== null) throw windowingError(`cannot copy window ${spec.base} because it has a frame clause`, spec.position);
    return { partitionBy: b.partitionBy, orderBy: spec.orderBy.length > 0 ? spec.orderBy : b.orderBy, frame: spec.frame };
  }

  intercept(e: WindowCall, scope: Scope, env: CompileEnv): Compiled {
    const w = typeof e.over === 'string' ? this.lookup(e.over, e.position) : this.refine(e.over);
    const saved = env.inWindow;
    env.inWindow = true;
    try {
      const id = exprKey({ ...e, over: { kind: 'WindowSpec', base: null, ...w, position: 0, end: 0 } }, scope);
      let i = this.functionIds.indexOf(id);
      if (i < 0) {
        const { fn, type } = this.compileFunction(e, w, scope, env);
        this.functions.push(fn);
        this.types.push(type);
        this.functionIds.push(id);
        i = this.functions.length - 1;
      }
      const slot = i;
      const base = this.base;
      return compiled({
        type: this.types[slot]!,
        text: this.functions[slot]!.text,
        refs: this.level,
        eval: (_c, row) => {
          const v = row![base.width + slot];
          return v === undefined ? null : v;
        },
      });
    } finally {
      env.inWindow = saved;
    }
  }

  private compileFunction(e: WindowCall, w: Resolved, scope: Scope, env: CompileEnv): { fn: WindowFunction; type: SqlType } {
    const call = e.call;
    const sort = this.sortOf(w, scope, env);
    const frame = this.frameOf(w, scope, env);
    const text = exprText(e);
    const def = lookupWindowFunction(call.name);
    if (def === undefined) return this.aggregateCall(call, sort, frame, text, scope, env);
    const n = call.args.length;
    if (call.filter !== undefined) {
      throw SqlError.of(SqlState.FeatureNotSupported, [`FILTER on ${call.name}, which is not an aggregate function`], { position: call.filter.position });
    }
    if (call.distinct) throw SqlError.of(SqlState.WrongObjectType, [`${call.name.toLowerCase()}`, 'aggregate function: DISTINCT is not allowed'], { position: call.position });
    if (call.star || n < def.minArgs || n > def.maxArgs) {
      throw SqlError.of(SqlState.UndefinedFunction, [`function ${call.name.toLowerCase()} with ${call.star ? '*' : n} arguments`], { position: call.position });
    }
    let args = call.args.map((a) => compile(a, scope, env));
    const name = call.name as WindowFunctionName;
    if (name === 'NTILE') integerArgument(args[0]!, call, 'the argument');
    if (name === 'NTH_VALUE') integerArgument(args[1]!, call, 'the row number');
    if ((name === 'LAG' || name === 'LEAD') && args[1] !== undefined) integerArgument(args[1], call, 'the offset');
    let type = def.resultType(args[0]?.type ?? null);
    if ((name === 'LAG' || name === 'LEAD') && args[2] !== undefined) {
      type = unifyAll([args[0]!.type, args[2].type], call.name, call.position);
      args = [widen(args[0]!, type), args[1]!, widen(args[2], type)];
    }
    return { fn: { name, sort, args, frame, aggregate: null, text }, type };
  }

  private aggregateCall(call: FunctionCall, sort: number, frame: FrameSpec, text: string, scope: Scope, env: CompileEnv): { fn: WindowFunction; type: SqlType } {
    const agg = lookupAggregate(call.name);
    if (agg === undefined) {
      if (lookupFunction(call.name) !== undefined) {
        throw SqlError.of(SqlState.WrongObjectType, [call.name.toLowerCase(), 'window function'], { position: call.position });
      }
      throw SqlError.of(SqlState.UndefinedFunction, [`function ${call.name.toLowerCase()}`], { position: call.position });
    }
    if (call.withinGroup === true || agg.orderedSet !== null) {
      throw SqlError.of(SqlState.FeatureNotSupported, [`the ordered-set aggregate ${call.name.toLowerCase()} as a window function`], { position: call.position });
    }
    if (call.orderBy !== undefined) {
      throw SqlError.of(SqlState.FeatureNotSupported, [`ORDER BY in the arguments of ${call.name} as a window function (the window's ORDER BY orders it)`], { position: call.position });
    }
    if (!call.star && call.args.length !== 1) {
      throw SqlError.of(SqlState.UndefinedFunction, [`function ${call.name} with ${call.args.length} arguments`], { position: call.position });
    }
    const arg = call.star ? null : compile(call.args[0]!, scope, env);
    let type: SqlType;
    try {
      type = agg.resultType(arg === null ? null : arg.type);
    } catch (err) {
      throw atPosition(err, call.position);
    }
    const distinct = call.distinct;
    const extreme = distinct ? null : call.name === 'MIN' ? 'MIN' : call.name === 'MAX' ? 'MAX' : null;
    const aggregate: FrameAggregate = { create: () => agg.create(distinct), extreme };
    const filter = compileAggregateFilter(call, scope, env);
    const taken = filter === null ? arg : filteredArgument(arg, filter);
    return { fn: { name: 'AGGREGATE', sort, args: taken === null ? [] : [taken], frame, aggregate, text }, type };
  }

  /** The index of the window ordering (invariant 4), compiling it on first use. */
  private sortOf(w: Resolved, scope: Scope, env: CompileEnv): number {
    const id = JSON.stringify([w.partitionBy.map((p) => exprKey(p, scope)), w.orderBy.map((o) => [exprKey(o.expr, scope), o.descending, o.nulls])]);
    const i = this.sortIds.indexOf(id);
    if (i >= 0) return i;
    const partition = w.partitionBy.map((p) => compile(p, scope, env));
    const order: SortKey[] = w.orderBy.map((o) => ({
      value: compile(o.expr, scope, env),
      descending: o.descending,
      nullsFirst: o.nulls === null ? !o.descending : o.nulls === 'FIRST',
    }));
    const parts: string[] = [];
    if (partition.length > 0) parts.push(`PARTITION BY ${partition.map((p) => p.text).join(', ')}`);
    if (order.length > 0) parts.push(`ORDER BY ${order.map((k) => `${k.value.text}${k.descending ? ' DESC' : ''}`).join(', ')}`);
    this.sorts.push({ partition, order, text: parts.length === 0 ? '' : `(${parts.join(' ')})` });
    this.sortIds.push(id);
    return this.sorts.length - 1;
  }

  /** The checked frame, or the default one (invariant 3). */
  private frameOf(w: Resolved, scope: Scope, env: CompileEnv): FrameSpec {
    const f = w.frame;
    if (f === null) {
      return w.orderBy.length > 0
        ? { unit: 'RANGE', from: UNBOUNDED_PRECEDING, to: CURRENT_ROW, shift: null }
        : { unit: 'ROWS', from: UNBOUNDED_PRECEDING, to: UNBOUNDED_FOLLOWING, shift: null };
    }
    const to: FrameBound = f.to ?? { kind: 'FrameBound', bound: 'CURRENT ROW', offset: null, position: f.end, end: f.end };
    const from = f.from;
    if (from.bound === 'UNBOUNDED FOLLOWING') throw windowingError('frame start cannot be UNBOUNDED FOLLOWING', from.position);
    if (to.bound === 'UNBOUNDED PRECEDING') throw windowingError('frame end cannot be UNBOUNDED PRECEDING', to.position);
    if (from.bound === 'CURRENT ROW' && to.bound === 'PRECEDING') {
      throw windowingError('frame starting from current row cannot have preceding rows', to.position);
    }
    if (from.bound === 'FOLLOWING' && (to.bound === 'PRECEDING' || to.bound === 'CURRENT ROW')) {
      throw windowingError('frame starting from following row cannot have preceding rows', to.position);
    }
    if (f.unit === 'GROUPS' && w.orderBy.length === 0) throw windowingError('GROUPS mode requires an ORDER BY clause', f.position);
    const hasOffset = from.offset !== null || to.offset !== null;
    let shift: FrameSpec['shift'] = null;
    let keyType: SqlType | null = null;
    if (f.unit === 'RANGE' && hasOffset) {
      if (w.orderBy.length !== 1) {
        throw windowingError('RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column', f.position);
      }
      keyType = compile(w.orderBy[0]!.expr, scope, env).type;
    }
    const offsetOf = (b: FrameBound): FrameBoundSpec => {
      if (b.offset === null) return { kind: b.bound, offset: null };
      const c = compileOffset(b, scope, env);
      if (f.unit !== 'RANGE') {
        if (c.type.kind !== 'INTEGER' && c.type.kind !== 'NULL') {
          throw SqlError.of(SqlState.DatatypeMismatch, [`the offset of ${f.unit} must be an integer, not ${typeToSql(c.type)}`], { position: b.offset.position });
        }
      } else {
        shift = rangeShift(keyType!, c.type, b.offset.position);
      }
      return { kind: b.bound, offset: c };
    };
    const fromSpec = offsetOf(from);
    const toSpec = offsetOf(to);
    return { unit: f.unit, from: fromSpec, to: toSpec, shift };
  }
}

/** A frame offset: a constant expression, compiled where no column and no aggregate is visible. */
function compileOffset(b: FrameBound, scope: Scope, env: CompileEnv): Compiled {
  const savedGrouping = env.grouping;
  const savedNo = env.noAggregates;
  env.grouping = null;
  env.noAggregates = 'window frame offsets';
  try {
    return compile(b.offset!, Scope.emptyAt(scope.level, null), env);
  } finally {
    env.grouping = savedGrouping;
    env.noAggregates = savedNo;
  }
}

/** `v ± k` along a RANGE key of type `key` by an offset of type `offset`; 42804 when they do not add up. */
function rangeShift(key: SqlType, offset: SqlType, position: number): (v: Value, k: Value, plus: boolean) => Value {
  let plus: SqlType;
  let minus: SqlType;
  const numberLike = key.kind === 'INTEGER' || key.kind === 'NUMERIC' || key.kind === 'REAL' || key.kind === 'DATE' || key.kind === 'NULL';
  try {
    if (!numberLike) throw new Error('not a number');
    plus = arithmeticType('+', key, offset);
    minus = arithmeticType('-', key, offset);
  } catch {
    throw SqlError.of(SqlState.DatatypeMismatch, [`RANGE with offset PRECEDING/FOLLOWING is not supported for ${typeToSql(key)} ordered by ${typeToSql(offset)} offsets`], {
      position,
    });
  }
  return (v, k, add) => arithmetic(add ? '+' : '-', v, k, add ? plus : minus);
}

/** 42804 unless `c` is an INTEGER (or an untyped parameter). */
function integerArgument(c: Compiled, call: FunctionCall, what: string): void {
  if (c.type.kind !== 'INTEGER' && c.type.kind !== 'NULL') {
    throw SqlError.of(SqlState.DatatypeMismatch, [`${what} of ${call.name.toLowerCase()} must be an integer, not ${typeToSql(c.type)}`], {
      position: call.position,
    });
  }
}
