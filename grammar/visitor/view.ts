/**
 * grammar/visitor/view.ts — ViewVisitor: CST → AST for CREATE [OR REPLACE] VIEW and DROP VIEW.
 */
import type { CstNode } from 'chevrotain';
import type { CreateView, DropView } from '../ast/statement';
import type * as C from '../cst.generated';
import { one, spanOf } from './cst-helpers';
import { DdlVisitor } from './ddl';

/** Builds CREATE VIEW and DROP VIEW ASTs. */
export abstract class ViewVisitor extends DdlVisitor {
  createViewStatement(ctx: C.CreateViewStatementCstChildren, node: CstNode): CreateView {
    const t = one(ctx.tableName);
    const cols = ctx.parenthesizedColumns?.[0];
    return {
      kind: 'CreateView',
      name: this.tableName(t.children, t),
      orReplace: ctx.REPLACE !== undefined,
      columns: cols === undefined ? null : this.parenthesizedColumns(cols.children, cols),
      query: this.query(one(ctx.queryExpression)),
      checkOption: ctx.CHECK === undefined ? null : ctx.LOCAL !== undefined ? 'LOCAL' : 'CASCADED',
      ...spanOf(node),
    };
  }

  dropViewStatement(ctx: C.DropViewStatementCstChildren, node: CstNode): DropView {
    const t = one(ctx.tableName);
    const b = ctx.dropBehavior?.[0];
    return {
      kind: 'DropView',
      name: this.tableName(t.children, t),
      ifExists: ctx.ifExists !== undefined,
      cascade: b !== undefined && this.dropBehavior(b.children, b) === 'CASCADE',
      ...spanOf(node),
    };
  }
}
