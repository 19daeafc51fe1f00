/**
 * grammar/visitor/dml.ts — DmlVisitor: CST → AST for INSERT, UPDATE, DELETE, MERGE and REINDEX.
 *
 * 1. `INSERT … VALUES (…), (…)` with no ORDER BY / LIMIT becomes an InsertValues source; any other query,
 *    including `VALUES … ORDER BY …` and `(SELECT …)`, becomes InsertQuery.
 * 2. `REPLACE INTO` and `INSERT OR REPLACE INTO` give the conflict `Replace`; ON CONFLICT gives DoNothing or
 *    DoUpdate. `conflict`, `alias` and `returning` are always set here (null when absent).
 */
import type { CstNode } from 'chevrotain';
import type { Expr } from '../ast/expression';
import type { FromItem, SelectItem } from '../ast/query';
import type { Assignment, Delete, Insert, InsertConflict, InsertSource, Merge, MergeWhen, Reindex, Update } from '../ast/statement';
import type * as C from '../cst.generated';
import { foldName, one, spanOf } from './cst-helpers';
import { QueryVisitor } from './query';

/** Builds INSERT, UPDATE, DELETE, MERGE and REINDEX ASTs. */
export abstract class DmlVisitor extends QueryVisitor {
  insertStatement(ctx: C.InsertStatementCstChildren, node: CstNode): Insert {
    const t = one(ctx.tableName);
    const cols = ctx.nameList?.[0];
    return {
      kind: 'Insert',
      table: this.tableName(t.children, t),
      columns: cols === undefined ? null : this.nameList(cols.children, cols),
      source: this.insertSource(ctx),
      alias: ctx.targetAlias === undefined ? null : foldName(ctx.targetAlias[0]!),
      conflict: this.insertConflict(ctx),
      returning: this.returningItems(ctx.returning),
      ...(ctx.overriding === undefined ? {} : { overriding: one(ctx.overriding).image.toUpperCase() === 'USER' ? ('USER' as const) : ('SYSTEM' as const) }),
      ...spanOf(node),
    };
  }

  private insertConflict(ctx: C.InsertStatementCstChildren): InsertConflict | null {
    const r = ctx.REPLACE?.[0];
    if (r !== undefined) return { kind: 'Replace', position: (ctx.INSERT?.[0] ?? r).startOffset };
    const n = ctx.onConflict?.[0];
    return n === undefined ? null : this.onConflict(n.children, n);
  }

  onConflict(ctx: C.OnConflictCstChildren, node: CstNode): InsertConflict {
    const t = ctx.nameList?.[0];
    const c = ctx.constraint?.[0];
    const target = t !== undefined ? this.nameList(t.children, t) : c !== undefined ? { constraint: foldName(c) } : null;
    const position = spanOf(node).position;
    if (ctx.NOTHING !== undefined) return { kind: 'DoNothing', target, position };
    return {
      kind: 'DoUpdate',
      target,
      assignments: this.assignments(ctx.assignment),
      where: ctx.expression === undefined ? null : this.expr(ctx.expression[0]!),
      position,
    };
  }

  returning(ctx: C.ReturningCstChildren, _node: CstNode): SelectItem[] {
    return ctx.selectItem.map((n) => this.selectItem(n.children, n));
  }

  private returningItems(nodes: C.ReturningCstNode[] | undefined): SelectItem[] | null {
    const n = nodes?.[0];
    return n === undefined ? null : this.returning(n.children, n);
  }

  private assignments(nodes: C.AssignmentCstNode[] | undefined): Assignment[] {
    return (nodes ?? []).map((n) => this.assignment(n.children, n));
  }

  private insertSource(ctx: C.InsertStatementCstChildren): InsertSource {
    const q = ctx.queryExpression?.[0];
    if (q === undefined) return { kind: 'InsertDefaultValues', position: one(ctx.DEFAULT).startOffset };
    const query = this.query(q);
    const body = query.body;
    if (body.kind === 'Values' && query.orderBy.length === 0 && query.limit === null && query.offset === null) {
      return { kind: 'InsertValues', rows: body.rows, position: body.position };
    }
    return { kind: 'InsertQuery', query, position: query.position };
  }

  updateStatement(ctx: C.UpdateStatementCstChildren, node: CstNode): Update {
    const t = one(ctx.tableName);
    const a = ctx.alias?.[0];
    const assignments = this.assignments(ctx.assignment);
    return {
      kind: 'Update',
      table: this.tableName(t.children, t),
      alias: a === undefined ? null : this.alias(a.children, a),
      assignments,
      ...(ctx.otherTables === undefined ? {} : { from: this.otherTables(ctx.otherTables[0]!.children, ctx.otherTables[0]!) }),
      where: ctx.expression === undefined ? null : this.expr(ctx.expression[0]!),
      returning: this.returningItems(ctx.returning),
      ...spanOf(node),
    };
  }

  assignment(ctx: C.AssignmentCstChildren, node: CstNode): Assignment {
    return {
      column: foldName(one(ctx.Name)),
      value: this.expr(one(ctx.expression)),
      position: spanOf(node).position,
    };
  }

  deleteStatement(ctx: C.DeleteStatementCstChildren, node: CstNode): Delete {
    const t = one(ctx.tableName);
    const a = ctx.alias?.[0];
    return {
      kind: 'Delete',
      table: this.tableName(t.children, t),
      alias: a === undefined ? null : this.alias(a.children, a),
      ...(ctx.otherTables === undefined ? {} : { using: this.otherTables(ctx.otherTables[0]!.children, ctx.otherTables[0]!) }),
      where: ctx.expression === undefined ? null : this.expr(ctx.expression[0]!),
      returning: this.returningItems(ctx.returning),
      ...spanOf(node),
    };
  }

  /** UPDATE's FROM and DELETE's USING: the other tables. */
  otherTables(ctx: C.OtherTablesCstChildren, _node: CstNode): FromItem[] {
    return ctx.fromItem.map((n) => this.fromItem(n.children, n));
  }

  mergeStatement(ctx: C.MergeStatementCstChildren, node: CstNode): Merge {
    const t = one(ctx.tableName);
    const ta = ctx.targetAlias?.[0];
    const sa = ctx.sourceAlias?.[0];
    const st = ctx.sourceTable?.[0];
    return {
      kind: 'Merge',
      table: this.tableName(t.children, t),
      alias: ta === undefined ? null : this.alias(ta.children, ta),
      source:
        st !== undefined
          ? { kind: 'MergeTable', name: this.tableName(st.children, st) }
          : { kind: 'MergeQuery', query: this.query(one(ctx.queryExpression)) },
      sourceAlias: sa === undefined ? null : this.alias(sa.children, sa),
      on: this.expr(one(ctx.expression)),
      clauses: ctx.mergeWhen.map((n) => this.mergeWhen(n.children, n)),
      ...spanOf(node),
    };
  }

  mergeWhen(ctx: C.MergeWhenCstChildren, node: CstNode): MergeWhen {
    const position = spanOf(node).position;
    const condition: Expr | null = ctx.AND === undefined ? null : this.expr(one(ctx.expression));
    if (ctx.NOT !== undefined) {
      const cols = ctx.nameList?.[0];
      const list = ctx.expressionList?.[0];
      return {
        kind: 'NotMatchedInsert',
        condition,
        columns: cols === undefined ? null : this.nameList(cols.children, cols),
        values: list === undefined ? null : this.expressionList(list.children, list),
        position,
      };
    }
    if (ctx.DELETE !== undefined) return { kind: 'MatchedDelete', condition, position };
    return { kind: 'MatchedUpdate', condition, assignments: this.assignments(ctx.assignment), position };
  }

  reindexStatement(ctx: C.ReindexStatementCstChildren, node: CstNode): Reindex {
    const t = ctx.tableName?.[0];
    return { kind: 'Reindex', name: t === undefined ? null : this.tableName(t.children, t), ...spanOf(node) };
  }
}
