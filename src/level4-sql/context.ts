/**
 * src/level4-sql/context.ts — ExecContext: what one execution of a planned statement carries (Pyrrho's
 * Context): the transaction, the parameter values, the statement clock and the rows-visited counter.
 *
 * 1. One ExecContext per execution: plans are built once (per prepare) and run many times, each run with a
 *    fresh context, so anything cached here (uncorrelated subquery results, LIKE matchers) is valid for
 *    exactly one execution.
 * 2. `now` is read once (on first use, so executions that never ask do not pay for it): CURRENT_DATE /
 *    CURRENT_TIME / CURRENT_TIMESTAMP give one clock per statement. A routine body's statements and a
 *    trigger's actions read the clock of the statement that invoked them (`clockOf`), on first use by either.
 * 3. `frames[level]` holds the current row of an enclosing query level while a correlated subquery runs;
 *    the subquery expression saves the old value, sets it, runs the subquery and restores it.
 * 4. Named parameters are looked up case-insensitively; a leading `@` in the supplied name is ignored.
 * 5. Limits: every base-table row a rowset touches is counted by `visited()`, and every pair of rows a join
 *    tests by `step()` (which does not count as a visit); every `CHECK_EVERY` of either the execution checks
 *    its deadline and its cancel flag and fails with 57014 (QueryCanceled) when either has passed, and
 *    reports the rows so far to `progress`: rows visited plus pairs joined, so a join over tables already
 *    read (a cross product of small tables) still shows its work growing; a 57014's detail counts the same. The checks cost a counter test
 *    per row; with no limits (`NO_LIMITS`) nothing else is done.
 * 6. Routine bodies (routines/): `frame` holds the variables of the activation running and `depth` counts the
 *    activations around it (54001 past the limit). Each statement of a body runs in a context of its own
 *    (`forRoutine`), so caches keyed on plan nodes (uncorrelated subqueries) never outlive one statement
 *    while the variables they read change.
 * 7. Contexts are the clock of shapes.ts: the first one and every `REFRESH_EVERY`-th refresh the kept
 *    instances of short-lived classes (shapes.ts invariant 3), this class among them.
 */
import { SqlError, SqlState } from '../common/errors';
import { keepShape, refreshShapes, REFRESH_EVERY } from '../common/shapes';
import type { Row, Value } from '../common/values/value';
import type { RowRules } from '../level3-objects/row-rules';
import type { Transaction } from '../level3-objects/transaction';
import type { Frame } from './routines/frame';
import type { AuthInfo } from './access/auth';

/** Parameter values of one execution: `?` by position, `@name` by name (case as given). */
export interface Params {
  readonly positional: readonly Value[];
  readonly named: ReadonlyMap<string, Value>;
}

/** No parameters. */
export const NO_PARAMS: Params = Object.freeze({ positional: Object.freeze([]) as readonly Value[], named: new Map() });

/** What may stop or watch an execution (invariant 5). */
export interface ExecLimits {
  /** `performance.now()` time after which the statement fails with 57014; Infinity: none */
  readonly deadline: number;
  /** the statement fails with 57014 once element 0 is not 0 (set by another thread: `Atomics.store`) */
  readonly cancel: Int32Array | null;
  /** told the rows so far (visited plus pairs joined, invariant 5), every CHECK_EVERY rows */
  readonly progress: ((rowsVisited: number) => void) | null;
}

/** No deadline, no cancel flag, no progress. */
export const NO_LIMITS: ExecLimits = Object.freeze({ deadline: Infinity, cancel: null, progress: null });

/** Rows between two checks of the limits (a power of two). */
const CHECK_EVERY = 1024;

/** Contexts made so far, the clock of invariant 7. */
let contexts = 0;

/** The state of one execution of a plan. */
export class ExecContext {
  readonly tx: Transaction;
  readonly params: Params;
  /** who runs the statement (access/auth.ts; USER, CURRENT_ROLE, GRANT); null: the owner, no session */
  auth: AuthInfo | null = null;
  /** incremented once per base-table row a rowset visits (by `visited`) */
  rowsVisited = 0;
  private readonly limits: ExecLimits;
  private steps = 0;
  private reported = 0;
  private clock: Date | null;
  /** the context whose clock this one reads (invariant 2): the invoking statement's, for routines and triggers */
  private clockOf: ExecContext | null = null;
  private frameRows: (Row | null)[] | null = null;
  private cacheMap: Map<object, unknown> | null = null;
  private namedUpper: Map<string, Value> | null = null;

  /** @internal the row rules of this execution (statements/row-rules.ts), made on first use; kept in a field of
   *  its own rather than in `cached`, because every UPDATE and DELETE asks for them */
  rowRules: RowRules | null = null;

  /** the variables of the routine body running (routines/frame.ts); null outside routine bodies (invariant 6) */
  frame: Frame | null = null;
  /** how many routine activations enclose this execution (invariant 6) */
  depth = 0;

  constructor(tx: Transaction, params: Params = NO_PARAMS, now: Date | null = null, limits: ExecLimits = NO_LIMITS) {
    this.tx = tx;
    this.params = params;
    this.clock = now;
    this.limits = limits;
    if ((contexts++ & (REFRESH_EVERY - 1)) === 0) refreshShapes();
  }

  /**
   * A context for one statement of a routine body running in this execution (invariant 6): the same
   * transaction, parameters, clock and limits, its own caches, the body's frame and depth.
   */
  forRoutine(frame: Frame, depth: number): ExecContext {
    const c = new ExecContext(this.tx, this.params, this.clock, this.limits);
    c.clockOf = this;
    c.frame = frame;
    c.depth = depth;
    return c;
  }

  /** A context for a trigger's body: same transaction, clock and limits, the row's values as `params`, and
   *  `depth` activations deep (triggers/compiled-trigger.ts invariant 3). */
  forTrigger(params: Params, depth: number): ExecContext {
    const c = new ExecContext(this.tx, params, this.clock, this.limits);
    c.clockOf = this;
    c.depth = depth;
    return c;
  }

  /** Counts one base-table row; checks the limits every CHECK_EVERY rows (invariant 5). */
  visited(): void {
    if ((++this.rowsVisited & (CHECK_EVERY - 1)) === 0 && this.limits !== NO_LIMITS) this.checkLimits();
  }

  /** Counts one step of work that visits no base row (a join testing a pair); checks the limits as `visited`. */
  step(): void {
    if ((++this.steps & (CHECK_EVERY - 1)) === 0 && this.limits !== NO_LIMITS) this.checkLimits();
  }

  /** Fails with 57014 when the deadline has passed or the cancel flag is set; reports progress. */
  checkLimits(): void {
    const l = this.limits;
    const work = this.rowsVisited + this.steps;
    if (l.cancel !== null && Atomics.load(l.cancel, 0) !== 0) {
      throw SqlError.of(SqlState.QueryCanceled, ['canceled on request'], { detail: `after ${work} rows` });
    }
    if (performance.now() > l.deadline) {
      throw SqlError.of(SqlState.QueryCanceled, ['statement timeout'], { detail: `after ${work} rows` });
    }
    if (l.progress !== null && work !== this.reported) {
      this.reported = work;
      l.progress(work);
    }
  }

  /** Current rows of enclosing query levels, by level (see invariant 3); made on first use. */
  get frames(): (Row | null)[] {
    return (this.frameRows ??= []);
  }

  /** The statement clock: read once, on first use, then fixed for the execution. */
  get now(): Date {
    return (this.clock ??= this.clockOf !== null ? this.clockOf.now : new Date());
  }

  /** The value of `?` number `index` (from 0); 42P02 when not supplied. */
  positional(index: number): Value {
    const p = this.params.positional;
    if (index >= p.length) throw SqlError.of(SqlState.UndefinedParameter, [`$${index + 1}`]);
    const v = p[index];
    return v === undefined ? null : v;
  }

  /** The value of `@name`, matched case-insensitively; 42P02 when not supplied. */
  named(name: string): Value {
    let m = this.namedUpper;
    if (m === null) {
      m = new Map();
      for (const [k, v] of this.params.named) m.set(normaliseParamName(k), v);
      this.namedUpper = m;
    }
    const v = m.get(normaliseParamName(name));
    if (v === undefined) {
      if (!m.has(normaliseParamName(name))) throw SqlError.of(SqlState.UndefinedParameter, [`@${name}`]);
      return null;
    }
    return v;
  }

  /** A value cached for this execution under `key` (an object owned by the plan), or undefined. */
  cached(key: object): unknown {
    return this.cacheMap === null ? undefined : this.cacheMap.get(key);
  }

  /** Caches `value` for this execution under `key`. */
  setCached(key: object, value: unknown): void {
    if (this.cacheMap === null) this.cacheMap = new Map();
    this.cacheMap.set(key, value);
  }
}

/** `@Name`, `name` and `NAME` are the same parameter. */
export function normaliseParamName(name: string): string {
  return (name.startsWith('@') ? name.slice(1) : name).toUpperCase();
}

/** A context of no transaction: what kept instances (shapes.ts) hold where real ones hold a context, so that
 *  their context fields see one class, as real instances' do. */
export function detachedContext(): ExecContext {
  return new ExecContext(null as unknown as Transaction);
}

keepShape(detachedContext);
