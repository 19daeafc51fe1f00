/**
 * grammar/parser/trigger.ts — TriggerParser: CREATE TRIGGER (standard, Pyrrho and SQLite forms) and DROP TRIGGER.
 *
 * 1. Everything between the name and the body is optional as SQLite allows (`CREATE TRIGGER t UPDATE ON t1
 *    BEGIN SELECT 1; END`); the visitor fills in the defaults (ast/trigger.ts invariant 1).
 * 2. The body is a PSM statement (psm.ts): `BEGIN [ATOMIC] … END` with statements separated by semicolons (one
 *    before END allowed, as SQLite writes it), or a single statement — SQL, or `SET c = …` of the new row.
 */
import type { CstNode, ParserMethod } from 'chevrotain';
import * as K from '../tokens/keywords.generated';
import { Name } from '../tokens/literals';
import { Comma } from '../tokens/operators';
import { ViewParser } from './view';

/** Adds CREATE TRIGGER and DROP TRIGGER. */
export abstract class TriggerParser extends ViewParser {
  /**
   * createTriggerStatement := CREATE [TEMP | TEMPORARY] TRIGGER [ifNotExists] Name [triggerTiming] triggerEvent
   *   ON tableName [REFERENCING referencingItem+] [FOR EACH (ROW | STATEMENT)] [WHEN expression] psmStatement
   */
  createTriggerStatement = this.RULE('createTriggerStatement', () => {
    this.CONSUME(K.CREATE);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(K.TEMP) }, { ALT: () => this.CONSUME(K.TEMPORARY) }]));
    this.CONSUME(K.TRIGGER);
    this.OPTION2(() => this.SUBRULE(this.ifNotExists));
    this.CONSUME(Name);
    this.OPTION3(() => this.SUBRULE(this.triggerTiming));
    this.SUBRULE(this.triggerEvent);
    this.CONSUME(K.ON);
    this.SUBRULE(this.tableName);
    this.OPTION4(() => {
      this.CONSUME(K.REFERENCING);
      this.AT_LEAST_ONE(() => this.SUBRULE(this.referencingItem));
    });
    this.OPTION5(() => {
      this.CONSUME(K.FOR);
      this.CONSUME(K.EACH);
      this.OR2([{ ALT: () => this.CONSUME(K.ROW) }, { ALT: () => this.CONSUME(K.STATEMENT) }]);
    });
    this.OPTION6(() => {
      this.CONSUME(K.WHEN);
      this.SUBRULE(this.expression);
    });
    this.SUBRULE(this.psmStatement);
  });

  /** triggerTiming := BEFORE | AFTER | INSTEAD OF */
  triggerTiming = this.RULE('triggerTiming', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.BEFORE) },
      { ALT: () => this.CONSUME(K.AFTER) },
      {
        ALT: () => {
          this.CONSUME(K.INSTEAD);
          this.CONSUME(K.OF);
        },
      },
    ]);
  });

  /** triggerEvent := INSERT | DELETE | UPDATE [OF Name ("," Name)*] */
  triggerEvent = this.RULE('triggerEvent', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.INSERT) },
      { ALT: () => this.CONSUME(K.DELETE) },
      {
        ALT: () => {
          this.CONSUME(K.UPDATE);
          this.OPTION(() => {
            this.CONSUME(K.OF);
            this.CONSUME(Name);
            this.MANY(() => {
              this.CONSUME(Comma);
              this.CONSUME2(Name);
            });
          });
        },
      },
    ]);
  });

  /** referencingItem := (OLD | NEW) [ROW | TABLE] [AS] Name */
  referencingItem = this.RULE('referencingItem', () => {
    this.OR([{ ALT: () => this.CONSUME(K.OLD) }, { ALT: () => this.CONSUME(K.NEW) }]);
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(K.ROW) }, { ALT: () => this.CONSUME(K.TABLE) }]));
    this.OPTION2(() => this.CONSUME(K.AS));
    this.CONSUME(Name);
  });

  /** dropTriggerStatement := DROP TRIGGER [ifExists] Name */
  dropTriggerStatement = this.RULE('dropTriggerStatement', () => {
    this.CONSUME(K.DROP);
    this.CONSUME(K.TRIGGER);
    this.OPTION(() => this.SUBRULE(this.ifExists));
    this.CONSUME(Name);
  });

  /** psmStatement := … (defined by PsmParser, later in the chain): a body, `BEGIN [ATOMIC] … END` or one statement */
  abstract psmStatement: ParserMethod<[], CstNode>;
}
