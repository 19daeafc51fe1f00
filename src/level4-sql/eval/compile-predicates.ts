/**
 * src/level4-sql/eval/compile-predicates.ts — IS [NOT] NULL, IS [NOT] TRUE/FALSE/UNKNOWN,
 * IS [NOT] DISTINCT FROM, [NOT] BETWEEN, [NOT] IN (list) and [NOT] LIKE.
 *
 * 1. Three-valued logic throughout: `x IN (1, NULL)` is NULL when x is 2; BETWEEN is `x >= lo AND x <= hi`.
 *    An empty list (SQLite's extension) makes IN false and NOT IN true, even for a NULL operand.
 * 2. An IN list of constants (at least four, all of one comparable family) is a hash set built once at
 *    compile time, so `x IN (…1000 values…)` costs one Map probe per row.
 * 3. LIKE compiles its pattern once when it is constant, otherwise once per distinct pattern value seen.
 */
import { docCompare } from './compile-document';
import { selectorOf } from './compile-selector';
import { assert } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import { sqlCompare } from '../../common/values/compare';
import { typeOfValue } from '../../common/values/cast';
import { BOOLEAN, typeToSql } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { Between, Expr, InList, IsDistinct, IsNull, IsTruth, Like, QuantifiedArray } from '../parse';
import { compiled, type Compiled, constant, type EvalFn, maxRefs, tryFold } from './compiled';
import type { CompileEnv } from './compile-env';
import { type CompareOp, compareFn, not, type Recurse, rowCompareFn } from './compile-operators';
import { hashKey, type HashKey } from './hash-key';
import { compileLike, compileSimilar } from './like';
import type { Scope } from './scope';
import { atPosition, checkBoolean, checkChar, checkComparable, isTemporal } from './type-rules';

/** `x IS [NOT] NULL` (a row value is NULL when all its items are). */
export function compileIsNull(e: IsNull, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const items = e.operand.kind === 'RowValue' ? e.operand.items.map((x) => rec(x, scope, env)) : [rec(e.operand, scope, env)];
  const fs = items.map((x) => x.eval);
  const neg = e.not;
  let ev: EvalFn;
  if (fs.length === 1) {
    const f = fs[0]!;
    ev = neg ? (c, r) => f(c, r) !== null : (c, r) => f(c, r) === null;
  } else {
    ev = (c, r) => {
      let nulls = 0;
      for (const f of fs) if (f(c, r) === null) nulls++;
      return neg ? nulls === 0 : nulls === fs.length;
    };
  }
  const text = `${items.map((x) => x.text).join(', ')} IS ${neg ? 'NOT ' : ''}NULL`;
  return tryFold(compiled({ type: BOOLEAN, text, refs: maxRefs(items), eval: ev }), items);
}

/** `(a, b) [NOT] BETWEEN (c, d) AND (e, f)`: `x >= low AND x <= high` by row comparisons. */
function compileRowBetween(e: Between, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const span = { position: e.position, end: e.end };
  const cmp = (op: '>=' | '<=', bound: Expr): Compiled => rec({ kind: 'Binary', op, left: e.operand, right: bound, ...span }, scope, env);
  const ge = cmp('>=', e.low);
  const le = cmp('<=', e.high);
  const parts = [ge, le];
  let ev = betweenTest(ge.eval, le.eval, e.not);
  let text = `${e.not ? 'NOT ' : ''}(${ge.text} AND ${le.text})`;
  if (e.symmetric) {
    const ge2 = cmp('>=', e.high);
    const le2 = cmp('<=', e.low);
    parts.push(ge2, le2);
    ev = symmetricTest(ge.eval, le.eval, ge2.eval, le2.eval, e.not);
    text = `${e.not ? 'NOT ' : ''}((${ge.text} AND ${le.text}) OR (${ge2.text} AND ${le2.text}))`;
  }
  return tryFold(compiled({ type: BOOLEAN, text, refs: maxRefs(parts), eval: ev }), parts);
}

/** `x BETWEEN lo AND hi` from its two comparisons, `ge` (x >= lo) and `le` (x <= hi): three-valued AND, negated
 *  by `neg`; `le` is not evaluated when `ge` is false. */
function betweenTest(ge: EvalFn, le: EvalFn, neg: boolean): EvalFn {
  return (c, r) => {
    const a = ge(c, r);
    if (a === false) return neg;
    const b = le(c, r);
    if (b === false) return neg;
    if (a === null || b === null) return null;
    return !neg;
  };
}

/** `x BETWEEN SYMMETRIC lo AND hi`: the standard's `(x BETWEEN lo AND hi) OR (x BETWEEN hi AND lo)`, in three
 *  values (a NULL bound makes the whole NULL unless the other order is true), negated by `neg`. */
function symmetricTest(ge: EvalFn, le: EvalFn, ge2: EvalFn, le2: EvalFn, neg: boolean): EvalFn {
  const first = betweenTest(ge, le, false);
  const second = betweenTest(ge2, le2, false);
  return (c, r) => {
    const a = first(c, r);
    if (a === true) return !neg;
    const b = second(c, r);
    if (b === true) return !neg;
    if (a === null || b === null) return null;
    return neg;
  };
}

/** `x IS [NOT] TRUE | FALSE | UNKNOWN` — never NULL. */
export function compileIsTruth(e: IsTruth, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const x = rec(e.operand, scope, env);
  checkBoolean(x, 'IS', e.position);
  const f = x.eval;
  const want = e.truth;
  const neg = e.not;
  const ev: EvalFn = (c, r) => (f(c, r) === want) !== neg;
  const text = `${x.text} IS ${neg ? 'NOT ' : ''}${want === null ? 'UNKNOWN' : want ? 'TRUE' : 'FALSE'}`;
  return tryFold(compiled({ type: BOOLEAN, text, refs: x.refs, eval: ev }), [x]);
}

/** True when two values are distinct in the IS DISTINCT FROM sense (NULL is not distinct from NULL). */
export function distinct(a: Value, b: Value): boolean {
  if (a === null) return b !== null;
  if (b === null) return true;
  return sqlCompare(a, b) !== 0;
}

/** `a IS [NOT] DISTINCT FROM b` (row values pairwise). */
export function compileIsDistinct(e: IsDistinct, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const ls = e.left.kind === 'RowValue' ? e.left.items.map((x) => rec(x, scope, env)) : [rec(e.left, scope, env)];
  const rs = e.right.kind === 'RowValue' ? e.right.items.map((x) => rec(x, scope, env)) : [rec(e.right, scope, env)];
  if (ls.length !== rs.length) {
    throw SqlError.of(SqlState.SyntaxError, ['unequal number of entries in row expressions'], { position: e.position });
  }
  ls.forEach((l, i) => checkComparable(l, rs[i]!, e.position));
  const lfs = ls.map((x) => x.eval);
  const rfs = rs.map((x) => x.eval);
  const neg = e.not;
  const ev: EvalFn = (c, r) => {
    let d = false;
    for (let i = 0; i < lfs.length && !d; i++) d = distinct(lfs[i]!(c, r), rfs[i]!(c, r));
    return d !== neg;
  };
  const all = [...ls, ...rs];
  const text = `${ls.map((x) => x.text).join(', ')} IS ${neg ? 'NOT ' : ''}DISTINCT FROM ${rs.map((x) => x.text).join(', ')}`;
  return tryFold(compiled({ type: BOOLEAN, text, refs: maxRefs(all), eval: ev }), all);
}

/** `x [NOT] BETWEEN lo AND hi`. */
export function compileBetween(e: Between, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.operand.kind === 'RowValue' || e.low.kind === 'RowValue' || e.high.kind === 'RowValue') return compileRowBetween(e, scope, env, rec);
  const x = rec(e.operand, scope, env);
  const lo = rec(e.low, scope, env);
  const hi = rec(e.high, scope, env);
  const docs = selectorOf(x) !== undefined || selectorOf(lo) !== undefined || selectorOf(hi) !== undefined;
  if (!docs) {
    checkComparable(x, lo, e.position);
    checkComparable(x, hi, e.position);
  }
  // a document selector compares by the document rules (compile-document.ts invariant 4)
  const cmp = (op: '>=' | '<=', bound: Compiled): EvalFn => (docs ? docCompareFn(op, x.eval, bound.eval) : compareFn(op, x.eval, bound.eval));
  const neg = e.not;
  const ev = e.symmetric
    ? symmetricTest(cmp('>=', lo), cmp('<=', hi), cmp('>=', hi), cmp('<=', lo), neg)
    : betweenTest(cmp('>=', lo), cmp('<=', hi), neg);
  const text = `${x.text} ${neg ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${lo.text} AND ${hi.text}`;
  return tryFold(compiled({ type: BOOLEAN, text, refs: maxRefs([x, lo, hi]), eval: ev }), [x, lo, hi]);
}

/**
 * `x op ANY | ALL (array)` (PostgreSQL's, for an array parameter): each element compared with x by the document
 * rules (compile-document.ts invariant 4), folded in three values — ANY true when one comparison is, ALL false
 * when one is, else NULL if one was NULL; an empty array makes ANY false and ALL true. A NULL array is NULL; a
 * value that is no array is 42804.
 */
export function compileQuantifiedArray(e: QuantifiedArray, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const x = rec(e.operand, scope, env);
  const a = rec(e.array, scope, env);
  const what = `${e.all ? 'ALL' : 'ANY'} (…)`;
  if (!a.dynamic && a.type.kind !== 'DOCARRAY' && a.type.kind !== 'NULL') {
    throw SqlError.of(SqlState.DatatypeMismatch, [`${what} compares with an array (a DOCARRAY or an array parameter) or a subquery, not ${typeToSql(a.type)}`], { position: e.position });
  }
  const xf = x.eval;
  const af = a.eval;
  const { op, all } = e;
  const ev: EvalFn = (c, r) => {
    const arr = af(c, r);
    if (arr === null) return null;
    if (!Array.isArray(arr)) throw SqlError.of(SqlState.DatatypeMismatch, [`${what} compares with an array, not ${typeToSql(typeOfValue(arr))}`]);
    const v = xf(c, r);
    let sawNull = false;
    for (const w of arr as Value[]) {
      const holds = docCompare(op, v, w ?? null);
      if (holds === null) sawNull = true;
      else if (holds !== all) return holds;
    }
    return sawNull ? null : all;
  };
  const text = `${x.text} ${op} ${all ? 'ALL' : 'ANY'} (${a.text})`;
  return tryFold(compiled({ type: BOOLEAN, text, refs: maxRefs([x, a]), eval: ev }), [x, a]);
}

/** `x [NOT] IN (a, b, …)`. */
export function compileInList(e: InList, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.operand.kind === 'RowValue') return compileRowInList(e, scope, env, rec);
  const x = rec(e.operand, scope, env);
  const items = e.list.map((i) => rec(i, scope, env));
  const docs = selectorOf(x) !== undefined || items.some((i) => selectorOf(i) !== undefined);
  if (!docs) for (const it of items) checkComparable(x, it, e.position);
  const neg = e.not;
  if (items.length === 0) return constant(neg, BOOLEAN, `${x.text} ${neg ? 'NOT ' : ''}IN ()`);
  const text = `${x.text} ${neg ? 'NOT ' : ''}IN (${items.map((i) => i.text).join(', ')})`;
  const refs = maxRefs([x, ...items]);
  const hashed = docs ? null : hashableList(x, items);
  const ev = docs
    ? docIn(x.eval, items.map((i) => i.eval))
    : hashed !== null
      ? hashedIn(x.eval, hashed.set, hashed.hasNull)
      : linearIn(x.eval, items.map((i) => i.eval));
  const res: EvalFn = neg ? (c, r) => not(ev(c, r)) : ev;
  return tryFold(compiled({ type: BOOLEAN, text, refs, eval: res }), [x, ...items]);
}

function hashableList(x: Compiled, items: readonly Compiled[]): { set: Set<HashKey>; hasNull: boolean } | null {
  if (items.length < 4 || x.dynamic || isTemporal(x.type) || x.type.kind === 'BOOLEAN') return null;
  const set = new Set<HashKey>();
  let hasNull = false;
  for (const it of items) {
    if (!it.folded) return null;
    if (it.value === null) hasNull = true;
    else if (typeof it.value === 'string' && x.type.kind !== 'CHAR' && x.type.kind !== 'NULL') return null;
    else set.add(hashKey(it.value));
  }
  return { set, hasNull };
}

function hashedIn(xf: EvalFn, set: Set<HashKey>, hasNull: boolean): EvalFn {
  return (c, r) => {
    const v = xf(c, r);
    if (v === null) return null;
    if (set.has(hashKey(v))) return true;
    return hasNull ? null : false;
  };
}

/** IN over document values: equal by the document rules (different type classes are unequal, not errors). */
function docIn(xf: EvalFn, fs: readonly EvalFn[]): EvalFn {
  return (c, r) => {
    const v = xf(c, r);
    if (v === null) return null;
    let sawNull = false;
    for (const f of fs) {
      const k = docCompare('=', v, f(c, r));
      if (k === true) return true;
      if (k === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

/** A comparison closure with the document rules. */
function docCompareFn(op: CompareOp, lf: EvalFn, rf: EvalFn): EvalFn {
  return (c, r) => docCompare(op, lf(c, r), rf(c, r));
}

function linearIn(xf: EvalFn, fs: readonly EvalFn[]): EvalFn {
  return (c, r) => {
    const v = xf(c, r);
    if (v === null) return null;
    let sawNull = false;
    for (const f of fs) {
      const k = sqlCompare(v, f(c, r));
      if (k === 0) return true;
      if (k === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

function compileRowInList(e: InList, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const op = e.operand;
  assert(op.kind === 'RowValue', 'row IN list without a row operand');
  const xs = op.items.map((i) => rec(i, scope, env));
  const rows = e.list.map((item) => {
    const its = item.kind === 'RowValue' ? item.items.map((i) => rec(i, scope, env)) : [rec(item, scope, env)];
    if (its.length !== xs.length) {
      throw SqlError.of(SqlState.SyntaxError, ['unequal number of entries in row expressions'], { position: item.position });
    }
    its.forEach((it, i) => checkComparable(xs[i]!, it, item.position));
    return its;
  });
  const xfs = xs.map((x) => x.eval);
  const eqs = rows.map((its) => rowCompareFn('=', xfs, its.map((i) => i.eval)));
  const neg = e.not;
  const ev: EvalFn = (c, r) => {
    let sawNull = false;
    for (const eq of eqs) {
      const k = eq(c, r);
      if (k === true) return !neg;
      if (k === null) sawNull = true;
    }
    return sawNull ? null : neg;
  };
  const all = [...xs, ...rows.flat()];
  return tryFold(compiled({ type: BOOLEAN, text: `(row) ${neg ? 'NOT ' : ''}IN (…)`, refs: maxRefs(all), eval: ev }), all);
}

/** `x [NOT] LIKE pattern [ESCAPE c]` and `x [NOT] SIMILAR TO pattern [ESCAPE c]`. */
/** ILIKE: LIKE over both sides lower-cased (the escape character too, so that it still marks what it marked). */
function compileIlike(pattern: string, escape: string | null): (s: string) => boolean {
  const m = compileLike(pattern.toLowerCase(), escape === null ? null : escape.toLowerCase());
  return (s) => m(s.toLowerCase());
}

export function compileLikeExpr(e: Like, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const x = rec(e.operand, scope, env);
  const p = rec(e.pattern, scope, env);
  const esc = e.escape === null ? null : rec(e.escape, scope, env);
  const op = e.similar ? 'SIMILAR TO' : e.caseInsensitive === true ? 'ILIKE' : 'LIKE';
  const compilePattern = e.similar ? compileSimilar : e.caseInsensitive === true ? compileIlike : compileLike;
  checkChar(x, op, e.operand.position);
  checkChar(p, op, e.pattern.position);
  if (esc !== null) checkChar(esc, 'ESCAPE', e.escape?.position);
  const xf = x.eval;
  const pf = p.eval;
  const ef = esc === null ? null : esc.eval;
  const neg = e.not;
  let lastPattern: string | null = null;
  let lastEscape: string | null = null;
  let matcher: ((s: string) => boolean) | null = null;
  /** The pattern compiled, or its error at the pattern's (or a bad escape character's) position. */
  const compileAt = (pattern: string, escape: string | null): ((s: string) => boolean) => {
    try {
      return compilePattern(pattern, escape);
    } catch (err) {
      const bad = err instanceof SqlError && err.sqlState === SqlState.InvalidEscapeCharacter ? e.escape : e.pattern;
      throw atPosition(err, bad?.position);
    }
  };
  if (p.folded && typeof p.value === 'string' && (esc === null || (esc.folded && typeof esc.value === 'string'))) {
    // a constant pattern is compiled here, so that a bad one is refused when the statement is planned
    lastPattern = p.value;
    lastEscape = esc === null ? null : (esc.value as string);
    matcher = compileAt(lastPattern, lastEscape);
  }
  const ev: EvalFn = (c, r) => {
    const s = xf(c, r);
    if (s === null) return null;
    const pat = pf(c, r);
    if (pat === null) return null;
    const es = ef === null ? null : ef(c, r);
    if (ef !== null && es === null) return null;
    let m: (s: string) => boolean;
    if (matcher === null || pat !== lastPattern || es !== lastEscape) {
      m = compileAt(String(pat), es === null ? null : String(es));
      matcher = m;
      lastPattern = pat as string;
      lastEscape = es as string | null;
    } else {
      m = matcher;
    }
    return m(String(s)) !== neg;
  };
  const all = esc === null ? [x, p] : [x, p, esc];
  const text = `${x.text} ${neg ? 'NOT ' : ''}${op} ${p.text}`;
  return tryFold(compiled({ type: BOOLEAN, text, refs: maxRefs(all), eval: ev }), all);
}
