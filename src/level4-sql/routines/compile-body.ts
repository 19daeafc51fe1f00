/**
 * src/level4-sql/routines/compile-body.ts — compiles SQL/PSM statements, once, into closures over a Frame.
 *
 * 1. Each statement becomes an `Exec`: `(ctx) => Flow`. NORMAL goes on; LEAVE and ITERATE carry the target
 *    label's id in `frame.target` and unwind to the block or loop with that id; RETURN unwinds to the body.
 *    Conditions (errors) are thrown SqlErrors.
 * 2. Names are resolved at compile time against a BodyScope (body-scope.ts): a variable is a slot. Expressions
 *    are compiled with `CompileEnv.ambientVariables` set to the scope, so embedded SQL sees the variables
 *    (eval/compile.ts falls back to them for names no FROM item has).
 * 3. Embedded SQL statements and queries are planned on first execution and planned again when the schema
 *    version of the transaction differs from the plan's (a body that creates a table can then use it).
 * 4. Every statement of a body that runs SQL, and every expression with a subquery, gets its own
 *    ExecContext (context.ts invariant 6); other expressions evaluate in the activation's context.
 * 5. Handlers are lexical: a statement list inside the scope of any handler runs each statement under a
 *    try/catch; a condition a handler catches undoes that statement's changes (Transaction.undoTo), runs the
 *    action, and then (CONTINUE) goes on with the next statement of the list, or (EXIT, UNDO) leaves the
 *    block that declared the handler; UNDO also undoes everything the block did.
 * 6. Loops count a step per iteration (`ctx.step()`), so a statement timeout or cancel stops an endless loop.
 * 7. `BEGIN ATOMIC`: a condition no handler of the block handles undoes everything the block did and leaves
 *    it; to the handlers of enclosing blocks the whole block is the statement that failed.
 *
 * Length: past 600 lines because every PSM statement kind has its compiler here (each a short function) and
 * they share the private pieces — Flow, Where, LazyQuery, handler scopes, assignment — that a split would
 * have to export; the next split is cursors and SIGNAL/RETURN/CALL into files of their own.
 */
import { unreachable } from '../../common/assert';
import { InternalError, SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import { CompileEnv } from '../eval/compile-env';
import { Scope } from '../eval/scope';
import type { Expr, PsmStatement, PsmTarget, QueryExpression, Statement } from '../parse';
import { planQuery, type QueryPlan } from '../plan/planner';
import { findExpr } from '../statements/ast-walk';
import { planStatement, type StatementPlan } from '../statements/statement-plan';
import { sqlTypeFromName } from '../statements/type-name';
import type { AssignTarget, BodyScope } from './body-scope';
import {
  conditionTest,
  type ConditionTest,
  NOT_FOUND_TEST,
  noData,
  SignalledCondition,
  signalMessage,
  SQLEXCEPTION_TEST,
  sqlStateTest,
  SQLWARNING_TEST,
  uncatchable,
} from './conditions';
import { type Frame, frameSnapshot } from './frame';
import { invokeProcedure } from './invoke';

/** How a statement ended (invariant 1). */
export const enum Flow {
  Normal = 0,
  Leave = 1,
  Iterate = 2,
  Return = 3,
}

/** A compiled statement. */
export type Exec = (ctx: ExecContext) => Flow;

/** A compiled handler. */
interface Handler {
  readonly tests: readonly ConditionTest[];
  readonly exit: boolean;
  readonly undo: boolean;
  /** the block that declared it (the target of EXIT) */
  readonly blockId: number;
  action: Exec;
}

/** The handlers in scope: a block's, then its enclosing blocks'. */
interface HandlerScope {
  readonly handlers: Handler[];
  readonly parent: HandlerScope | null;
}

/** The labels in scope, innermost first. */
interface LabelScope {
  readonly label: string;
  readonly id: number;
  readonly loop: boolean;
  readonly parent: LabelScope | null;
}

/** What the compiler carries through one body. */
export interface BodyCompiler {
  readonly state: DatabaseState;
  /** the text the statements' offsets refer to (the routine's definition) */
  readonly sql: string;
  /** the routine's result: a function returns a value (or a table), a procedure nothing */
  readonly returns: 'value' | 'table' | 'none';
  /** the declared return type of a function (assignment rules apply to RETURN) */
  readonly returnType: SqlType | null;
  nextId: number;
}

interface Where {
  readonly scope: BodyScope;
  readonly handlers: HandlerScope | null;
  readonly labels: LabelScope | null;
}

/** Compiles `body` as the statement list of a new block of `scope`. */
export function compileStatement(s: PsmStatement, w: Where, bc: BodyCompiler): Exec {
  switch (s.kind) {
    case 'PsmCompound':
      return compileCompound(s.label, s.body, s.atomic, w, bc);
    case 'PsmDeclareVariable':
      return compileDeclareVariable(s, w, bc);
    case 'PsmDeclareCursor':
      return compileDeclareCursor(s.name, s.query, s.position, w, bc);
    case 'PsmDeclareCondition':
      w.scope.declareCondition(s.name, s.sqlState, s.position);
      return NOTHING;
    case 'PsmDeclareHandler':
      throw SqlError.of(SqlState.SyntaxError, ['a handler is declared at the start of a BEGIN … END block'], { position: s.position });
    case 'PsmSet':
      return compileSet(s.targets, s.multiple, s.value, w, bc);
    case 'PsmIf':
      return compileIf(s, w, bc);
    case 'PsmCase':
      return compileCaseStatement(s, w, bc);
    case 'PsmWhile':
    case 'PsmRepeat':
    case 'PsmLoop':
      return compileLoop(s, w, bc);
    case 'PsmLeave':
    case 'PsmIterate':
      return compileLeave(s.kind === 'PsmIterate', s.label, s.position, w);
    case 'PsmFor':
      return compileFor(s, w, bc);
    case 'PsmOpen':
      return compileOpen(s.cursor, s.position, w);
    case 'PsmClose':
      return compileClose(s.cursor, s.position, w);
    case 'PsmFetch':
      return compileFetch(s.cursor, s.targets, s.position, w);
    case 'PsmSignal':
      return compileSignal(s, w, bc);
    case 'PsmReturn':
      return compileReturn(s, w, bc);
    case 'Call':
      return compileCall(s, w, bc);
    case 'PsmSelectInto':
      return compileSelectInto(s.query, s.targets, s.position, w, bc);
    case 'PsmSql':
      return compileSql(s.statement, w, bc);
    default:
      return unreachable(s, 'PSM statement');
  }
}

const NOTHING: Exec = () => Flow.Normal;

// ---------------------------------------------------------------------------------------------------------------
// Expressions and embedded SQL
// ---------------------------------------------------------------------------------------------------------------

/** Runs `f` with the body scope visible to every expression compiled meanwhile (invariant 2). */
export function withVariables<T>(scope: BodyScope, f: () => T): T {
  const saved = CompileEnv.ambientVariables;
  CompileEnv.ambientVariables = scope;
  try {
    return f();
  } finally {
    CompileEnv.ambientVariables = saved;
  }
}

/** A compiled expression of a body: the function and its static type. */
export interface BodyExpr {
  readonly eval: (ctx: ExecContext) => Value;
  readonly type: SqlType;
}

function hasSubquery(e: Expr): boolean {
  return findExpr(e, (x) => x.kind === 'ScalarSubquery' || x.kind === 'Exists' || x.kind === 'InSubquery' || x.kind === 'DocumentLiteral') !== null;
}

/** Compiles an expression of a body (invariants 2 and 4). */
export function compileBodyExpr(e: Expr, scope: BodyScope, state: DatabaseState): BodyExpr {
  const c = withVariables(scope, () => compileExpr(e, Scope.empty(), state));
  const f = c.eval;
  if (!hasSubquery(e)) return { type: c.type, eval: (ctx) => f(ctx, null) };
  return { type: c.type, eval: (ctx) => f(ctx.forRoutine(ctx.frame!, ctx.depth), null) };
}

/** A query of a body, planned at compile time and again when the schema version changes (invariant 3). */
class LazyQuery {
  constructor(
    private readonly query: QueryExpression,
    private readonly scope: BodyScope,
    private plan: QueryPlan,
    private version: number,
  ) {}

  get(ctx: ExecContext): QueryPlan {
    const tx = ctx.tx;
    const v = tx.schemaVersion;
    if (v !== this.version) {
      this.plan = withVariables(this.scope, () => planQuery(this.query, tx.state));
      this.version = v;
    }
    return this.plan;
  }

  /** The columns of the plan made at compile time. */
  get columns(): readonly string[] {
    return this.plan.columns;
  }

  get types(): readonly SqlType[] {
    return this.plan.types;
  }
}

function lazyQuery(query: QueryExpression, w: Where, bc: BodyCompiler): LazyQuery {
  const plan = withVariables(w.scope, () => planQuery(query, bc.state));
  return new LazyQuery(query, w.scope, plan, bc.state.schemaVersion);
}

/** An SQL statement of a body: planned lazily (invariant 3), run in its own context (invariant 4). */
function compileSql(stmt: Statement, w: Where, bc: BodyCompiler): Exec {
  const scope = w.scope;
  const sql = bc.sql;
  let plan: StatementPlan | null = null;
  return (ctx) => {
    const tx = ctx.tx;
    if (plan === null || plan.schemaVersion !== tx.schemaVersion) {
      plan = withVariables(scope, () => planStatement(stmt, sql, tx.state));
    }
    plan.execute(ctx.forRoutine(ctx.frame!, ctx.depth));
    return Flow.Normal;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks, declarations and handlers
// ---------------------------------------------------------------------------------------------------------------

function compileCompound(label: string | null, body: readonly PsmStatement[], atomic: boolean, w: Where, bc: BodyCompiler): Exec {
  const id = bc.nextId++;
  const scope = w.scope.child(label);
  const labels: LabelScope | null = label === null ? w.labels : { label, id, loop: false, parent: w.labels };
  const own: Handler[] = [];
  // an ATOMIC block is one statement to the handlers outside it (invariant 7)
  const handlers: HandlerScope = { handlers: own, parent: atomic ? null : w.handlers };
  const inner: Where = { scope, handlers, labels };
  const execs: Exec[] = [];
  let anyUndo = false;
  for (const s of body) {
    if (s.kind === 'PsmDeclareHandler') {
      // the action runs in the block's scope, under the enclosing blocks' handlers only
      const h: Handler = {
        tests: s.conditions.map((c) => compileConditionValue(c, scope)),
        exit: s.handlerKind !== 'CONTINUE',
        undo: s.handlerKind === 'UNDO',
        blockId: id,
        action: NOTHING,
      };
      anyUndo ||= h.undo;
      h.action = compileStatement(s.action, { scope, handlers: w.handlers, labels }, bc);
      own.push(h);
      continue;
    }
    execs.push(compileStatement(s, inner, bc));
  }
  const list = listExec(execs, own.length > 0 || handlers.parent !== null ? handlers : null);
  if (atomic) {
    return (ctx) => {
      const mark = ctx.tx.savepoint();
      let f: Flow;
      try {
        f = list(ctx);
      } catch (e) {
        ctx.tx.undoTo(mark);
        throw e;
      }
      const frame = ctx.frame!;
      if (f === Flow.Leave && frame.target === id) {
        if (frame.undoBlock === id) {
          frame.undoBlock = -1;
          ctx.tx.undoTo(mark);
        }
        return Flow.Normal;
      }
      return f;
    };
  }
  if (!anyUndo) {
    return (ctx) => {
      const f = list(ctx);
      if (f === Flow.Leave && ctx.frame!.target === id) return Flow.Normal;
      return f;
    };
  }
  return (ctx) => {
    const mark = ctx.tx.savepoint();
    const f = list(ctx);
    const frame = ctx.frame!;
    if (f === Flow.Leave && frame.target === id) {
      if (frame.undoBlock === id) {
        frame.undoBlock = -1;
        ctx.tx.undoTo(mark);
      }
      return Flow.Normal;
    }
    return f;
  };
}

/** A statement list; with handlers in scope each statement runs under a try/catch (invariant 5). */
function listExec(execs: readonly Exec[], handlers: HandlerScope | null): Exec {
  const n = execs.length;
  if (handlers === null) {
    if (n === 1) return execs[0]!;
    return (ctx) => {
      for (let i = 0; i < n; i++) {
        const f = execs[i]!(ctx);
        if (f !== Flow.Normal) return f;
      }
      return Flow.Normal;
    };
  }
  return (ctx) => {
    for (let i = 0; i < n; i++) {
      const mark = ctx.tx.savepoint();
      let f: Flow;
      try {
        f = execs[i]!(ctx);
      } catch (e) {
        const h = e instanceof SqlError && !uncatchable(e) ? findHandler(handlers, e) : null;
        if (h === null) throw e;
        ctx.tx.undoTo(mark);
        f = runHandler(h, e as SqlError, ctx);
        if (f === Flow.Normal && !h.exit) continue;
      }
      if (f !== Flow.Normal) return f;
    }
    return Flow.Normal;
  };
}

function findHandler(hs: HandlerScope | null, e: SqlError): Handler | null {
  for (let s = hs; s !== null; s = s.parent) {
    for (const h of s.handlers) for (const t of h.tests) if (t(e)) return h;
  }
  return null;
}

function runHandler(h: Handler, e: SqlError, ctx: ExecContext): Flow {
  const frame = ctx.frame!;
  const saved = frame.handling;
  frame.handling = e;
  let f: Flow;
  try {
    f = h.action(ctx);
  } finally {
    frame.handling = saved;
  }
  if (f !== Flow.Normal || !h.exit) return f;
  frame.target = h.blockId;
  if (h.undo) frame.undoBlock = h.blockId;
  return Flow.Leave;
}

function compileConditionValue(c: import('../parse').PsmConditionValue, scope: BodyScope): ConditionTest {
  switch (c.kind) {
    case 'SqlState':
      return sqlStateTest(c.sqlState);
    case 'SqlException':
      return SQLEXCEPTION_TEST;
    case 'SqlWarning':
      return SQLWARNING_TEST;
    case 'NotFound':
      return NOT_FOUND_TEST;
    case 'ConditionName': {
      const info = scope.condition(c.name, c.position);
      return conditionTest(info.name, info.sqlState);
    }
    default:
      return unreachable(c, 'condition value');
  }
}

function compileDeclareVariable(s: import('../parse').PsmDeclareVariable, w: Where, bc: BodyCompiler): Exec {
  const type = sqlTypeFromName(s.type, bc.state);
  // the default is compiled before the names exist: `DECLARE x INT DEFAULT x` reads an outer x
  const d = s.default === null ? null : compileBodyExpr(s.default, w.scope, bc.state);
  const slots = s.names.map((n) => w.scope.declareScalar(n, type, s.position).slot);
  const names = s.names;
  return (ctx) => {
    const v = d === null ? null : assignValue(d.eval(ctx), type, names[0]!);
    const values = ctx.frame!.values;
    for (const slot of slots) values[slot] = v;
    return Flow.Normal;
  };
}

function compileDeclareCursor(name: string, query: QueryExpression, position: number, w: Where, bc: BodyCompiler): Exec {
  const info = w.scope.declareCursor(name, position);
  const lq = lazyQuery(query, w, bc);
  cursorPlans.set(w.scope, [...(cursorPlans.get(w.scope) ?? []), { slot: info.slot, query: lq }]);
  const slot = info.slot;
  return (ctx) => {
    ctx.frame!.cursors[slot] = null;
    return Flow.Normal;
  };
}

// the query of each declared cursor, found by OPEN through the scope chain
const cursorPlans = new WeakMap<BodyScope, Array<{ slot: number; query: LazyQuery }>>();

function cursorQuery(scope: BodyScope, slot: number): LazyQuery {
  for (let s: BodyScope | null = scope; s !== null; s = s.parent) {
    const found = cursorPlans.get(s)?.find((c) => c.slot === slot);
    if (found !== undefined) return found.query;
  }
  throw new InternalError('cursor without a query');
}

// ---------------------------------------------------------------------------------------------------------------
// Assignment
// ---------------------------------------------------------------------------------------------------------------

/** Writes `v` to a target, with the assignment rules of its type. */
export function assign(t: AssignTarget, v: Value, frame: Frame): void {
  const value = assignValue(v, t.type, t.name);
  if (t.kind === 'scalar') frame.values[t.slot] = value;
  else {
    const row = frame.rows[t.slot];
    if (row === null || row === undefined) throw SqlError.of(SqlState.NullValueNotAllowed, [`${t.name}: no row`]);
    row[t.column] = value;
  }
}

function targetsOf(targets: readonly PsmTarget[], scope: BodyScope): AssignTarget[] {
  return targets.map((t) => scope.target(t.parts, t.position));
}

function compileSet(targets: readonly PsmTarget[], multiple: boolean, value: Expr, w: Where, bc: BodyCompiler): Exec {
  const ts = targetsOf(targets, w.scope);
  if (!multiple) {
    const t = ts[0]!;
    const e = compileBodyExpr(value, w.scope, bc.state);
    return (ctx) => {
      assign(t, e.eval(ctx), ctx.frame!);
      return Flow.Normal;
    };
  }
  if (value.kind === 'RowValue') {
    if (value.items.length !== ts.length) throw countMismatch('SET', ts.length, value.items.length, value.position);
    const es = value.items.map((x) => compileBodyExpr(x, w.scope, bc.state));
    return (ctx) => {
      const vals = es.map((e) => e.eval(ctx));
      const frame = ctx.frame!;
      for (let i = 0; i < ts.length; i++) assign(ts[i]!, vals[i]!, frame);
      return Flow.Normal;
    };
  }
  if (value.kind === 'ScalarSubquery') return compileSelectInto(value.query, targets, value.position, w, bc);
  throw SqlError.of(SqlState.DatatypeMismatch, ['SET (…) needs a row value or a subquery'], { position: value.position });
}

function countMismatch(what: string, targets: number, values: number, position: number): SqlError {
  return SqlError.of(SqlState.DatatypeMismatch, [`${what} has ${targets} targets for ${values} values`], { position });
}

function compileSelectInto(query: QueryExpression, targets: readonly PsmTarget[], position: number, w: Where, bc: BodyCompiler): Exec {
  const ts = targetsOf(targets, w.scope);
  const lq = lazyQuery(query, w, bc);
  if (lq.columns.length !== ts.length) throw countMismatch('INTO', ts.length, lq.columns.length, position);
  return (ctx) => {
    const c = ctx.forRoutine(ctx.frame!, ctx.depth);
    const cur = lq.get(ctx).open(c);
    const row = cur.next();
    if (row === null) throw noData('the query returned no rows', position);
    if (cur.next() !== null) throw SqlError.of(SqlState.CardinalityViolation, [], { position });
    const frame = ctx.frame!;
    for (let i = 0; i < ts.length; i++) assign(ts[i]!, row[i] ?? null, frame);
    return Flow.Normal;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Control flow
// ---------------------------------------------------------------------------------------------------------------

function compileList(body: readonly PsmStatement[], w: Where, bc: BodyCompiler): Exec {
  return listExec(body.map((s) => compileStatement(s, w, bc)), w.handlers);
}

function condition(e: Expr, w: Where, bc: BodyCompiler): (ctx: ExecContext) => boolean {
  const c = compileBodyExpr(e, w.scope, bc.state);
  if (c.type.kind !== 'BOOLEAN' && c.type.kind !== 'NULL') {
    throw SqlError.of(SqlState.DatatypeMismatch, ['a condition must be BOOLEAN'], { position: e.position });
  }
  const f = c.eval;
  return (ctx) => f(ctx) === true;
}

function compileIf(s: import('../parse').PsmIf, w: Where, bc: BodyCompiler): Exec {
  const conds = s.branches.map((b) => condition(b.condition, w, bc));
  const bodies = s.branches.map((b) => compileList(b.body, w, bc));
  const otherwise = s.else === null ? NOTHING : compileList(s.else, w, bc);
  const n = conds.length;
  return (ctx) => {
    for (let i = 0; i < n; i++) if (conds[i]!(ctx)) return bodies[i]!(ctx);
    return otherwise(ctx);
  };
}

function compileCaseStatement(s: import('../parse').PsmCase, w: Where, bc: BodyCompiler): Exec {
  const bodies = s.whens.map((x) => compileList(x.body, w, bc));
  const otherwise = s.else === null ? null : compileList(s.else, w, bc);
  let tests: Array<(ctx: ExecContext) => boolean>;
  if (s.operand === null) tests = s.whens.map((x) => condition(x.value, w, bc));
  else {
    const operand = s.operand;
    tests = s.whens.map((x) => {
      const eq: Expr = { kind: 'Binary', op: '=', left: operand, right: x.value, position: x.value.position, end: x.value.end } as Expr;
      return condition(eq, w, bc);
    });
  }
  const n = tests.length;
  const position = s.position;
  return (ctx) => {
    for (let i = 0; i < n; i++) if (tests[i]!(ctx)) return bodies[i]!(ctx);
    if (otherwise === null) throw SqlError.of(SqlState.CaseNotFound, [], { position });
    return otherwise(ctx);
  };
}

function loopLabels(label: string | null, id: number, w: Where): Where {
  return label === null ? w : { ...w, labels: { label, id, loop: true, parent: w.labels } };
}

/** What a loop does with the flow of its body: true to stop the loop with `result`. */
function loopFlow(f: Flow, id: number, ctx: ExecContext): Flow | null {
  if (f === Flow.Normal) return null;
  const frame = ctx.frame!;
  if (f === Flow.Iterate && frame.target === id) return null;
  if (f === Flow.Leave && frame.target === id) return Flow.Normal;
  return f;
}

function compileLoop(s: import('../parse').PsmWhile | import('../parse').PsmRepeat | import('../parse').PsmLoop, w: Where, bc: BodyCompiler): Exec {
  const id = bc.nextId++;
  const inner = loopLabels(s.label, id, w);
  const body = compileList(s.body, inner, bc);
  if (s.kind === 'PsmWhile') {
    const cond = condition(s.condition, w, bc);
    return (ctx) => {
      while (cond(ctx)) {
        ctx.step();
        const r = loopFlow(body(ctx), id, ctx);
        if (r !== null) return r;
      }
      return Flow.Normal;
    };
  }
  if (s.kind === 'PsmRepeat') {
    const until = condition(s.until, inner, bc);
    return (ctx) => {
      do {
        ctx.step();
        const r = loopFlow(body(ctx), id, ctx);
        if (r !== null) return r;
      } while (!until(ctx));
      return Flow.Normal;
    };
  }
  return (ctx) => {
    for (;;) {
      ctx.step();
      const r = loopFlow(body(ctx), id, ctx);
      if (r !== null) return r;
    }
  };
}

function compileLeave(iterate: boolean, label: string, position: number, w: Where): Exec {
  let l = w.labels;
  while (l !== null && l.label !== label) l = l.parent;
  if (l === null) throw SqlError.of(SqlState.SyntaxError, [`no statement labelled ${label} encloses this ${iterate ? 'ITERATE' : 'LEAVE'}`], { position });
  if (iterate && !l.loop) throw SqlError.of(SqlState.SyntaxError, [`ITERATE ${label} names a block, not a loop`], { position });
  const id = l.id;
  const flow = iterate ? Flow.Iterate : Flow.Leave;
  return (ctx) => {
    ctx.frame!.target = id;
    return flow;
  };
}

function compileFor(s: import('../parse').PsmFor, w: Where, bc: BodyCompiler): Exec {
  const id = bc.nextId++;
  const lq = lazyQuery(s.query, w, bc);
  const scope = w.scope.child(null);
  const row = scope.declareRow(s.variable ?? `$FOR${id}`, lq.columns, lq.types, true, false, s.position);
  if (s.cursor !== null) scope.declareCursor(s.cursor, s.position);
  const inner = loopLabels(s.label, id, { ...w, scope });
  const body = compileList(s.body, inner, bc);
  const slot = row.slot;
  return (ctx) => {
    const frame = ctx.frame!;
    const cur = lq.get(ctx).open(ctx.forRoutine(frameSnapshot(frame), ctx.depth));
    try {
      for (let r = cur.next(); r !== null; r = cur.next()) {
        ctx.step();
        frame.rows[slot] = r as Value[];
        const f = loopFlow(body(ctx), id, ctx);
        if (f !== null) return f;
      }
    } finally {
      frame.rows[slot] = null;
    }
    return Flow.Normal;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Cursors
// ---------------------------------------------------------------------------------------------------------------

function compileOpen(name: string, position: number, w: Where): Exec {
  const info = w.scope.cursor(name, position);
  const lq = cursorQuery(w.scope, info.slot);
  const slot = info.slot;
  return (ctx) => {
    const frame = ctx.frame!;
    if (frame.cursors[slot] !== null) throw SqlError.of(SqlState.InvalidCursorState, [`cursor ${name} is already open`], { position });
    frame.cursors[slot] = { cursor: lq.get(ctx).open(ctx.forRoutine(frameSnapshot(frame), ctx.depth)) };
    return Flow.Normal;
  };
}

function compileClose(name: string, position: number, w: Where): Exec {
  const slot = w.scope.cursor(name, position).slot;
  return (ctx) => {
    const frame = ctx.frame!;
    if (frame.cursors[slot] === null) throw SqlError.of(SqlState.InvalidCursorState, [`cursor ${name} is not open`], { position });
    frame.cursors[slot] = null;
    return Flow.Normal;
  };
}

function compileFetch(name: string, targets: readonly PsmTarget[], position: number, w: Where): Exec {
  const info = w.scope.cursor(name, position);
  const lq = cursorQuery(w.scope, info.slot);
  const ts = targetsOf(targets, w.scope);
  if (lq.columns.length !== ts.length) throw countMismatch('FETCH … INTO', ts.length, lq.columns.length, position);
  const slot = info.slot;
  return (ctx) => {
    const frame = ctx.frame!;
    const open = frame.cursors[slot];
    if (open === null || open === undefined) throw SqlError.of(SqlState.InvalidCursorState, [`cursor ${name} is not open`], { position });
    const row: Row | null = open.cursor.next();
    if (row === null) throw noData(`no more rows in cursor ${name}`, position);
    for (let i = 0; i < ts.length; i++) assign(ts[i]!, row[i] ?? null, frame);
    return Flow.Normal;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SIGNAL, RETURN, CALL
// ---------------------------------------------------------------------------------------------------------------

function compileSignal(s: import('../parse').PsmSignal, w: Where, bc: BodyCompiler): Exec {
  let sqlState = s.sqlState;
  const condition = s.condition;
  if (condition !== null) sqlState = w.scope.condition(condition, s.position).sqlState ?? '45000';
  const message = s.message === null ? null : compileBodyExpr(s.message, w.scope, bc.state);
  const position = s.position;
  if (s.resignal) {
    return (ctx) => {
      const handling = ctx.frame!.handling;
      if (!(handling instanceof SqlError)) throw SqlError.of(SqlState.ResignalWhenHandlerNotActive, [], { position });
      if (sqlState === null && message === null) throw handling;
      const code = sqlState ?? handling.sqlState;
      const text = message === null ? handling.message : String(message.eval(ctx) ?? '');
      throw new SignalledCondition(code, text, condition, position);
    };
  }
  const code = sqlState ?? '45000';
  return (ctx) => {
    const text = message === null ? signalMessage(code, condition) : String(message.eval(ctx) ?? '');
    throw new SignalledCondition(code, text, condition, position);
  };
}

function compileReturn(s: import('../parse').PsmReturn, w: Where, bc: BodyCompiler): Exec {
  if (s.table !== null) {
    if (bc.returns !== 'table') throw SqlError.of(SqlState.DatatypeMismatch, ['RETURN TABLE in a routine that does not return a table'], { position: s.position });
    const lq = lazyQuery(s.table, w, bc);
    return (ctx) => {
      const frame = ctx.frame!;
      frame.returnedRows = lq.get(ctx).all(ctx.forRoutine(frame, ctx.depth)).map((r) => r.slice());
      return Flow.Return;
    };
  }
  if (s.value === null) {
    if (bc.returns !== 'none') throw SqlError.of(SqlState.DatatypeMismatch, ['RETURN needs a value in a function'], { position: s.position });
    return () => Flow.Return;
  }
  if (bc.returns !== 'value') throw SqlError.of(SqlState.DatatypeMismatch, ['RETURN with a value in a procedure or table function'], { position: s.position });
  const e = compileBodyExpr(s.value, w.scope, bc.state);
  const type = bc.returnType!;
  return (ctx) => {
    const frame = ctx.frame!;
    frame.returned = assignValue(e.eval(ctx), type, 'RETURN');
    return Flow.Return;
  };
}

function compileCall(s: import('../parse').Call, w: Where, bc: BodyCompiler): Exec {
  const args = s.args.map((a) => compileBodyExpr(a, w.scope, bc.state));
  // an OUT or INOUT argument must be a variable: its target is written after the call
  const outTargets = s.args.map((a) => (a.kind === 'ColumnRef' ? w.scope.lookup(a.parts) : null));
  const call = { name: s.name, position: s.position };
  return (ctx) => {
    const values = args.map((a) => a.eval(ctx));
    const frame = ctx.frame!;
    invokeProcedure(call, values, ctx, (i, v) => {
      const t = outTargets[i];
      if (t === null || t === undefined || t.kind === 'row') {
        throw SqlError.of(SqlState.DatatypeMismatch, [`argument ${i + 1} of ${s.name} is OUT or INOUT and must be a variable`], { position: s.args[i]!.position });
      }
      assign(t, v, frame);
    });
    return Flow.Normal;
  };
}
