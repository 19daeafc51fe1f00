/**
 * src/level4-sql/plan/conjunct.ts — Conj: one AND-ed condition of a WHERE or ON clause, with the FROM items
 * (leaves) it reads, ready to be compiled wherever the planner places it.
 *
 * 1. `leaves` are found by compiling once with the env's leaf recorder on; a conjunct with no leaves does
 *    not read the current query level's rows (a constant, a parameter, an outer reference): it can gate a
 *    rowset (evaluated once per open) or fix an index key.
 * 2. Comparisons and BETWEEN keep their sides separately, each with its own leaves, so the planner can find
 *    index keys (`col = value`) and equi-join keys (`left.col = right.col`).
 * 3. A conjunct is compiled for the scope of the node that applies it (`compileAt`), so its closures read
 *    that node's row layout.
 * 4. `subject = {template}` also carries the index keys its template fixes (template-keys.ts).
 * 5. `x IN (a, b, …)` and `x = ANY (array)` (neither negated, x no row value) keep their operand and values as
 *    sides (`anyOf`, analysed when the planner first asks, for a table with an index), so that the planner can
 *    look each value up in an index on x (access-path.ts invariant 6).
 *    So does `x = a OR x = b …` over one column x, which is `x IN (a, b, …)` (`orOfEqualities`).
 */
import { assert } from '../../common/assert';
import type { Compiled } from '../eval/compiled';
import { compile } from '../eval/compile';
import type { CompileEnv } from '../eval/compile-env';
import { comparison, isCompareOp, type CompareOp } from '../eval/compile-operators';
import { compiled as makeCompiled } from '../eval/compiled';
import type { Scope, ScopeEntry } from '../eval/scope';
import { exprText } from '../eval/expr-text';
import type { DocumentLiteral, Expr } from '../parse';
import { type TemplateKey, templateKeys } from './template-keys';

/** One side of a comparison. */
export interface Side {
  readonly leaves: ReadonlySet<number>;
  compileAt(scope: Scope): Compiled;
}

/** One conjunct (see the file header). */
export interface Conj {
  readonly leaves: ReadonlySet<number>;
  compileAt(scope: Scope): Compiled;
  readonly cmp: { readonly op: CompareOp; readonly left: Side; readonly right: Side } | null;
  readonly between: { readonly operand: Side; readonly low: Side; readonly high: Side } | null;
  /** the expression it was made from (absent for the equalities of USING / NATURAL); pushdown.ts reads it */
  readonly expr?: Expr;
  /** for `subject = {template}`: the index keys the template fixes for the table at `leaf` (template-keys.ts) */
  readonly templateKeys?: (scope: Scope, leaf: number) => TemplateKey[];
  /** `x IN (items)` or `x = ANY (array)` (invariant 5); its sides are analysed when first asked for, once */
  readonly anyOf?: () => AnyOf;
}

/** The operand of `x IN (a, b, …)` with its items, or of `x = ANY (array)` with its array (one of the two). */
export interface AnyOf {
  readonly operand: Side;
  readonly items: readonly Side[] | null;
  readonly array: Side | null;
}

/** Compiles `e` with aggregates forbidden (`clause` names the clause in the message). */
export function compileIn(e: Expr, scope: Scope, env: CompileEnv, clause: string): Compiled {
  const saved = env.noAggregates;
  const savedG = env.grouping;
  env.noAggregates = clause;
  env.grouping = null;
  try {
    return compile(e, scope, env);
  } finally {
    env.noAggregates = saved;
    env.grouping = savedG;
  }
}

function side(e: Expr, scope: Scope, env: CompileEnv, clause: string): Side {
  const { leaves } = env.recordLeaves(scope.level, () => compileIn(e, scope, env, clause));
  return { leaves, compileAt: (s) => compileIn(e, s, env, clause) };
}

/** A conjunct from an expression, analysed in `scope` (a scope holding every leaf it may read). */
export function conjFromExpr(e: Expr, scope: Scope, env: CompileEnv, clause: string): Conj {
  const { leaves } = env.recordLeaves(scope.level, () => compileIn(e, scope, env, clause));
  let cmp: Conj['cmp'] = null;
  let between: Conj['between'] = null;
  if (e.kind === 'Binary' && isCompareOp(e.op) && e.left.kind !== 'RowValue' && e.right.kind !== 'RowValue') {
    cmp = { op: e.op, left: side(e.left, scope, env, clause), right: side(e.right, scope, env, clause) };
  } else if (e.kind === 'Between' && !e.not && !e.symmetric && e.operand.kind !== 'RowValue') {
    between = {
      operand: side(e.operand, scope, env, clause),
      low: side(e.low, scope, env, clause),
      high: side(e.high, scope, env, clause),
    };
  }
  let keys: Conj['templateKeys'];
  if (e.kind === 'Binary' && e.op === '=' && (e.left.kind === 'DocumentLiteral' || e.right.kind === 'DocumentLiteral')) {
    const [subject, literal] = e.right.kind === 'DocumentLiteral' ? [e.left, e.right] : [e.right, e.left as DocumentLiteral];
    keys = (s, leaf) => templateKeys(subject, literal.value, s, leaf, (x, at) => compileIn(x, at, env, clause));
  }
  let make: (() => AnyOf) | undefined;
  if (e.kind === 'InList' && !e.not && e.operand.kind !== 'RowValue' && e.list.length > 0) {
    make = () => ({ operand: side(e.operand, scope, env, clause), items: e.list.map((i) => side(i, scope, env, clause)), array: null });
  } else if (e.kind === 'QuantifiedArray' && e.op === '=' && !e.all && e.operand.kind !== 'RowValue') {
    make = () => ({ operand: side(e.operand, scope, env, clause), items: null, array: side(e.array, scope, env, clause) });
  } else if (e.kind === 'Binary' && e.op === 'OR') {
    const eqs = orOfEqualities(e);
    if (eqs !== null) make = () => ({ operand: side(eqs.column, scope, env, clause), items: eqs.values.map((v) => side(v, scope, env, clause)), array: null });
  }
  // compiling every value to learn what it reads is work only a table with an index on x needs (access-path.ts)
  let made: AnyOf | undefined;
  const anyOf = make === undefined ? undefined : () => (made ??= make());
  return { leaves, compileAt: (s) => compileIn(e, s, env, clause), cmp, between, templateKeys: keys, expr: e, anyOf };
}

/**
 * `c = a OR c = b OR …` (either side of each `=`) with one column reference `c` named alike in every disjunct:
 * the column and the values (invariant 5); null for any other OR. Which side is the column is settled by the
 * planner (a value that reads the column is no key).
 */
function orOfEqualities(e: Expr): { column: Expr; values: Expr[] } | null {
  const disjuncts: Expr[] = [];
  const flatten = (x: Expr): void => {
    if (x.kind === 'Binary' && x.op === 'OR') {
      flatten(x.left);
      flatten(x.right);
    } else disjuncts.push(x);
  };
  flatten(e);
  let column: Expr | null = null;
  let name = '';
  const values: Expr[] = [];
  for (const d of disjuncts) {
    if (d.kind !== 'Binary' || d.op !== '=') return null;
    const leftIsColumn: boolean = d.left.kind === 'ColumnRef' && (name === '' || exprText(d.left) === name);
    const col: Expr = leftIsColumn ? d.left : d.right;
    const value: Expr = leftIsColumn ? d.right : d.left;
    if (col.kind !== 'ColumnRef' || value.kind === 'RowValue') return null;
    if (column === null) {
      column = col;
      name = exprText(col);
    } else if (exprText(col) !== name) return null;
    values.push(value);
  }
  return column === null ? null : { column, values };
}

/** A direct read of the column whose entry has `key`, in whatever scope the node has. */
export function entrySide(entry: ScopeEntry): Side {
  return {
    leaves: new Set([entry.leaf]),
    compileAt: (s) => {
      const e = s.entries.find((x) => x.key === entry.key);
      assert(e !== undefined, `column ${entry.name} is not in the join's scope`);
      const idx = e.index;
      return makeCompiled({
        type: e.type,
        text: `${entry.table ?? ''}${entry.table ? '.' : ''}${entry.name}`,
        refs: s.level,
        column: { entry: e, level: s.level },
        eval: (_c, row) => {
          const v = row![idx];
          return v === undefined ? null : v;
        },
      });
    },
  };
}

/** `l = r` between two columns (the condition of JOIN … USING / NATURAL JOIN). */
export function equalityConj(l: ScopeEntry, r: ScopeEntry): Conj {
  const ls = entrySide(l);
  const rs = entrySide(r);
  return {
    leaves: new Set([l.leaf, r.leaf]),
    compileAt: (s) => comparison('=', ls.compileAt(s), rs.compileAt(s)),
    cmp: { op: '=', left: ls, right: rs },
    between: null,
  };
}
