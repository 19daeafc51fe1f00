/**
 * grammar/parser/view.ts — ViewParser: CREATE [OR REPLACE] VIEW and DROP VIEW.
 *
 * 1. The view's query is a full `queryExpression` (WITH, set operations, ORDER BY and limits included); the
 *    visitor keeps its span, so Level 4 stores exactly the text written.
 * 2. `dropBehavior` (CASCADE | RESTRICT) is DdlParser's, shared with DROP TABLE.
 * 3. WITH CHECK OPTION follows the query; WITH is reserved and no query ends with it, so it cannot be taken for
 *    part of the query (a FROM item's WITH ORDINALITY is told from it by the next word).
 */
import * as K from '../tokens/keywords.generated';
import { DdlParser } from './ddl';

/** Adds CREATE [OR REPLACE] VIEW and DROP VIEW. */
export abstract class ViewParser extends DdlParser {
  /**
   * createViewStatement := CREATE [OR REPLACE] VIEW tableName [parenthesizedColumns] AS queryExpression
   *                        [WITH [CASCADED | LOCAL] CHECK OPTION]
   */
  createViewStatement = this.RULE('createViewStatement', () => {
    this.CONSUME(K.CREATE);
    this.OPTION(() => {
      this.CONSUME(K.OR);
      this.CONSUME(K.REPLACE);
    });
    this.CONSUME(K.VIEW);
    this.SUBRULE(this.tableName);
    this.OPTION2(() => this.SUBRULE(this.parenthesizedColumns));
    this.CONSUME(K.AS);
    this.SUBRULE(this.queryExpression);
    this.OPTION3(() => {
      this.CONSUME(K.WITH);
      this.OPTION4(() => this.OR([{ ALT: () => this.CONSUME(K.CASCADED) }, { ALT: () => this.CONSUME(K.LOCAL) }]));
      this.CONSUME(K.CHECK);
      this.CONSUME(K.OPTION);
    });
  });

  /** dropViewStatement := DROP VIEW [ifExists] tableName [dropBehavior] */
  dropViewStatement = this.RULE('dropViewStatement', () => {
    this.CONSUME(K.DROP);
    this.CONSUME(K.VIEW);
    this.OPTION(() => this.SUBRULE(this.ifExists));
    this.SUBRULE(this.tableName);
    this.OPTION2(() => this.SUBRULE(this.dropBehavior));
  });
}
