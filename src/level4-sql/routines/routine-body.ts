/**
 * src/level4-sql/routines/routine-body.ts — the public API of the PSM interpreter: compile a body once against
 * a scope of named variables, then run it any number of times, each run with a Frame of its own.
 *
 * 1. Parameters take value slots 0..n-1 in the order given, row variables row slots 0..m-1: a caller fills
 *    `frame.values[i]` / `frame.rows[j]` before `run` and reads them (OUT parameters, a BEFORE trigger's NEW)
 *    after.
 * 2. `run` executes in the caller's transaction at depth `ctx.depth + 1`; past MAX_ROUTINE_DEPTH it fails with
 *    54001 before doing anything, and a JavaScript stack overflow inside becomes 54001 too, never a crash.
 * 3. A function body that ends without RETURN is 2F005; a LEAVE that leaves the body is allowed.
 * 4. A body that is a single `RETURN expr` evaluates in the caller's context with the frame swapped in (no
 *    context per call; a subquery in it still gets a context of its own), and its frame holds nothing but the
 *    parameters, so a call site may reuse one frame from call to call (invoke.ts).
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { ExecContext } from '../context';
import type { PsmStatement } from '../parse';
import { BodyScope, SlotCounter } from './body-scope';
import { compileBodyExpr, compileStatement, type Exec, Flow } from './compile-body';
import { Frame } from './frame';

/** How deep routine activations (and trigger firings) may nest. */
export const MAX_ROUTINE_DEPTH = 100;

/** A row variable of a body (a trigger's OLD / NEW, a method's SELF). */
export interface RowVariableSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly types: readonly SqlType[];
  /** its columns answer bare names (`c` for `NEW.c`) */
  readonly bare?: boolean;
  /** its columns may be assigned (`SET c = …`, `SET NEW.c = …`) */
  readonly assignable?: boolean;
}

/** What a body is compiled against. */
export interface BodySpec {
  /** the text the body's AST offsets refer to */
  readonly sql: string;
  /** the routine's name: its parameters may be written `name.p` */
  readonly name: string | null;
  readonly params: ReadonlyArray<{ readonly name: string; readonly type: SqlType }>;
  readonly rows?: readonly RowVariableSpec[];
  /** 'value': a function (RETURN expr); 'table': RETURN TABLE (query); 'none': a procedure or trigger */
  readonly returns: 'value' | 'table' | 'none';
  readonly returnType?: SqlType | null;
  /** what the body is, for error details ("function F") */
  readonly what: string;
  /** a method's body: SPECIFICTYPE() gives the frame's `selfType` */
  readonly method?: boolean;
}

/** A compiled body (see the file header). */
export class RoutineBody {
  constructor(
    private readonly exec: Exec,
    private readonly slots: SlotCounter,
    readonly spec: BodySpec,
    /** invariant 4: the RETURN expression of a body that is nothing else */
    private readonly returnOnlyEval: ((ctx: ExecContext) => Value) | null,
  ) {}

  /** True when the body is one RETURN expression (invariant 4): a frame may then be reused by the next call. */
  get returnOnly(): boolean {
    return this.returnOnlyEval !== null;
  }

  /** A fresh frame: every variable NULL, no rows, no open cursors. */
  newFrame(): Frame {
    return new Frame(this.slots.values, this.slots.rows, this.slots.cursors);
  }

  /** Runs the body with `frame` inside `ctx`'s transaction (invariants 2 and 3). */
  run(ctx: ExecContext, frame: Frame): void {
    const depth = ctx.depth + 1;
    if (depth > MAX_ROUTINE_DEPTH) throw tooDeep(this.spec.what);
    const r = this.returnOnlyEval;
    if (r !== null) {
      const savedFrame = ctx.frame;
      const savedDepth = ctx.depth;
      ctx.frame = frame;
      ctx.depth = depth;
      try {
        frame.returned = r(ctx);
      } catch (e) {
        throw asLimit(e, this.spec.what);
      } finally {
        ctx.frame = savedFrame;
        ctx.depth = savedDepth;
      }
      return;
    }
    let flow: Flow;
    try {
      flow = this.exec(ctx.forRoutine(frame, depth));
    } catch (e) {
      throw asLimit(e, this.spec.what);
    }
    if (flow !== Flow.Return && this.spec.returns !== 'none') {
      throw SqlError.of(SqlState.FunctionExecutedNoReturn, [this.spec.name ?? this.spec.what]);
    }
  }
}

function tooDeep(what: string): SqlError {
  return SqlError.of(SqlState.StatementTooComplex, [`routine calls nested more than ${MAX_ROUTINE_DEPTH} deep`], { detail: `in ${what}` });
}

/** A stack overflow becomes 54001 (invariant 2). */
function asLimit(e: unknown, what: string): unknown {
  if (e instanceof RangeError) return tooDeep(what);
  return e;
}

/** Compiles `body` against `spec` and the schema of `state` (see the file header). */
export function compileRoutineBody(body: PsmStatement, spec: BodySpec, state: DatabaseState): RoutineBody {
  const slots = new SlotCounter();
  const scope = new BodyScope(null, slots, spec.name);
  scope.methodBody = spec.method === true;
  for (const p of spec.params) scope.declareScalar(p.name, p.type);
  for (const r of spec.rows ?? []) scope.declareRow(r.name, r.columns, r.types, r.bare ?? false, r.assignable ?? false);
  const bc = { state, sql: spec.sql, returns: spec.returns, returnType: spec.returnType ?? null, nextId: 0 };
  let returnOnly: ((ctx: ExecContext) => Value) | null = null;
  if (body.kind === 'PsmReturn' && body.value !== null && spec.returns === 'value') {
    const e = compileBodyExpr(body.value, scope, state);
    const type = spec.returnType!;
    const f = e.eval;
    returnOnly = (ctx) => assignValue(f(ctx), type, 'RETURN');
    return new RoutineBody(() => Flow.Return, slots, spec, returnOnly);
  }
  const exec = compileStatement(body, { scope, handlers: null, labels: null }, bc);
  return new RoutineBody(exec, slots, spec, null);
}
