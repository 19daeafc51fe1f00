/**
 * grammar/visitor/transaction.ts — TransactionVisitor: CST → AST for BEGIN, COMMIT and ROLLBACK.
 */
import type { CstNode } from 'chevrotain';
import type { Begin, Commit, Rollback } from '../ast/statement';
import type * as C from '../cst.generated';
import { spanOf } from './cst-helpers';
import { ViewVisitor } from './view';

/** Builds BEGIN, COMMIT and ROLLBACK ASTs. */
export abstract class TransactionVisitor extends ViewVisitor {
  beginStatement(_ctx: C.BeginStatementCstChildren, node: CstNode): Begin {
    return { kind: 'Begin', ...spanOf(node) };
  }

  commitStatement(_ctx: C.CommitStatementCstChildren, node: CstNode): Commit {
    return { kind: 'Commit', ...spanOf(node) };
  }

  rollbackStatement(_ctx: C.RollbackStatementCstChildren, node: CstNode): Rollback {
    return { kind: 'Rollback', ...spanOf(node) };
  }
}
