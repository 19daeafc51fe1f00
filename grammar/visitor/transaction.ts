/**
 * grammar/visitor/transaction.ts — TransactionVisitor: CST → AST for BEGIN, COMMIT, ROLLBACK [TO SAVEPOINT],
 * SAVEPOINT and RELEASE SAVEPOINT.
 */
import type { CstNode } from 'chevrotain';
import type { Begin, Commit, Rollback, Savepoint } from '../ast/statement';
import type * as C from '../cst.generated';
import { foldName, one, spanOf } from './cst-helpers';
import { TriggerVisitor } from './trigger';

/** Builds BEGIN, COMMIT and ROLLBACK ASTs. */
export abstract class TransactionVisitor extends TriggerVisitor {
  beginStatement(ctx: C.BeginStatementCstChildren, node: CstNode): Begin {
    const modes = ctx.transactionModes?.[0];
    const access = modes === undefined ? [] : this.transactionModes(modes.children, modes);
    return { kind: 'Begin', readOnly: access.length > 0 && access[access.length - 1] === 'ONLY', ...spanOf(node) };
  }

  /** The READ ONLY / READ WRITE words among the modes, in order (the isolation level and DEFERRABLE change nothing). */
  transactionModes(ctx: C.TransactionModesCstChildren, _node: CstNode): string[] {
    return ctx.transactionMode.flatMap((m) => this.transactionMode(m.children, m));
  }

  transactionMode(ctx: C.TransactionModeCstChildren, _node: CstNode): string[] {
    const access = ctx.access?.[0];
    return access === undefined ? [] : [access.image.toUpperCase()];
  }

  commitStatement(_ctx: C.CommitStatementCstChildren, node: CstNode): Commit {
    return { kind: 'Commit', ...spanOf(node) };
  }

  rollbackStatement(ctx: C.RollbackStatementCstChildren, node: CstNode): Rollback {
    const to = ctx.savepoint?.[0];
    return { kind: 'Rollback', savepoint: to === undefined ? null : foldName(to), ...spanOf(node) };
  }

  savepointStatement(ctx: C.SavepointStatementCstChildren, node: CstNode): Savepoint {
    return { kind: 'Savepoint', release: ctx.RELEASE !== undefined, name: foldName(one(ctx.savepoint)), ...spanOf(node) };
  }
}
