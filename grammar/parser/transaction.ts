/**
 * grammar/parser/transaction.ts — TransactionParser: BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK [TO
 * SAVEPOINT], SAVEPOINT and RELEASE SAVEPOINT.
 *
 * 1. Serializable is the only isolation level, so no transaction modes are parsed.
 * 2. SAVEPOINT and RELEASE are non-reserved: `RELEASE savepoint` releases a savepoint named SAVEPOINT, and
 *    `ROLLBACK TO savepoint` rolls back to it (the keyword is taken only when a name follows it).
 */
import { tokenMatcher } from '../chevrotain';
import * as K from '../tokens/keywords.generated';
import { Name } from '../tokens/literals';
import { TriggerParser } from './trigger';

/** Adds BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK and savepoints. */
export abstract class TransactionParser extends TriggerParser {
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

  /** rollbackStatement := ROLLBACK [TRANSACTION | WORK] [TO [SAVEPOINT] Name] */
  rollbackStatement = this.RULE('rollbackStatement', () => {
    this.CONSUME(K.ROLLBACK);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(K.TRANSACTION) }, { ALT: () => this.CONSUME(K.WORK) }]);
    });
    this.OPTION2(() => {
      this.CONSUME(K.TO);
      this.OPTION3(this.savepointWordStep);
      this.CONSUME(Name, { LABEL: 'savepoint' });
    });
  });

  /** savepointStatement := SAVEPOINT Name | RELEASE [SAVEPOINT] Name */
  savepointStatement = this.RULE('savepointStatement', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.SAVEPOINT) },
      {
        ALT: () => {
          this.CONSUME(K.RELEASE);
          this.OPTION(this.savepointWordStep);
        },
      },
    ]);
    this.CONSUME(Name, { LABEL: 'savepoint' });
  });

  /** the optional word SAVEPOINT before a savepoint's name (invariant 2) */
  private readonly savepointWordStep = {
    GATE: () => tokenMatcher(this.LA(2), Name),
    DEF: () => this.CONSUME2(K.SAVEPOINT),
  };
}
