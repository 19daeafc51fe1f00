/**
 * grammar/visitor/sql-visitor.ts — SqlVisitor, the last class of the visitor chain, and its one instance.
 *
 * 1. `implements SqlCstVisitor` (generated from the grammar) makes a rule without a visitor method, or a visitor
 *    reading a CST child that no longer exists, a compile error; grammar/visitor/sql-visitor.test.ts checks that
 *    every rule of the parser has its method.
 * 2. `?` parameters are numbered from 0 in source order, separately for each statement of a script (and for a
 *    standalone expression), after the whole statement has been visited.
 * 3. The visitor keeps no state between calls except the `positional` list, which each entry point resets.
 */
import type { CstNode } from 'chevrotain';
import type { Expr } from '../ast/expression';
import type { Explain, Statement } from '../ast/statement';
import type * as C from '../cst.generated';
import { at, one, spanOf } from './cst-helpers';
import { AccessVisitor } from './access';

/** The complete CST → AST visitor. Use the `SQL_VISITOR` instance. */
export class SqlVisitor extends AccessVisitor implements C.SqlCstVisitor<CstNode, unknown> {
  /** The AST of a parsed script (the `statements` rule). */
  script(node: C.StatementsCstNode): Statement[] {
    return this.statements(node.children, node);
  }

  /** The AST of a parsed standalone expression (the `expression` rule). */
  standaloneExpression(node: C.ExpressionCstNode): Expr {
    this.positional = [];
    const expr = this.expression(node.children, node);
    this.numberParameters();
    return expr;
  }

  statements(ctx: C.StatementsCstChildren, _node: CstNode): Statement[] {
    const out: Statement[] = [];
    for (const n of ctx.statement ?? []) {
      this.positional = [];
      out.push(this.statement(n.children, n));
      this.numberParameters();
    }
    return out;
  }

  /** Gives the `?` parameters met since the last reset their indexes, in source order. */
  private numberParameters(): void {
    const params = this.positional;
    if (params.length === 0) return;
    params.sort((a, b) => a.position - b.position);
    for (let i = 0; i < params.length; i++) at(params, i).index = i;
    this.positional = [];
  }

  statement(ctx: C.StatementCstChildren, node: CstNode): Statement {
    const query = ctx.queryExpression?.[0];
    if (query !== undefined) return { kind: 'Select', query: this.query(query), ...spanOf(node) };
    const insert = ctx.insertStatement?.[0];
    if (insert !== undefined) return this.insertStatement(insert.children, insert);
    const update = ctx.updateStatement?.[0];
    if (update !== undefined) return this.updateStatement(update.children, update);
    const del = ctx.deleteStatement?.[0];
    if (del !== undefined) return this.deleteStatement(del.children, del);
    const createType = ctx.createTypeStatement?.[0];
    if (createType !== undefined) return this.createTypeStatement(createType.children, createType);
    const createMethod = ctx.createMethodStatement?.[0];
    if (createMethod !== undefined) return this.createMethodStatement(createMethod.children, createMethod);
    const dropType = ctx.dropTypeStatement?.[0];
    if (dropType !== undefined) return this.dropTypeStatement(dropType.children, dropType);
    const createTableOf = ctx.createTableOfStatement?.[0];
    if (createTableOf !== undefined) return this.createTableOfStatement(createTableOf.children, createTableOf);
    const createTable = ctx.createTableStatement?.[0];
    if (createTable !== undefined) return this.createTableStatement(createTable.children, createTable);
    const createIndex = ctx.createIndexStatement?.[0];
    if (createIndex !== undefined) return this.createIndexStatement(createIndex.children, createIndex);
    const dropTable = ctx.dropTableStatement?.[0];
    if (dropTable !== undefined) return this.dropTableStatement(dropTable.children, dropTable);
    const dropIndex = ctx.dropIndexStatement?.[0];
    if (dropIndex !== undefined) return this.dropIndexStatement(dropIndex.children, dropIndex);
    const dropObject = ctx.dropObjectStatement?.[0];
    if (dropObject !== undefined) return this.dropObjectStatement(dropObject.children, dropObject);
    const alter = ctx.alterTableStatement?.[0];
    if (alter !== undefined) return this.alterTableStatement(alter.children, alter);
    const alterIndex = ctx.alterIndexStatement?.[0];
    if (alterIndex !== undefined) return this.alterIndexStatement(alterIndex.children, alterIndex);
    const truncate = ctx.truncateStatement?.[0];
    if (truncate !== undefined) return this.truncateStatement(truncate.children, truncate);
    const begin = ctx.beginStatement?.[0];
    if (begin !== undefined) return this.beginStatement(begin.children, begin);
    const commit = ctx.commitStatement?.[0];
    if (commit !== undefined) return this.commitStatement(commit.children, commit);
    const rollback = ctx.rollbackStatement?.[0];
    if (rollback !== undefined) return this.rollbackStatement(rollback.children, rollback);
    const savepoint = ctx.savepointStatement?.[0];
    if (savepoint !== undefined) return this.savepointStatement(savepoint.children, savepoint);
    const createView = ctx.createViewStatement?.[0];
    if (createView !== undefined) return this.createViewStatement(createView.children, createView);
    const dropView = ctx.dropViewStatement?.[0];
    if (dropView !== undefined) return this.dropViewStatement(dropView.children, dropView);
    const merge = ctx.mergeStatement?.[0];
    if (merge !== undefined) return this.mergeStatement(merge.children, merge);
    const reindex = ctx.reindexStatement?.[0];
    if (reindex !== undefined) return this.reindexStatement(reindex.children, reindex);
    const createTrigger = ctx.createTriggerStatement?.[0];
    if (createTrigger !== undefined) return this.createTriggerStatement(createTrigger.children, createTrigger);
    const dropTrigger = ctx.dropTriggerStatement?.[0];
    if (dropTrigger !== undefined) return this.dropTriggerStatement(dropTrigger.children, dropTrigger);
    const createRoutine = ctx.createRoutineStatement?.[0];
    if (createRoutine !== undefined) return this.createRoutineStatement(createRoutine.children, createRoutine);
    const dropRoutine = ctx.dropRoutineStatement?.[0];
    if (dropRoutine !== undefined) return this.dropRoutineStatement(dropRoutine.children, dropRoutine);
    const call = ctx.callStatement?.[0];
    if (call !== undefined) return this.callStatement(call.children, call);
    const access = this.accessStatement(ctx);
    if (access !== null) return access;
    const explain = one(ctx.explainStatement, 'statement');
    return this.explainStatement(explain.children, explain);
  }

  /** The statements of users, roles and privileges (visitor/access.ts), or null. */
  private accessStatement(ctx: C.StatementCstChildren): Statement | null {
    const createUser = ctx.createUserStatement?.[0];
    if (createUser !== undefined) return this.createUserStatement(createUser.children, createUser);
    const alterUser = ctx.alterUserStatement?.[0];
    if (alterUser !== undefined) return this.alterUserStatement(alterUser.children, alterUser);
    const createRole = ctx.createRoleStatement?.[0];
    if (createRole !== undefined) return this.createRoleStatement(createRole.children, createRole);
    const dropPrincipal = ctx.dropPrincipalStatement?.[0];
    if (dropPrincipal !== undefined) return this.dropPrincipalStatement(dropPrincipal.children, dropPrincipal);
    const grant = ctx.grantStatement?.[0];
    if (grant !== undefined) return this.grantStatement(grant.children, grant);
    const revoke = ctx.revokeStatement?.[0];
    if (revoke !== undefined) return this.revokeStatement(revoke.children, revoke);
    const setRole = ctx.setRoleStatement?.[0];
    if (setRole !== undefined) return this.setRoleStatement(setRole.children, setRole);
    return null;
  }

  explainStatement(ctx: C.ExplainStatementCstChildren, node: CstNode): Explain {
    const s = one(ctx.statement);
    const statement = this.statement(s.children, s);
    return { kind: 'Explain', analyze: ctx.ANALYZE !== undefined, statement, ...spanOf(node) };
  }
}

/** The visitor; shared by every parse in the process. */
export const SQL_VISITOR = new SqlVisitor();
