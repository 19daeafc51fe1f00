/**
 * grammar/parser/dml.ts — DmlParser: INSERT, UPDATE, DELETE, MERGE and REINDEX.
 *
 * 1. INSERT's source is any query expression (VALUES, SELECT, `(SELECT …)`) or DEFAULT VALUES; the visitor turns
 *    a bare VALUES list into an InsertValues source.
 * 2. `INSERT INTO t (` is a column list when a name follows the `(`, a query when SELECT, VALUES or `(` does.
 * 3. `REPLACE INTO` and `INSERT OR REPLACE INTO` are INSERT with SQLite's REPLACE conflict resolution; ON CONFLICT
 *    (PostgreSQL's upsert) and RETURNING follow the source. RETURNING is reserved, so a bare alias never eats it.
 * 4. MERGE's source is a table or a parenthesised query, each with an optional alias; its WHEN clauses are
 *    tried in the order written.
 */
import * as K from '../tokens/keywords.generated';
import { Name } from '../tokens/literals';
import { Comma, Equals, LParen, RParen } from '../tokens/operators';
import { QueryParser } from './query';

/** Adds INSERT (with REPLACE, ON CONFLICT, RETURNING), UPDATE, DELETE, MERGE and REINDEX. */
export abstract class DmlParser extends QueryParser {
  /**
   * insertStatement := (INSERT [OR REPLACE] | REPLACE) INTO tableName [AS Name] ["(" nameList ")"]
   *                    [OVERRIDING (SYSTEM | USER) VALUE] (DEFAULT VALUES | queryExpression) [onConflict] [returning]
   */
  insertStatement = this.RULE('insertStatement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.INSERT);
          this.OPTION(() => {
            this.CONSUME(K.OR);
            this.CONSUME(K.REPLACE);
          });
        },
      },
      { ALT: () => this.CONSUME2(K.REPLACE) },
    ]);
    this.CONSUME(K.INTO);
    this.SUBRULE(this.tableName);
    this.OPTION2(() => {
      this.CONSUME(K.AS);
      this.CONSUME(Name, { LABEL: 'targetAlias' });
    });
    this.OPTION3(() => {
      this.CONSUME(LParen);
      this.SUBRULE(this.nameList);
      this.CONSUME(RParen);
    });
    this.OPTION6(() => {
      this.CONSUME(K.OVERRIDING);
      this.OR3([{ ALT: () => this.CONSUME(K.SYSTEM, { LABEL: 'overriding' }) }, { ALT: () => this.CONSUME(K.USER, { LABEL: 'overriding' }) }]);
      this.CONSUME(K.VALUE);
    });
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.DEFAULT);
          this.CONSUME(K.VALUES);
        },
      },
      { ALT: () => this.SUBRULE(this.queryExpression) },
    ]);
    this.OPTION4(() => this.SUBRULE(this.onConflict));
    this.OPTION5(() => this.SUBRULE(this.returning));
  });

  /**
   * onConflict := ON CONFLICT ["(" nameList ")" | ON CONSTRAINT Name]
   *               DO (NOTHING | UPDATE SET assignment ("," assignment)* [WHERE expression])
   */
  onConflict = this.RULE('onConflict', () => {
    this.CONSUME(K.ON);
    this.CONSUME(K.CONFLICT);
    this.OPTION(() => {
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.SUBRULE(this.nameList);
            this.CONSUME(RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME2(K.ON);
            this.CONSUME(K.CONSTRAINT);
            this.CONSUME(Name, { LABEL: 'constraint' });
          },
        },
      ]);
    });
    this.CONSUME(K.DO);
    this.OR([
      { ALT: () => this.CONSUME(K.NOTHING) },
      {
        ALT: () => {
          this.CONSUME(K.UPDATE);
          this.CONSUME(K.SET);
          this.setList();
          this.OPTION2(() => {
            this.CONSUME(K.WHERE);
            this.SUBRULE(this.expression);
          });
        },
      },
    ]);
  });

  /** returning := RETURNING selectItem ("," selectItem)* */
  returning = this.RULE('returning', () => {
    this.CONSUME(K.RETURNING);
    this.SUBRULE(this.selectItem);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.selectItem);
    });
  });

  /**
   * updateStatement := UPDATE tableName [alias] SET assignment ("," assignment)* [FROM fromItem ("," fromItem)*]
   *                    [WHERE expression] [returning]   (FROM: PostgreSQL's other tables of an UPDATE)
   */
  updateStatement = this.RULE('updateStatement', () => {
    this.CONSUME(K.UPDATE);
    this.SUBRULE(this.tableName);
    this.OPTION(() => this.SUBRULE(this.alias));
    this.CONSUME(K.SET);
    this.setList();
    this.OPTION4(() => {
      this.CONSUME(K.FROM);
      this.SUBRULE(this.otherTables);
    });
    this.OPTION2(() => {
      this.CONSUME(K.WHERE);
      this.SUBRULE(this.expression);
    });
    this.OPTION3(() => this.SUBRULE(this.returning));
  });

  /**
   * assignment ("," assignment)* — the SET list of UPDATE, ON CONFLICT DO UPDATE and MERGE, inlined in each rule
   * (its `assignment` children stay the rule's own; the rule must use no other SUBRULE(assignment) or MANY).
   */
  private readonly setList = (): void => {
    this.SUBRULE(this.assignment);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.assignment);
    });
  };

  /** assignment := Name "=" expression */
  assignment = this.RULE('assignment', () => {
    this.CONSUME(Name);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** otherTables := fromItem ("," fromItem)*   — UPDATE's FROM and DELETE's USING */
  otherTables = this.RULE('otherTables', () => {
    this.SUBRULE(this.fromItem);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.fromItem);
    });
  });

  /**
   * deleteStatement := DELETE FROM tableName [alias] [USING fromItem ("," fromItem)*] [WHERE expression] [returning]
   *                    (USING: PostgreSQL's other tables of a DELETE)
   */
  deleteStatement = this.RULE('deleteStatement', () => {
    this.CONSUME(K.DELETE);
    this.CONSUME(K.FROM);
    this.SUBRULE(this.tableName);
    this.OPTION(() => this.SUBRULE(this.alias));
    this.OPTION4(() => {
      this.CONSUME(K.USING);
      this.SUBRULE(this.otherTables);
    });
    this.OPTION2(() => {
      this.CONSUME(K.WHERE);
      this.SUBRULE(this.expression);
    });
    this.OPTION3(() => this.SUBRULE(this.returning));
  });

  /**
   * mergeStatement := MERGE INTO tableName [alias] USING mergeSource ON expression mergeWhen+
   * mergeSource    := tableName [alias] | "(" queryExpression ")" [alias]
   */
  mergeStatement = this.RULE('mergeStatement', () => {
    this.CONSUME(K.MERGE);
    this.CONSUME(K.INTO);
    this.SUBRULE(this.tableName);
    this.OPTION(() => this.SUBRULE(this.alias, { LABEL: 'targetAlias' }));
    this.CONSUME(K.USING);
    this.OR([
      { ALT: () => this.SUBRULE2(this.tableName, { LABEL: 'sourceTable' }) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.queryExpression);
          this.CONSUME(RParen);
        },
      },
    ]);
    this.OPTION2(() => this.SUBRULE2(this.alias, { LABEL: 'sourceAlias' }));
    this.CONSUME(K.ON);
    this.SUBRULE(this.expression);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.mergeWhen));
  });

  /**
   * mergeWhen := WHEN MATCHED [AND expression] THEN (UPDATE SET assignment ("," assignment)* | DELETE)
   *            | WHEN NOT MATCHED [AND expression] THEN INSERT ["(" nameList ")"] (VALUES "(" expressionList ")" | DEFAULT VALUES)
   */
  mergeWhen = this.RULE('mergeWhen', () => {
    this.CONSUME(K.WHEN);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.MATCHED);
          this.OPTION(() => {
            this.CONSUME(K.AND);
            this.SUBRULE(this.expression);
          });
          this.CONSUME(K.THEN);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(K.UPDATE);
                this.CONSUME(K.SET);
                this.setList();
              },
            },
            { ALT: () => this.CONSUME(K.DELETE) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.NOT);
          this.CONSUME2(K.MATCHED);
          this.OPTION2(() => {
            this.CONSUME2(K.AND);
            this.SUBRULE2(this.expression);
          });
          this.CONSUME2(K.THEN);
          this.CONSUME(K.INSERT);
          this.OPTION3(() => {
            this.CONSUME(LParen);
            this.SUBRULE(this.nameList);
            this.CONSUME(RParen);
          });
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(K.VALUES);
                this.CONSUME2(LParen);
                this.SUBRULE(this.expressionList);
                this.CONSUME2(RParen);
              },
            },
            {
              ALT: () => {
                this.CONSUME(K.DEFAULT);
                this.CONSUME2(K.VALUES);
              },
            },
          ]);
        },
      },
    ]);
  });

  /** reindexStatement := REINDEX [tableName] */
  reindexStatement = this.RULE('reindexStatement', () => {
    this.CONSUME(K.REINDEX);
    this.OPTION(() => this.SUBRULE(this.tableName));
  });
}
