/**
 * src/level4-sql/context.ts — ExecContext: what one execution of a planned statement carries (Pyrrho's
 * Context): the transaction, the parameter values, the statement clock and the rows-visited counter.
 *
 * 1. One ExecContext per execution: plans are built once (per prepare) and run many times, each run with a
 *    fresh context, so anything cached here (uncorrelated subquery results, LIKE matchers) is valid for
 *    exactly one execution.
 * 2. `now` is read once (on first use, so executions that never ask do not pay for it): CURRENT_DATE /
 *    CURRENT_TIME / CURRENT_TIMESTAMP give one clock per statement.
 * 3. `frames[level]` holds the current row of an enclosing query level while a correlated subquery runs;
 *    the subquery expression saves the old value, sets it, runs the subquery and restores it.
 * 4. Named parameters are looked up case-insensitively; a leading `@` in the supplied name is ignored.
 */
import { SqlError, SqlState } from '../common/errors';
import type { Row, Value } from '../common/values/value';
import type { Transaction } from '../level3-objects/transaction';

/** Parameter values of one execution: `?` by position, `@name` by name (case as given). */
export interface Params {
  readonly positional: readonly Value[];
  readonly named: ReadonlyMap<string, Value>;
}

/** No parameters. */
export const NO_PARAMS: Params = Object.freeze({ positional: Object.freeze([]) as readonly Value[], named: new Map() });

/** The state of one execution of a plan. */
export class ExecContext {
  readonly tx: Transaction;
  readonly params: Params;
  /** incremented once per base-table row a rowset visits */
  rowsVisited = 0;
  private clock: Date | null;
  private frameRows: (Row | null)[] | null = null;
  private cacheMap: Map<object, unknown> | null = null;
  private namedUpper: Map<string, Value> | null = null;

  constructor(tx: Transaction, params: Params = NO_PARAMS, now: Date | null = null) {
    this.tx = tx;
    this.params = params;
    this.clock = now;
  }

  /** Current rows of enclosing query levels, by level (see invariant 3); made on first use. */
  get frames(): (Row | null)[] {
    return (this.frameRows ??= []);
  }

  /** The statement clock: read once, on first use, then fixed for the execution. */
  get now(): Date {
    return (this.clock ??= new Date());
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
