/**
 * grammar/parser/transaction.ts — TransactionParser: BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK.
 *
 * 1. Serializable is the only isolation level, so no transaction modes are parsed.
 */
import * as K from '../tokens/keywords.generated';
import { ViewParser } from './view';

/** Adds BEGIN / START TRANSACTION, COMMIT / END and ROLLBACK. */
export abstract class TransactionParser extends ViewParser {
  /** beginStatement := BEGIN [TRANSACTION | WORK] | START TRANSACTION */
  beginStatement = this.RULE('beginStatement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.BEGIN);
          this.OPTION(() => {
            this.OR2([{ ALT: () => this.CONSUME(K.TRANSACTION) }, { ALT: () => this.CONSUME(K.WORK) }]);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.START);
          this.CONSUME2(K.TRANSACTION);
        },
      },
    ]);
  });

  /** commitStatement := (COMMIT | END) [TRANSACTION | WORK] */
  commitStatement = this.RULE('commitStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(K.COMMIT) }, { ALT: () => this.CONSUME(K.END) }]);
    this.OPTION(() => {
      this.OR2([{ ALT: () => this.CONSUME(K.TRANSACTION) }, { ALT: () => this.CONSUME(K.WORK) }]);
    });
  });

  /** rollbackStatement := ROLLBACK [TRANSACTION | WORK] */
  rollbackStatement = this.RULE('rollbackStatement', () => {
    this.CONSUME(K.ROLLBACK);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(K.TRANSACTION) }, { ALT: () => this.CONSUME(K.WORK) }]);
    });
  });
}
