/**
 * grammar/visitor/dml.ts — DmlVisitor: CST → AST for INSERT, UPDATE and DELETE.
 *
 * 1. `INSERT … VALUES (…), (…)` with no ORDER BY / LIMIT becomes an InsertValues source; any other query,
 *    including `VALUES … ORDER BY …` and `(SELECT …)`, becomes InsertQuery.
 */
import type { CstNode } from 'chevrotain';
import type { Assignment, Delete, Insert, InsertSource, Update } from '../ast/statement';
import type * as C from '../cst.generated';
import { foldName, one, spanOf } from './cst-helpers';
import { QueryVisitor } from './query';

/** Builds INSERT, UPDATE and DELETE ASTs. */
export abstract class DmlVisitor extends QueryVisitor {
  insertStatement(ctx: C.InsertStatementCstChildren, node: CstNode): Insert {
    const t = one(ctx.tableName);
    const cols = ctx.nameList?.[0];
    return {
      kind: 'Insert',
      table: this.tableName(t.children, t),
      columns: cols === undefined ? null : this.nameList(cols.children, cols),
      source: this.insertSource(ctx),
      ...spanOf(node),
    };
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
    const assignments: Assignment[] = [];
    for (const n of ctx.assignment) assignments.push(this.assignment(n.children, n));
    return {
      kind: 'Update',
      table: this.tableName(t.children, t),
      alias: a === undefined ? null : this.alias(a.children, a),
      assignments,
      where: ctx.expression === undefined ? null : this.expr(ctx.expression[0]!),
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
      where: ctx.expression === undefined ? null : this.expr(ctx.expression[0]!),
      ...spanOf(node),
    };
  }
}
