/**
 * grammar/parser/transaction.ts — TransactionParser: BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK [TO
 * SAVEPOINT], SAVEPOINT and RELEASE SAVEPOINT.
 *
 * 1. Transaction modes are read and kept where they mean something: ISOLATION LEVEL (any level: every
 *    transaction is serializable, the strongest, which the standard lets a weaker level get), READ ONLY / READ
 *    WRITE and [NOT] DEFERRABLE (PostgreSQL's), and SQLite's DEFERRED / IMMEDIATE / EXCLUSIVE after BEGIN.
 * 2. SAVEPOINT and RELEASE are non-reserved: `RELEASE savepoint` releases a savepoint named SAVEPOINT, and
 *    `ROLLBACK TO savepoint` rolls back to it (the keyword is taken only when a name follows it).
 */
import { tokenMatcher } from '../chevrotain';
import * as K from '../tokens/keywords.generated';
import { Name } from '../tokens/literals';
import { Comma } from '../tokens/operators';
import { TriggerParser } from './trigger';

/** Adds BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK and savepoints. */
export abstract class TransactionParser extends TriggerParser {
  /**
   * beginStatement := BEGIN [DEFERRED | IMMEDIATE | EXCLUSIVE] [TRANSACTION | WORK] [transactionModes]
   *                 | START TRANSACTION [transactionModes]
   */
  beginStatement = this.RULE('beginStatement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.BEGIN);
          this.OPTION3(() => {
            this.OR3([
              { ALT: () => this.CONSUME(K.DEFERRED, { LABEL: 'lockMode' }) },
              { ALT: () => this.CONSUME(K.IMMEDIATE, { LABEL: 'lockMode' }) },
              { ALT: () => this.CONSUME(K.EXCLUSIVE, { LABEL: 'lockMode' }) },
            ]);
          });
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
    this.OPTION2(() => this.SUBRULE(this.transactionModes));
  });

  /** transactionModes := transactionMode ("," transactionMode)* */
  transactionModes = this.RULE('transactionModes', () => {
    this.SUBRULE(this.transactionMode);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.transactionMode);
    });
  });

  /**
   * transactionMode := ISOLATION LEVEL (SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED)
   *                  | READ ONLY | READ WRITE | [NOT] DEFERRABLE
   */
  transactionMode = this.RULE('transactionMode', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.ISOLATION);
          this.CONSUME(K.LEVEL);
          this.OR2([
            { ALT: () => this.CONSUME(K.SERIALIZABLE, { LABEL: 'level' }) },
            {
              ALT: () => {
                this.CONSUME(K.REPEATABLE, { LABEL: 'level' });
                this.CONSUME(K.READ, { LABEL: 'level' });
              },
            },
            {
              ALT: () => {
                this.CONSUME2(K.READ, { LABEL: 'level' });
                this.OR3([{ ALT: () => this.CONSUME(K.COMMITTED, { LABEL: 'level' }) }, { ALT: () => this.CONSUME(K.UNCOMMITTED, { LABEL: 'level' }) }]);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME3(K.READ);
          this.OR4([{ ALT: () => this.CONSUME(K.ONLY, { LABEL: 'access' }) }, { ALT: () => this.CONSUME(K.WRITE, { LABEL: 'access' }) }]);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(K.NOT));
          this.CONSUME(K.DEFERRABLE);
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
