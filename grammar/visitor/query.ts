/**
 * grammar/visitor/query.ts — QueryVisitor: CST → AST for query expressions, FROM items, ORDER BY and limits.
 *
 * 1. The parser leaves a set-operation chain flat; `setOperations` groups it (INTERSECT binds tighter than UNION
 *    and EXCEPT, each level left-associative).
 * 2. `OFFSET n ROWS FETCH FIRST m ROWS ONLY` becomes `offset`/`limit`; `FETCH FIRST ROW ONLY` without a count
 *    means 1 (a Literal spanning the FETCH clause).
 * 3. A parenthesised join keeps no parentheses in the AST; giving it an alias is a syntax error (the AST's Join
 *    has no alias).
 */
import type { CstNode } from 'chevrotain';
import type { Expr, Parameter } from '../ast/expression';
import type {
  CommonTableExpression,
  FromItem,
  JoinKind,
  LockingClause,
  OrderItem,
  QueryBody,
  QueryExpression,
  SelectCore,
  SelectItem,
  WithClause,
} from '../ast/query';
import type * as C from '../cst.generated';
import type { PsmTarget } from '../ast/psm';
import { syntaxError } from '../syntax-error';
import { SqlError, SqlState } from '../../src/common/errors';
import { at, foldName, one, spanOf } from './cst-helpers';
import { WindowVisitor } from './window';

/** A join clause before its left operand is known. */
export interface JoinTail {
  joinKind: JoinKind;
  natural: boolean;
  right: FromItem;
  on: Expr | null;
  using: string[] | null;
  end: number;
}

/** A set operator and its quantifier. */
export interface SetOperator {
  op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  all: boolean;
}

function setOperation(operator: SetOperator, left: QueryBody, right: QueryBody): QueryBody {
  const { op, all } = operator;
  return { kind: 'SetOperation', op, all, left, right, position: left.position, end: right.end };
}

/** LIMIT / OFFSET / FETCH in AST terms. */
export interface RowLimits {
  limit: Expr | null;
  offset: Expr | null;
}

/** Builds query ASTs: query expressions, select cores, FROM items, ORDER BY and limits. */
export abstract class QueryVisitor extends WindowVisitor {
  /** set while a routine body's query statement is visited: its SELECT may have INTO (psm.ts invariant 3) */
  protected intoAllowed = false;
  /** the INTO targets of the body statement being visited */
  protected intoTargets: PsmTarget[] | undefined = undefined;
  /** defined by PsmVisitor (psm.ts) */
  abstract psmTargetList(ctx: C.PsmTargetListCstChildren, node: CstNode): PsmTarget[];

  queryExpression(ctx: C.QueryExpressionCstChildren, node: CstNode): QueryExpression {
    const o = ctx.orderByClause?.[0];
    const orderBy = o === undefined ? [] : this.orderByClause(o.children, o);
    let limits: RowLimits = { limit: null, offset: null };
    if (ctx.limitClause !== undefined) limits = this.limitClause(ctx.limitClause[0]!.children, ctx.limitClause[0]!);
    else if (ctx.offsetClause !== undefined) {
      limits = this.offsetClause(ctx.offsetClause[0]!.children, ctx.offsetClause[0]!);
    } else if (ctx.fetchClause !== undefined) {
      limits = { limit: this.fetchClause(ctx.fetchClause[0]!.children, ctx.fetchClause[0]!), offset: null };
    }
    const w = ctx.withClause?.[0];
    const lock = ctx.lockingClause?.[0];
    return {
      kind: 'QueryExpression',
      ...(w === undefined ? {} : { with: this.withClause(w.children, w) }),
      body: this.setOperations(ctx),
      orderBy,
      limit: limits.limit,
      offset: limits.offset,
      ...(lock === undefined ? {} : { lock: this.lockingClause(lock.children, lock) }),
      ...spanOf(node),
    };
  }

  lockingClause(ctx: C.LockingClauseCstChildren, node: CstNode): LockingClause {
    const of = ctx.nameList?.[0];
    return {
      kind: 'LockingClause',
      mode: one(ctx.mode).image.toUpperCase() === 'SHARE' ? 'SHARE' : 'UPDATE',
      of: of === undefined ? [] : this.nameList(of.children, of),
      skipLocked: ctx.SKIP !== undefined,
      ...spanOf(node),
    };
  }

  withClause(ctx: C.WithClauseCstChildren, node: CstNode): WithClause {
    const ctes = ctx.commonTableExpression.map((n) => this.commonTableExpression(n.children, n));
    return { kind: 'WithClause', recursive: ctx.RECURSIVE !== undefined, ctes, ...spanOf(node) };
  }

  commonTableExpression(ctx: C.CommonTableExpressionCstChildren, node: CstNode): CommonTableExpression {
    const cols = ctx.nameList?.[0];
    return {
      kind: 'CommonTableExpression',
      name: foldName(one(ctx.Name)),
      columns: cols === undefined ? null : this.nameList(cols.children, cols),
      query: this.query(one(ctx.queryExpression)),
      ...spanOf(node),
    };
  }

  /**
   * Groups `q0 op1 q1 op2 q2 …` into a tree: runs joined by INTERSECT first, then the runs left to right by
   * UNION / EXCEPT.
   */
  private setOperations(ctx: C.QueryExpressionCstChildren): QueryBody {
    const operands = ctx.queryPrimary;
    let run = this.queryPrimary(at(operands, 0).children, at(operands, 0));
    let done: QueryBody | null = null;
    let pending: SetOperator | null = null;
    for (let i = 1; i < operands.length; i++) {
      const opNode = at(ctx.setOperator, i - 1);
      const operator = this.setOperator(opNode.children, opNode);
      const right = this.queryPrimary(operands[i]!.children, operands[i]!);
      if (operator.op === 'INTERSECT') {
        run = setOperation(operator, run, right);
        continue;
      }
      done = done === null || pending === null ? run : setOperation(pending, done, run);
      pending = operator;
      run = right;
    }
    return done === null || pending === null ? run : setOperation(pending, done, run);
  }

  setOperator(ctx: C.SetOperatorCstChildren, _node: CstNode): SetOperator {
    const q = ctx.setQuantifier?.[0];
    const op = ctx.UNION !== undefined ? 'UNION' : ctx.INTERSECT !== undefined ? 'INTERSECT' : 'EXCEPT';
    return { op, all: q !== undefined && this.setQuantifier(q.children, q) };
  }

  /** true for ALL, false for DISTINCT */
  distinctOn(ctx: C.DistinctOnCstChildren, _node: CstNode): Expr[] {
    const list = one(ctx.expressionList);
    return this.expressionList(list.children, list);
  }

  setQuantifier(ctx: C.SetQuantifierCstChildren, _node: CstNode): boolean {
    return ctx.ALL !== undefined;
  }

  queryPrimary(ctx: C.QueryPrimaryCstChildren, node: CstNode): QueryBody {
    if (ctx.selectCore !== undefined) return this.selectCore(ctx.selectCore[0]!.children, ctx.selectCore[0]!);
    if (ctx.valuesBody !== undefined) {
      const v = ctx.valuesBody[0]!;
      return { kind: 'Values', rows: this.valuesBody(v.children, v), ...spanOf(v) };
    }
    if (ctx.explicitTable !== undefined) return this.explicitTable(ctx.explicitTable[0]!.children, ctx.explicitTable[0]!);
    return { kind: 'NestedQuery', query: this.query(one(ctx.queryExpression)), ...spanOf(node) };
  }

  /** `TABLE t` is `SELECT * FROM t` (the standard says so), built as that select core. */
  explicitTable(ctx: C.ExplicitTableCstChildren, node: CstNode): SelectCore {
    const span = spanOf(node);
    const t = one(ctx.tableName);
    const name = this.tableName(t.children, t);
    return {
      kind: 'SelectCore',
      distinct: false,
      items: [{ kind: 'SelectStar', table: null, ...span }],
      from: [{ kind: 'TableRef', name, alias: null, ...spanOf(t) }],
      where: null,
      groupBy: [],
      having: null,
      windows: [],
      ...span,
    };
  }

  selectCore(ctx: C.SelectCoreCstChildren, node: CstNode): SelectCore {
    const intoAllowed = this.intoAllowed; // the outermost SELECT of a body statement only
    this.intoAllowed = false;
    const into = ctx.into?.[0];
    if (into !== undefined) {
      if (!intoAllowed) throw syntaxError(ctx.INTO![0]!.startOffset, 'INTO', 'SELECT … INTO is allowed only in a routine body');
      this.intoTargets = this.psmTargetList(into.children, into);
    }
    const items: SelectItem[] = [];
    for (const n of ctx.selectItem) items.push(this.selectItem(n.children, n));
    const from: FromItem[] = [];
    for (const n of ctx.fromItem ?? []) from.push(this.fromItem(n.children, n));
    const q = ctx.setQuantifier?.[0];
    const distinct = q !== undefined && !this.setQuantifier(q.children, q);
    const on = ctx.distinctOn?.[0];
    if (on !== undefined && !distinct) throw syntaxError(on.children.ON[0]!.startOffset, 'ON', 'ON follows DISTINCT only (SELECT DISTINCT ON (…))');
    const grouping = this.groupByOf(ctx.groupingElement ?? []);
    return {
      kind: 'SelectCore',
      distinct: distinct && on === undefined,
      ...(on === undefined ? {} : { distinctOn: this.distinctOn(on.children, on) }),
      items,
      from,
      where: ctx.where === undefined ? null : this.expr(ctx.where[0]!),
      groupBy: grouping.keys,
      ...(grouping.sets === null ? {} : { groupingSets: grouping.sets }),
      having: ctx.having === undefined ? null : this.expr(ctx.having[0]!),
      windows: (ctx.windowDefinition ?? []).map((n) => this.windowDefinition(n.children, n)),
      ...spanOf(node),
    };
  }

  /** A GROUP BY list: its keys, each once (by text), and the grouping sets it expands to when it has any. */
  private groupByOf(nodes: readonly C.GroupingElementCstNode[]): { keys: Expr[]; sets: Expr[][] | null } {
    const elements = nodes.map((n) => this.groupingElement(n.children, n));
    const keys: Expr[] = [];
    const seen = new Set<string>();
    const key = (e: Expr): void => {
      const id = JSON.stringify(e, (k, v: unknown) => (k === 'position' || k === 'end' ? undefined : v));
      if (!seen.has(id)) {
        seen.add(id);
        keys.push(e);
      }
    };
    let plain = true;
    for (const el of elements) if (el.kind !== 'Expr' || isGroupingCall(el.expr) !== null) plain = false;
    if (plain) {
      for (const el of elements) key((el as { expr: Expr }).expr);
      return { keys, sets: null };
    }
    // the cross product of the elements' sets (the standard's rule for a GROUP BY list)
    let sets: Expr[][] = [[]];
    for (const el of elements) {
      const mine = setsOf(el, nodes[0]!);
      sets = sets.flatMap((a) => mine.map((b) => [...a, ...b]));
      if (sets.length > MAX_GROUPING_SETS) throw tooManySets(nodes[0]!);
    }
    for (const s of sets) for (const e of s) key(e);
    return { keys, sets };
  }

  groupingElement(ctx: C.GroupingElementCstChildren, _node: CstNode): GroupingElement {
    if (ctx.empty !== undefined) return { kind: 'Empty' };
    if (ctx.SETS !== undefined) return { kind: 'Sets', elements: (ctx.groupingElement ?? []).map((n) => this.groupingElement(n.children, n)) };
    return { kind: 'Expr', expr: this.expr(one(ctx.expression)) };
  }

  selectItem(ctx: C.SelectItemCstChildren, node: CstNode): SelectItem {
    const span = spanOf(node);
    if (ctx.expression !== undefined) {
      const a = ctx.alias?.[0];
      const alias = a === undefined ? null : this.alias(a.children, a);
      return { kind: 'SelectExpr', expr: this.expr(ctx.expression[0]!), alias, ...span };
    }
    return { kind: 'SelectStar', table: ctx.table === undefined ? null : foldName(ctx.table[0]!), ...span };
  }

  alias(ctx: C.AliasCstChildren, _node: CstNode): string {
    return foldName(one(ctx.Name));
  }

  fromItem(ctx: C.FromItemCstChildren, _node: CstNode): FromItem {
    const t = one(ctx.tablePrimary);
    let left = this.tablePrimary(t.children, t);
    for (const j of ctx.joinClause ?? []) {
      const tail = this.joinClause(j.children, j);
      left = {
        kind: 'Join',
        joinKind: tail.joinKind,
        natural: tail.natural,
        left,
        right: tail.right,
        on: tail.on,
        using: tail.using,
        position: left.position,
        end: tail.end,
      };
    }
    return left;
  }

  tablePrimary(ctx: C.TablePrimaryCstChildren, node: CstNode): FromItem {
    const span = spanOf(node);
    const aliasNode = ctx.alias?.[0];
    const alias = aliasNode === undefined ? null : this.alias(aliasNode.children, aliasNode);
    const fn = ctx.tableFunction?.[0];
    if (fn !== undefined) return { kind: 'TableFunctionRef', call: this.expr(fn), alias, ...span };
    const fnName = ctx.functionName?.[0];
    if (fnName !== undefined) {
      const argsNode = one(ctx.functionArguments);
      const { special, ...callArgs } = this.functionArguments(argsNode.children, argsNode);
      if (special !== undefined || callArgs.star || callArgs.distinct) throw syntaxError(spanOf(argsNode).position, fnName.image, 'A function in FROM takes plain arguments.');
      const call: Expr = { ...callArgs, name: foldName(fnName), position: fnName.startOffset, end: spanOf(argsNode).end };
      const cols = ctx.nameList?.[0];
      return {
        kind: 'TableFunctionRef',
        call,
        alias,
        ...(cols === undefined ? {} : { columnAliases: this.nameList(cols.children, cols) }),
        ...(ctx.ORDINALITY === undefined ? {} : { ordinality: true }),
        ...span,
      };
    }
    if (ctx.tableName !== undefined) {
      return { kind: 'TableRef', name: this.tableName(ctx.tableName[0]!.children, ctx.tableName[0]!), alias, ...span };
    }
    if (ctx.derivedTable !== undefined) {
      const d = ctx.derivedTable[0]!;
      const cols = ctx.nameList?.[0];
      return {
        kind: 'SubqueryRef',
        query: this.derivedTable(d.children, d),
        alias,
        columnAliases: cols === undefined ? null : this.nameList(cols.children, cols),
        ...(ctx.LATERAL !== undefined ? { lateral: true } : {}),
        ...span,
      };
    }
    if (ctx.LATERAL !== undefined) throw syntaxError(ctx.LATERAL[0]!.startOffset, 'LATERAL', 'LATERAL must be followed by a parenthesised query');
    const f = one(ctx.fromItem);
    const inner = this.fromItem(f.children, f);
    if (aliasNode !== undefined || ctx.nameList !== undefined) {
      if (inner.kind === 'Join' || inner.alias !== null || ctx.nameList !== undefined) {
        const at = spanOf(aliasNode ?? node).position;
        throw syntaxError(at, alias ?? '(', 'a parenthesised join cannot have an alias');
      }
      inner.alias = alias;
    }
    inner.position = span.position;
    inner.end = span.end;
    return inner;
  }

  derivedTable(ctx: C.DerivedTableCstChildren, _node: CstNode): QueryExpression {
    return this.query(one(ctx.queryExpression));
  }

  tableName(ctx: C.TableNameCstChildren, _node: CstNode): string {
    const name = foldName(at(ctx.Name, 0));
    const second = ctx.Name[1];
    return second === undefined ? name : `${name}.${foldName(second)}`;
  }

  joinClause(ctx: C.JoinClauseCstChildren, node: CstNode): JoinTail {
    const t = one(ctx.tablePrimary);
    const right = this.tablePrimary(t.children, t);
    const cond = ctx.joinCondition?.[0];
    const { on, using } = cond === undefined ? { on: null, using: null } : this.joinCondition(cond.children, cond);
    let joinKind: JoinKind = 'INNER';
    if (ctx.CROSS !== undefined) joinKind = 'CROSS';
    else if (ctx.LEFT !== undefined) joinKind = 'LEFT';
    else if (ctx.RIGHT !== undefined) joinKind = 'RIGHT';
    else if (ctx.FULL !== undefined) joinKind = 'FULL';
    return { joinKind, natural: ctx.NATURAL !== undefined, right, on, using, end: spanOf(node).end };
  }

  joinCondition(ctx: C.JoinConditionCstChildren, _node: CstNode): { on: Expr | null; using: string[] | null } {
    if (ctx.expression !== undefined) return { on: this.expr(ctx.expression[0]!), using: null };
    const cols = one(ctx.nameList);
    return { on: null, using: this.nameList(cols.children, cols) };
  }

  valuesBody(ctx: C.ValuesBodyCstChildren, _node: CstNode): Expr[][] {
    const rows: Expr[][] = [];
    for (const r of ctx.rowConstructor) rows.push(this.rowConstructor(r.children, r));
    return rows;
  }

  rowConstructor(ctx: C.RowConstructorCstChildren, _node: CstNode): Expr[] {
    return this.exprList(ctx.expression);
  }

  orderByClause(ctx: C.OrderByClauseCstChildren, _node: CstNode): OrderItem[] {
    const out: OrderItem[] = [];
    for (const n of ctx.orderItem) out.push(this.orderItem(n.children, n));
    return out;
  }

  orderItem(ctx: C.OrderItemCstChildren, node: CstNode): OrderItem {
    const nulls = ctx.NULLS === undefined ? null : ctx.FIRST !== undefined ? 'FIRST' : 'LAST';
    return {
      kind: 'OrderItem',
      expr: this.expr(one(ctx.expression)),
      descending: ctx.DESC !== undefined,
      nulls,
      ...spanOf(node),
    };
  }

  limitClause(ctx: C.LimitClauseCstChildren, _node: CstNode): RowLimits {
    return {
      limit: ctx.ALL !== undefined ? null : this.expr(one(ctx.count)),
      offset: ctx.offset === undefined ? null : this.expr(ctx.offset[0]!),
    };
  }

  offsetClause(ctx: C.OffsetClauseCstChildren, _node: CstNode): RowLimits {
    const fetch = ctx.fetchClause?.[0];
    return {
      limit: fetch === undefined ? null : this.fetchClause(fetch.children, fetch),
      offset: this.expr(one(ctx.expression)),
    };
  }

  fetchClause(ctx: C.FetchClauseCstChildren, node: CstNode): Expr {
    const count = ctx.rowCount?.[0];
    if (count !== undefined) return this.rowCount(count.children, count);
    return { kind: 'Literal', value: { type: 'integer', text: '1' }, ...spanOf(node) };
  }

  rowCount(ctx: C.RowCountCstChildren, node: CstNode): Expr {
    if (ctx.QuestionMark !== undefined) {
      const p: Parameter = { kind: 'Parameter', index: null, name: null, ...spanOf(node) };
      this.positional.push(p);
      return p;
    }
    if (ctx.NamedParameter !== undefined) {
      return { kind: 'Parameter', index: null, name: ctx.NamedParameter[0]!.image.slice(1), ...spanOf(node) };
    }
    if (ctx.expression !== undefined) {
      const inner = this.expr(ctx.expression[0]!);
      const span = spanOf(node);
      inner.position = span.position;
      inner.end = span.end;
      return inner;
    }
    return { kind: 'Literal', value: { type: 'integer', text: one(ctx.IntegerLiteral).image }, ...spanOf(node) };
  }
}

/** What a GROUP BY element is before it expands to grouping sets. */
type GroupingElement = { kind: 'Empty' } | { kind: 'Sets'; elements: GroupingElement[] } | { kind: 'Expr'; expr: Expr };

/** PostgreSQL's limit on the grouping sets one GROUP BY may expand to. */
const MAX_GROUPING_SETS = 4096;

function tooManySets(node: CstNode): SqlError {
  return SqlError.of(SqlState.ProgramLimitExceeded, [`more than ${MAX_GROUPING_SETS} grouping sets`], { position: spanOf(node).position });
}

/** 'ROLLUP' or 'CUBE' when `e` is such a call (plain arguments), else null. */
function isGroupingCall(e: Expr): 'ROLLUP' | 'CUBE' | null {
  if (e.kind !== 'FunctionCall' || e.star || e.distinct || e.filter !== undefined || e.orderBy !== undefined) return null;
  return e.name === 'ROLLUP' || e.name === 'CUBE' ? e.name : null;
}

/** The keys one argument of ROLLUP, CUBE or a set stands for: a row `(a, b)` its items, else itself. */
function itemsOf(e: Expr): Expr[] {
  return e.kind === 'RowValue' && e.names === null ? e.items : [e];
}

/**
 * The grouping sets an element expands to: `()` the empty set, an expression (or row) one set, ROLLUP(a, b, c)
 * the sets (a, b, c), (a, b), (a), (), CUBE(a, b) every subset in PostgreSQL's order — (a, b), (a), (b), () —
 * and GROUPING SETS the sets of its elements, one after another.
 */
function setsOf(el: GroupingElement, at: CstNode): Expr[][] {
  switch (el.kind) {
    case 'Empty':
      return [[]];
    case 'Sets':
      return el.elements.flatMap((x) => setsOf(x, at));
    case 'Expr': {
      const call = isGroupingCall(el.expr);
      if (call === null) return [itemsOf(el.expr)];
      const parts = (el.expr as { args: Expr[] }).args.map(itemsOf);
      if (call === 'ROLLUP') return parts.map((_, i) => parts.slice(0, parts.length - i).flat()).concat([[]]);
      if (parts.length > 12) throw tooManySets(at);
      const out: Expr[][] = [];
      for (let mask = (1 << parts.length) - 1; mask >= 0; mask--) {
        out.push(parts.filter((_, i) => (mask & (1 << (parts.length - 1 - i))) !== 0).flat());
      }
      return out;
    }
  }
}
