/**
 * grammar/parser/dml.ts — DmlParser: INSERT, UPDATE and DELETE.
 *
 * 1. INSERT's source is any query expression (VALUES, SELECT, `(SELECT …)`) or DEFAULT VALUES; the visitor turns
 *    a bare VALUES list into an InsertValues source.
 * 2. `INSERT INTO t (` is a column list when a name follows the `(`, a query when SELECT, VALUES or `(` does.
 */
import * as K from '../tokens/keywords.generated';
import { Name } from '../tokens/literals';
import { Comma, Equals, LParen, RParen } from '../tokens/operators';
import { QueryParser } from './query';

/** Adds INSERT, UPDATE and DELETE. */
export abstract class DmlParser extends QueryParser {
  /** insertStatement := INSERT INTO tableName ["(" nameList ")"] (DEFAULT VALUES | queryExpression) */
  insertStatement = this.RULE('insertStatement', () => {
    this.CONSUME(K.INSERT);
    this.CONSUME(K.INTO);
    this.SUBRULE(this.tableName);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.SUBRULE(this.nameList);
      this.CONSUME(RParen);
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.DEFAULT);
          this.CONSUME(K.VALUES);
        },
      },
      { ALT: () => this.SUBRULE(this.queryExpression) },
    ]);
  });

  /** updateStatement := UPDATE tableName [alias] SET assignment ("," assignment)* [WHERE expression] */
  updateStatement = this.RULE('updateStatement', () => {
    this.CONSUME(K.UPDATE);
    this.SUBRULE(this.tableName);
    this.OPTION(() => this.SUBRULE(this.alias));
    this.CONSUME(K.SET);
    this.SUBRULE(this.assignment);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.assignment);
    });
    this.OPTION2(() => {
      this.CONSUME(K.WHERE);
      this.SUBRULE(this.expression);
    });
  });

  /** assignment := Name "=" expression */
  assignment = this.RULE('assignment', () => {
    this.CONSUME(Name);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** deleteStatement := DELETE FROM tableName [alias] [WHERE expression] */
  deleteStatement = this.RULE('deleteStatement', () => {
    this.CONSUME(K.DELETE);
    this.CONSUME(K.FROM);
    this.SUBRULE(this.tableName);
    this.OPTION(() => this.SUBRULE(this.alias));
    this.OPTION2(() => {
      this.CONSUME(K.WHERE);
      this.SUBRULE(this.expression);
    });
  });
}
