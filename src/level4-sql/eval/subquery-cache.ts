/**
 * src/level4-sql/eval/subquery-cache.ts — what a subquery computes (a value, a truth, a hash set), kept per
 * execution (ExecContext.cached) so that it is not computed again for every row that asks.
 *
 * 1. A subquery that reads no outer row gives one result per execution.
 * 2. In a query (`env.memoCorrelated`), a correlated subquery's result is kept per distinct values of the outer
 *    slots it reads (`outerKey`; one value is its own key, `valueKey`), up to MAX_CACHED_OUTER_VALUES per
 *    execution; a value that is not a plain number, string, boolean, bigint or NULL is not cached (values equal
 *    as SQL may differ in what a subquery returns of them: 1 and 1.0). Outside a query (DML, where a subquery
 *    may read rows the statement changes) nothing correlated is kept.
 * 3. While the subquery runs, the row asking is the frame of its level (`inFrame`; context.ts invariant 3).
 */
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { SubqueryPlan } from '../plan/subquery-plan';
import type { CompileEnv } from './compile-env';

/** Runs `f` with `row` as the frame of `level` (invariant 3). */
export function inFrame<T>(c: ExecContext, level: number, row: Row | null, f: () => T): T {
  const frames = c.frames;
  const saved = frames[level];
  frames[level] = row;
  const v = f();
  frames[level] = saved === undefined ? null : saved;
  return v;
}

/**
 * `run`'s result, kept per execution when `sub` is uncorrelated (invariant 1), and per distinct outer values
 * when it may be (invariant 2); `key` names the cache entry.
 */
export function memo(key: object, sub: SubqueryPlan, level: number, env: CompileEnv, run: (c: ExecContext) => unknown): (c: ExecContext, row: Row | null) => unknown {
  if (sub.outerRef !== -1) {
    const reads = sub.outerReads;
    if (!env.memoCorrelated || reads.length === 0 || reads.some(([l]) => l > level)) {
      return (c, row) => inFrame(c, level, row, () => run(c));
    }
    if (reads.length === 1) return memoByValue(key, reads[0]!, level, run);
    return (c, row) => runCached(c, key, outerKey(c, row, reads, level) ?? undefined, level, row, run);
  }
  return (c) => {
    const hit = c.cached(key);
    if (hit !== undefined) return hit;
    const v = run(c);
    c.setCached(key, v);
    return v;
  };
}

/**
 * `run`'s result kept per distinct outer values of `sub` together with the values `extra` (a correlated IN's
 * operand: its answer depends on both), where `memo` would keep `sub`'s (invariant 2); else run every time.
 */
export function memoWith(
  key: object,
  sub: SubqueryPlan,
  level: number,
  env: CompileEnv,
  run: (c: ExecContext) => unknown,
): (c: ExecContext, row: Row | null, extra: readonly Value[]) => unknown {
  const reads = sub.outerReads;
  if (!env.memoCorrelated || sub.outerRef === -1 || reads.length === 0 || reads.some(([l]) => l > level)) {
    return (c, row) => inFrame(c, level, row, () => run(c));
  }
  return (c, row, extra) => {
    const outer = outerKey(c, row, reads, level);
    const k = outer === null ? null : keyOfValues(extra, outer + '#');
    return runCached(c, key, k ?? undefined, level, row, run);
  };
}

/** Distinct outer values a correlated subquery's results are kept for, per execution (invariant 2). */
const MAX_CACHED_OUTER_VALUES = 10_000;

/** The cache keys of NULL and of -0 when the outer value itself is the key (`valueKey`). */
const NULL_KEY = Symbol('NULL');
const MINUS_ZERO_KEY = Symbol('-0');

/**
 * `memo` of a subquery reading one outer value: the value is its own cache key, which `outerKey` would spell
 * as a string made anew for every outer row (a fifth of a correlated EXISTS by key, 2,000 outer rows).
 */
function memoByValue(key: object, read: readonly [number, number], level: number, run: (c: ExecContext) => unknown): (c: ExecContext, row: Row | null) => unknown {
  const [l, slot] = read;
  return (c, row) => {
    const source = l === level ? row : c.frames[l];
    return runCached(c, key, valueKey(source === null || source === undefined ? null : (source[slot] ?? null)), level, row, run);
  };
}

/** The subquery's result for outer values `k` (undefined: not cached), kept in this execution's map under `key`. */
function runCached(c: ExecContext, key: object, k: unknown, level: number, row: Row | null, run: (c: ExecContext) => unknown): unknown {
  let cache = c.cached(key) as Map<unknown, unknown> | undefined;
  if (k !== undefined && cache !== undefined) {
    const hit = cache.get(k);
    if (hit !== undefined || cache.has(k)) return hit;
  }
  const v = inFrame(c, level, row, () => run(c));
  if (k !== undefined) {
    if (cache === undefined) c.setCached(key, (cache = new Map()));
    if (cache.size < MAX_CACHED_OUTER_VALUES) cache.set(k, v);
  }
  return v;
}

/**
 * A one-value cache key that tells apart what `outerKey` tells apart: numbers (with -0 apart from 0), strings,
 * booleans, bigints and NULL, each kind of its own (a Map compares keys by SameValueZero, so 1 and 1n, or 1
 * and '1', are different keys); undefined for any other value, which is not cached.
 */
function valueKey(v: Value): unknown {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? MINUS_ZERO_KEY : v;
    case 'string':
    case 'boolean':
    case 'bigint':
      return v;
    default:
      return v === null ? NULL_KEY : undefined;
  }
}

/**
 * The outer values a correlated subquery reads, as a cache key; null when one is not a plain number, string,
 * boolean, bigint or NULL (values equal as SQL may differ in what a subquery returns of them: 1 and 1.0).
 */
function outerKey(c: ExecContext, row: Row | null, reads: ReadonlyArray<readonly [number, number]>, level: number): string | null {
  let k = '';
  for (let i = 0; i < reads.length; i++) {
    const [l, slot] = reads[i]!;
    const source = l === level ? row : c.frames[l];
    const part = keyPart(source === null || source === undefined ? null : (source[slot] ?? null));
    if (part === null) return null;
    k += part;
  }
  return k;
}

/** `values` as a cache key after `prefix`, spelled as `outerKey` spells them; null as it would be. */
function keyOfValues(values: readonly Value[], prefix: string): string | null {
  let k = prefix;
  for (let i = 0; i < values.length; i++) {
    const part = keyPart(values[i]!);
    if (part === null) return null;
    k += part;
  }
  return k;
}

/** One value of a cache key, or null for a value that is not cached (`outerKey`). */
function keyPart(v: Value): string | null {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'd-0|' : `d${v}|`;
    case 'string':
      return `s${v.length}:${v}|`;
    case 'boolean':
      return v ? 't|' : 'f|';
    case 'bigint':
      return `b${v}|`;
    default:
      return v === null ? 'n|' : null;
  }
}
