/**
 * src/level4-sql/statements/ast-walk.ts — visits every expression node of a statement, query or expression.
 *
 * 1. The walk is pre-order and reaches into subqueries, FROM items, constraints and DEFAULTs, so a caller
 *    sees every `?`, `@name` and column reference the statement contains.
 * 2. Every switch ends in `unreachable`: a new AST kind is a compile error here until it is walked.
 * 3. A document literal's values are not expressions, but its `?` and `@name` parameters are: the walk visits
 *    each one's Parameter node (in source order), so parameter counting sees them.
 */
import { unreachable } from '../../common/assert';
import type {
  AlterAction,
  ColumnDef,
  DocNode,
  Expr,
  FromItem,
  Merge,
  Parameter,
  QueryBody,
  QueryExpression,
  SelectItem,
  Statement,
  TableConstraint,
  WindowSpec,
} from '../parse';

/** Called for each expression node; return false to skip its children. */
export type ExprVisitor = (e: Expr) => boolean | void;

/** Visits `e` and every expression below it, subqueries included. */
export function walkExpr(e: Expr, visit: ExprVisitor): void {
  if (visit(e) === false) return;
  switch (e.kind) {
    case 'Literal':
    case 'ColumnRef':
    case 'Parameter':
      return;
    case 'Unary':
      return walkExpr(e.operand, visit);
    case 'Binary':
    case 'IsDistinct':
      walkExpr(e.left, visit);
      return walkExpr(e.right, visit);
    case 'IsNull':
    case 'IsTruth':
      return walkExpr(e.operand, visit);
    case 'Between':
      walkExpr(e.operand, visit);
      walkExpr(e.low, visit);
      return walkExpr(e.high, visit);
    case 'InList':
      walkExpr(e.operand, visit);
      return walkAll(e.list, visit);
    case 'QuantifiedArray':
      walkExpr(e.operand, visit);
      return walkExpr(e.array, visit);
    case 'InSubquery':
      walkExpr(e.operand, visit);
      return walkQuery(e.query, visit);
    case 'Exists':
    case 'ScalarSubquery':
      return walkQuery(e.query, visit);
    case 'Like':
      walkExpr(e.operand, visit);
      walkExpr(e.pattern, visit);
      if (e.escape !== null) walkExpr(e.escape, visit);
      return;
    case 'Case':
      if (e.operand !== null) walkExpr(e.operand, visit);
      for (const w of e.whens) {
        walkExpr(w.when, visit);
        walkExpr(w.then, visit);
      }
      if (e.else !== null) walkExpr(e.else, visit);
      return;
    case 'Cast':
      return walkExpr(e.operand, visit);
    case 'FunctionCall':
      walkAll(e.args, visit);
      for (const o of e.orderBy ?? []) walkExpr(o.expr, visit);
      if (e.filter !== undefined) walkExpr(e.filter, visit);
      return;
    case 'WindowCall':
      walkAll(e.call.args, visit);
      if (e.call.filter !== undefined) walkExpr(e.call.filter, visit);
      if (typeof e.over !== 'string') walkWindowSpec(e.over, visit);
      return;
    case 'RowValue':
      return walkAll(e.items, visit);
    case 'DocumentLiteral':
      return walkDocNode(e.value, visit);
    case 'MethodCall':
      walkExpr(e.target, visit);
      return walkAll(e.args, visit);
    case 'FieldAccess':
      return walkExpr(e.target, visit);
    case 'DefaultValue':
      return;
    default:
      return unreachable(e, 'expression kind');
  }
}

/** Visits the parameters inside a document literal's value (invariant 3). */
function walkDocNode(n: DocNode, visit: ExprVisitor): void {
  switch (n.type) {
    case 'object':
      for (const f of n.fields) walkDocNode(f.value, visit);
      return;
    case 'array':
      for (const item of n.items) walkDocNode(item, visit);
      return;
    case 'param':
      return walkExpr(n.param, visit);
    case 'integer':
    case 'numeric':
    case 'real':
    case 'string':
    case 'boolean':
    case 'null':
    case 'regex':
      return;
    default:
      return unreachable(n, 'document value');
  }
}

/** Visits a window specification's PARTITION BY, ORDER BY and frame offsets. */
function walkWindowSpec(w: WindowSpec, visit: ExprVisitor): void {
  walkAll(w.partitionBy, visit);
  for (const o of w.orderBy) walkExpr(o.expr, visit);
  if (w.frame !== null) {
    walkOpt(w.frame.from.offset, visit);
    if (w.frame.to !== null) walkOpt(w.frame.to.offset, visit);
  }
}

function walkAll(list: readonly Expr[], visit: ExprVisitor): void {
  for (const e of list) walkExpr(e, visit);
}

function walkOpt(e: Expr | null, visit: ExprVisitor): void {
  if (e !== null) walkExpr(e, visit);
}

/** Visits every expression of a query expression. */
export function walkQuery(q: QueryExpression, visit: ExprVisitor): void {
  if (q.with !== undefined) for (const c of q.with.ctes) walkQuery(c.query, visit);
  walkBody(q.body, visit);
  for (const o of q.orderBy) walkExpr(o.expr, visit);
  walkOpt(q.limit, visit);
  walkOpt(q.offset, visit);
}

function walkBody(b: QueryBody, visit: ExprVisitor): void {
  switch (b.kind) {
    case 'SelectCore':
      for (const item of b.items) if (item.kind === 'SelectExpr') walkExpr(item.expr, visit);
      for (const f of b.from) walkFrom(f, visit);
      walkOpt(b.where, visit);
      walkAll(b.groupBy, visit);
      walkOpt(b.having, visit);
      walkAll(b.distinctOn ?? [], visit);
      for (const w of b.windows) walkWindowSpec(w.spec, visit);
      return;
    case 'Values':
      for (const row of b.rows) walkAll(row, visit);
      return;
    case 'SetOperation':
      walkBody(b.left, visit);
      return walkBody(b.right, visit);
    case 'NestedQuery':
      return walkQuery(b.query, visit);
    default:
      return unreachable(b, 'query body kind');
  }
}

function walkFrom(f: FromItem, visit: ExprVisitor): void {
  switch (f.kind) {
    case 'TableRef':
      return;
    case 'SubqueryRef':
      return walkQuery(f.query, visit);
    case 'TableFunctionRef':
      return walkExpr(f.call, visit);
    case 'Join':
      walkFrom(f.left, visit);
      walkFrom(f.right, visit);
      return walkOpt(f.on, visit);
    default:
      return unreachable(f, 'FROM item kind');
  }
}

function walkColumnDef(c: ColumnDef, visit: ExprVisitor): void {
  for (const k of c.constraints) if (k.kind === 'Default' || k.kind === 'Check' || k.kind === 'Generated') walkExpr(k.expr, visit);
}

function walkConstraint(c: TableConstraint, visit: ExprVisitor): void {
  if (c.kind === 'CheckConstraint') walkExpr(c.expr, visit);
}

function walkAlter(a: AlterAction, visit: ExprVisitor): void {
  switch (a.kind) {
    case 'AddColumn':
      return walkColumnDef(a.column, visit);
    case 'AddConstraint':
      return walkConstraint(a.constraint, visit);
    case 'SetDefault':
      return walkExpr(a.expr, visit);
    case 'DropColumn':
    case 'DropConstraint':
    case 'DropPrimaryKey':
    case 'DropDefault':
    case 'SetNotNull':
    case 'DropNotNull':
    case 'SetType':
    case 'RenameTable':
    case 'RenameColumn':
    case 'RenameConstraint':
      return;
    default:
      return unreachable(a, 'ALTER TABLE action');
  }
}

function walkReturning(items: readonly SelectItem[] | null | undefined, visit: ExprVisitor): void {
  for (const it of items ?? []) if (it.kind === 'SelectExpr') walkExpr(it.expr, visit);
}

function walkMerge(s: Merge, visit: ExprVisitor): void {
  if (s.source.kind === 'MergeQuery') walkQuery(s.source.query, visit);
  walkExpr(s.on, visit);
  for (const c of s.clauses) {
    walkOpt(c.condition, visit);
    if (c.kind === 'MatchedUpdate') for (const a of c.assignments) walkExpr(a.value, visit);
    else if (c.kind === 'NotMatchedInsert' && c.values !== null) walkAll(c.values, visit);
  }
}

/** Visits every expression of a statement. */
export function walkStatement(s: Statement, visit: ExprVisitor): void {
  switch (s.kind) {
    case 'CreateTable':
      for (const c of s.columns) walkColumnDef(c, visit);
      for (const c of s.constraints) walkConstraint(c, visit);
      return;
    case 'AlterTable':
      return walkAlter(s.action, visit);
    case 'CreateTableAs':
      return walkQuery(s.query, visit);
    case 'Insert':
      if (s.source.kind === 'InsertValues') for (const row of s.source.rows) walkAll(row, visit);
      else if (s.source.kind === 'InsertQuery') walkQuery(s.source.query, visit);
      if (s.conflict?.kind === 'DoUpdate') {
        for (const a of s.conflict.assignments) walkExpr(a.value, visit);
        walkOpt(s.conflict.where, visit);
      }
      return walkReturning(s.returning, visit);
    case 'Update':
      for (const a of s.assignments) walkExpr(a.value, visit);
      for (const f of s.from ?? []) walkFrom(f, visit);
      walkOpt(s.where, visit);
      return walkReturning(s.returning, visit);
    case 'Delete':
      for (const f of s.using ?? []) walkFrom(f, visit);
      walkOpt(s.where, visit);
      return walkReturning(s.returning, visit);
    case 'Merge':
      return walkMerge(s, visit);
    case 'Reindex':
      return;
    case 'Select':
      return walkQuery(s.query, visit);
    case 'Explain':
      return walkStatement(s.statement, visit);
    case 'Call':
      return walkAll(s.args, visit);
    case 'CreateRoutine': // a stored body takes no parameters: not the statement's
    case 'DropRoutine':
      return;
    case 'CreateView': // a stored query takes no parameters (views/create-view.ts refuses them): not the statement's
    case 'DropView':
    case 'CreateTrigger': // a stored body takes no parameters (triggers/create-trigger.ts refuses them)
    case 'DropTrigger':
    case 'DropTable':
    case 'DropObject':
    case 'CreateIndex':
    case 'DropIndex':
    case 'AlterIndex':
    case 'Truncate':
    case 'Begin':
    case 'Commit':
    case 'Rollback':
    case 'Savepoint':
    case 'CreateUser': // users, roles and privileges take no parameters (access/)
    case 'AlterUser':
    case 'CreateRole':
    case 'DropPrincipal':
    case 'Grant':
    case 'Revoke':
    case 'SetRole':
    case 'CreateType': // a method body is stored code: its names are not the statement's parameters
    case 'CreateMethod':
    case 'DropType':
    case 'CreateTableOf':
      return;
    default:
      return unreachable(s, 'statement kind');
  }
}

/** The parameters a statement uses: how many `?` marks, and the `@names` (upper-cased, first spelling kept). */
export interface ParameterInfo {
  readonly positional: number;
  /** upper-cased name → the first parameter node with it (for error positions) */
  readonly named: ReadonlyMap<string, Parameter>;
}

/** Collects the parameters of a statement. */
export function statementParameters(s: Statement): ParameterInfo {
  let positional = 0;
  const named = new Map<string, Parameter>();
  walkStatement(s, (e) => {
    if (e.kind !== 'Parameter') return;
    if (e.index !== null) positional = Math.max(positional, e.index + 1);
    else if (e.name !== null) {
      const key = e.name.toUpperCase();
      if (!named.has(key)) named.set(key, e);
    }
  });
  return { positional, named };
}

/** The first node below `e` (inclusive) that satisfies `test`, or null. */
export function findExpr(e: Expr, test: (x: Expr) => boolean): Expr | null {
  let found: Expr | null = null;
  walkExpr(e, (x) => {
    if (found !== null) return false;
    if (test(x)) {
      found = x;
      return false;
    }
    return true;
  });
  return found;
}
