/**
 * src/level4-sql/eval/compile-operators.ts — unary and binary operators: arithmetic, `||`, comparisons
 * (also of row values) and AND / OR / NOT, all with SQL's three-valued logic.
 *
 * 1. Types are checked once here (42804); closures only compute. Number-number comparisons and safe-integer
 *    arithmetic take a fast path before the general Contract F routines.
 * 2. AND/OR short-circuit: FALSE AND x is FALSE and TRUE OR x is TRUE without evaluating x; otherwise NULL
 *    wins over TRUE (AND) / FALSE (OR).
 * 3. Row comparison `(a, b) < (c, d)` is lexicographic: the first unequal pair decides; a NULL in a pair
 *    compared before the decision makes the result NULL; `=` is the AND of the pairs, `<>` their OR. A
 *    subquery compared with a row of n items is a row subquery: n columns, one row (none: all NULL; more: 21000).
 */
import { SqlError, SqlState } from '../../common/errors';
import { arithmetic, arithmeticType, negate, type ArithOp } from '../../common/values/arith';
import { sqlCompare } from '../../common/values/compare';
import { formatValue } from '../../common/values/format';
import { BLOB, BOOLEAN, CHAR, isNumericKind, typeToSql, type SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { Binary, BinaryOp, Expr, Unary } from '../parse';
import { compiled, type Compiled, type EvalFn, tryFold } from './compiled';
import { documentComparison } from './compile-document';
import { columnColumn, columnConstant, columnExpr } from './compare-specialised';
import type { CompileEnv } from './compile-env';
import { compileRowSubquery } from './compile-subquery';
import type { Scope } from './scope';
import { atPosition, checkBoolean, checkComparable } from './type-rules';

/** Compiles a sub-expression in the same scope and env. */
export type Recurse = (e: Expr, scope: Scope, env: CompileEnv) => Compiled;

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** `-x`, `+x`, `NOT x`. */
export function compileUnary(e: Unary, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const x = rec(e.operand, scope, env);
  const f = x.eval;
  if (e.op === 'NOT') {
    checkBoolean(x, 'NOT', e.position);
    return tryFold(
      compiled({ type: BOOLEAN, text: `NOT ${x.text}`, refs: x.refs, eval: (c, r) => not(f(c, r)) }),
      [x],
    );
  }
  if (!x.dynamic && x.type.kind !== 'NULL' && x.type.kind !== 'INTERVAL' && !isNumericKind(x.type.kind)) {
    throw SqlError.of(SqlState.DatatypeMismatch, [`operator ${e.op} cannot be applied to ${typeToSql(x.type)}`], {
      position: e.position,
    });
  }
  if (e.op === '+') return x;
  const t = x.type;
  return tryFold(
    compiled({ type: t, text: `-${x.text}`, refs: x.refs, dynamic: x.dynamic, eval: (c, r) => negate(f(c, r), t) }),
    [x],
  );
}

/** Three-valued NOT. */
export function not(v: Value): Value {
  return v === null ? null : !v;
}

/** Any binary operator. */
export function compileBinary(e: Binary, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.left.kind === 'RowValue' || e.right.kind === 'RowValue') return compileRowCompare(e, scope, env, rec);
  const l = rec(e.left, scope, env);
  const r = rec(e.right, scope, env);
  const text = `${l.text} ${e.op} ${r.text}`;
  let c: Compiled;
  switch (e.op) {
    case 'AND':
    case 'OR':
      checkBoolean(l, e.op, e.left.position);
      checkBoolean(r, e.op, e.right.position);
      c = compiled({ type: BOOLEAN, text, refs: Math.max(l.refs, r.refs), eval: logic(e.op, l.eval, r.eval) });
      break;
    case '||':
      c = concatenation(l, r, text);
      break;
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      c = documentComparison(e.op, e.left, e.right, l, r) ?? comparison(e.op, l, r, e.position);
      break;
    default:
      c = arithmeticOp(e.op, l, r, e.position, text);
  }
  return tryFold(c, [l, r]);
}

function logic(op: 'AND' | 'OR', lf: EvalFn, rf: EvalFn): EvalFn {
  if (op === 'AND') {
    return (c, row) => {
      const a = lf(c, row);
      if (a === false) return false;
      const b = rf(c, row);
      if (b === false) return false;
      return a === null || b === null ? null : true;
    };
  }
  return (c, row) => {
    const a = lf(c, row);
    if (a === true) return true;
    const b = rf(c, row);
    if (b === true) return true;
    return a === null || b === null ? null : false;
  };
}

/** `l op r` for a comparison operator, with the type check. */
export function comparison(op: CompareOp, l: Compiled, r: Compiled, position?: number): Compiled {
  checkComparable(l, r, position);
  return compiled({
    type: BOOLEAN,
    text: `${l.text} ${op} ${r.text}`,
    refs: Math.max(l.refs, r.refs),
    eval: compareCompiled(op, l, r),
  });
}

const FLIPPED: Record<CompareOp, CompareOp> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * The comparison closure, specialised when a side is a column of the current row and the other a constant
 * or another such column: one closure call per row instead of three (see compare-specialised.ts).
 */
export function compareCompiled(op: CompareOp, l: Compiled, r: Compiled): EvalFn {
  if (l.slot !== null && r.folded) return columnConstant(op, l.slot, r.value);
  if (r.slot !== null && l.folded) return columnConstant(FLIPPED[op], r.slot, l.value);
  if (l.slot !== null && r.slot !== null) return columnColumn(op, l.slot, r.slot);
  if (l.slot !== null) return columnExpr(op, l.slot, r.eval);
  if (r.slot !== null) return columnExpr(FLIPPED[op], r.slot, l.eval);
  return compareFn(op, l.eval, r.eval);
}

/** The closure of one comparison operator (3VL: NULL when either side is NULL). */
export function compareFn(op: CompareOp, lf: EvalFn, rf: EvalFn): EvalFn {
  switch (op) {
    case '=':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a === b;
        const x = sqlCompare(a, b);
        return x === null ? null : x === 0;
      };
    case '<>':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a !== b;
        const x = sqlCompare(a, b);
        return x === null ? null : x !== 0;
      };
    case '<':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a < b;
        const x = sqlCompare(a, b);
        return x === null ? null : x < 0;
      };
    case '<=':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a <= b;
        const x = sqlCompare(a, b);
        return x === null ? null : x <= 0;
      };
    case '>':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a > b;
        const x = sqlCompare(a, b);
        return x === null ? null : x > 0;
      };
    case '>=':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a >= b;
        const x = sqlCompare(a, b);
        return x === null ? null : x >= 0;
      };
  }
}

/** True when `x` is the result of comparing with `op` (x = sqlCompare result, non-null). */
export function compareHolds(op: CompareOp, x: number): boolean {
  switch (op) {
    case '=':
      return x === 0;
    case '<>':
      return x !== 0;
    case '<':
      return x < 0;
    case '<=':
      return x <= 0;
    case '>':
      return x > 0;
    case '>=':
      return x >= 0;
  }
}

function arithmeticOp(op: ArithOp, l: Compiled, r: Compiled, position: number, text: string): Compiled {
  let type: SqlType;
  try {
    type = arithmeticType(op, l.type, r.type);
  } catch (e) {
    throw atPosition(e, position);
  }
  const lf = l.eval;
  const rf = r.eval;
  const dynamic = l.dynamic || r.dynamic;
  let ev: EvalFn = (c, row) => arithmetic(op, lf(c, row), rf(c, row), type);
  if (!dynamic && (type.kind === 'INTEGER' || type.kind === 'REAL') && (op === '+' || op === '-' || op === '*')) {
    ev = fastArithmetic(op, lf, rf, type);
  }
  return compiled({ type, text, refs: Math.max(l.refs, r.refs), dynamic, eval: ev });
}

/** + - * on two numbers inline; anything else, an unsafe INTEGER or a non-finite REAL (22003) goes the slow way. */
function fastArithmetic(op: '+' | '-' | '*', lf: EvalFn, rf: EvalFn, type: SqlType): EvalFn {
  const exactInt = type.kind === 'INTEGER';
  const slow = (a: Value, b: Value): Value => arithmetic(op, a, b, type);
  switch (op) {
    case '+':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') {
          const x = a + b;
          if (exactInt ? Number.isSafeInteger(x) : x - x === 0) return x;
        }
        return slow(a, b);
      };
    case '-':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') {
          const x = a - b;
          if (exactInt ? Number.isSafeInteger(x) : x - x === 0) return x;
        }
        return slow(a, b);
      };
    case '*':
      return (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (typeof a === 'number' && typeof b === 'number') {
          const x = a * b;
          if (exactInt ? Number.isSafeInteger(x) && x !== 0 : x - x === 0) return x;
        }
        return slow(a, b);
      };
  }
}

function concatenation(l: Compiled, r: Compiled, text: string): Compiled {
  const lf = l.eval;
  const rf = r.eval;
  if (l.type.kind === 'BLOB' && r.type.kind === 'BLOB') {
    return compiled({
      type: BLOB,
      text,
      refs: Math.max(l.refs, r.refs),
      eval: (c, row) => {
        const a = lf(c, row);
        const b = rf(c, row);
        if (a === null || b === null) return null;
        const x = new Uint8Array((a as Uint8Array).length + (b as Uint8Array).length);
        x.set(a as Uint8Array, 0);
        x.set(b as Uint8Array, (a as Uint8Array).length);
        return x;
      },
    });
  }
  const lt = l.type;
  const rt = r.type;
  return compiled({
    type: CHAR,
    text,
    refs: Math.max(l.refs, r.refs),
    eval: (c, row) => {
      const a = lf(c, row);
      if (a === null) return null;
      const b = rf(c, row);
      if (b === null) return null;
      return (typeof a === 'string' ? a : formatValue(a, lt)) + (typeof b === 'string' ? b : formatValue(b, rt));
    },
  });
}

/** One side of a row comparison: its items, and for a row subquery the evaluation that fills them. */
interface RowSide {
  readonly items: Compiled[];
  /** set for a row subquery: evaluates it and makes `items` read its row */
  readonly load: ((c: ExecContext, row: Row | null) => void) | null;
}

/** A row value's items; a subquery compared with a row of `width` items is a row subquery (one row). */
function rowSide(e: Expr, width: number, scope: Scope, env: CompileEnv, rec: Recurse): RowSide {
  if (e.kind === 'RowValue') return { items: e.items.map((x) => rec(x, scope, env)), load: null };
  if (e.kind !== 'ScalarSubquery' || width < 2) return { items: [rec(e, scope, env)], load: null };
  const sub = compileRowSubquery(e, width, scope, env);
  let cur: readonly Value[] = [];
  const items = sub.types.map((type, i) => compiled({ type, text: `(subquery).${i + 1}`, refs: sub.refs, eval: () => cur[i] ?? null }));
  return {
    items,
    load: (c, row) => {
      cur = sub.get(c, row);
    },
  };
}

/** `(a, b) op (c, d)` — see invariant 3. */
function compileRowCompare(e: Binary, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const op = e.op;
  if (!isCompareOp(op)) {
    throw SqlError.of(SqlState.DatatypeMismatch, [`operator ${op} cannot be applied to row values`], {
      position: e.position,
    });
  }
  const widthOf = (x: Expr): number => (x.kind === 'RowValue' ? x.items.length : 1);
  const left = rowSide(e.left, widthOf(e.right), scope, env, rec);
  const right = rowSide(e.right, widthOf(e.left), scope, env, rec);
  const ls = left.items;
  const rs = right.items;
  if (ls.length !== rs.length) {
    throw SqlError.of(SqlState.SyntaxError, ['unequal number of entries in row expressions'], { position: e.position });
  }
  ls.forEach((l, i) => checkComparable(l, rs[i]!, e.position));
  const lfs = ls.map((x) => x.eval);
  const rfs = rs.map((x) => x.eval);
  const refs = Math.max(...ls.map((x) => x.refs), ...rs.map((x) => x.refs));
  const text = `(${ls.map((x) => x.text).join(', ')}) ${op} (${rs.map((x) => x.text).join(', ')})`;
  const cmp = rowCompareFn(op, lfs, rfs);
  const ll = left.load;
  const rl = right.load;
  if (ll === null && rl === null) return compiled({ type: BOOLEAN, text, refs, eval: cmp });
  return compiled({
    type: BOOLEAN,
    text,
    refs,
    eval: (c, row) => {
      if (ll !== null) ll(c, row);
      if (rl !== null) rl(c, row);
      return cmp(c, row);
    },
  });
}

/** The closure comparing two rows of evaluators with `op` (invariant 3). */
export function rowCompareFn(op: CompareOp, lfs: readonly EvalFn[], rfs: readonly EvalFn[]): EvalFn {
  const n = lfs.length;
  if (op === '=' || op === '<>') {
    const eq = op === '=';
    return (c, row) => {
      let sawNull = false;
      for (let i = 0; i < n; i++) {
        const x = sqlCompare(lfs[i]!(c, row), rfs[i]!(c, row));
        if (x === null) sawNull = true;
        else if (x !== 0) return !eq;
      }
      return sawNull ? null : eq;
    };
  }
  return (c, row) => {
    for (let i = 0; i < n; i++) {
      const x = sqlCompare(lfs[i]!(c, row), rfs[i]!(c, row));
      if (x === null) return null;
      if (x !== 0) return compareHolds(op, x);
    }
    return op === '<=' || op === '>=';
  };
}

/** True for = <> < <= > >=. */
export function isCompareOp(op: BinaryOp): op is CompareOp {
  return op === '=' || op === '<>' || op === '<' || op === '<=' || op === '>' || op === '>=';
}
