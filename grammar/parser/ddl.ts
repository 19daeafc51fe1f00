/**
 * grammar/parser/ddl.ts — DdlParser: CREATE / DROP TABLE, CREATE / DROP INDEX, ALTER TABLE, Pyrrho's DROP name.
 *
 * 1. Column constraints and table constraints are separate rules because they differ in shape (a table
 *    constraint names its columns); both take an optional `CONSTRAINT name` prefix.
 * 2. DEFAULT takes a full expression; `DEFAULT 0 NOT NULL` still ends the default before NOT (see `predicate`).
 * 3. Key lists (PRIMARY KEY, UNIQUE, CREATE INDEX) take `keyColumn`s: a column, or a document path inside one
 *    (`doc.address.zip`, `doc.tags.0`) with an optional declared type (`h.i AS INT`). FOREIGN KEY and
 *    REFERENCES lists stay plain names.
 * 4. `DROP name` (Pyrrho: no object kind) is its own statement rule, `dropObjectStatement`; in the statement
 *    alternatives it comes after DROP TABLE / DROP INDEX and is gated off when LA(2) is a word that names an
 *    object kind (`DROP_KINDS` in sql-parser.ts), so `DROP INDEX i` is never read as dropping an object INDEX.
 */
import * as K from '../tokens/keywords.generated';
import { IntegerLiteral, Name } from '../tokens/literals';
import { tokenMatcher } from '../chevrotain';
import { AdditiveOperator, Comma, LParen, RParen } from '../tokens/operators';
import { DmlParser } from './dml';

/** Adds CREATE / DROP TABLE, CREATE / DROP INDEX and ALTER TABLE. */
export abstract class DdlParser extends DmlParser {
  /**
   * createTableStatement := CREATE TABLE [ifNotExists] tableName "(" tableElement ("," tableElement)* ")"
   *                       | CREATE TABLE [ifNotExists] tableName AS queryExpression [WITH [NO] DATA]
   */
  createTableStatement = this.RULE('createTableStatement', () => {
    this.CONSUME(K.CREATE);
    this.CONSUME(K.TABLE);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.tableName);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.tableElement);
          this.MANY(() => {
            this.CONSUME(Comma);
            this.SUBRULE2(this.tableElement);
          });
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.AS);
          this.SUBRULE(this.queryExpression);
          this.OPTION2(() => {
            this.CONSUME(K.WITH);
            this.OPTION3(() => this.CONSUME(K.NO));
            this.CONSUME(K.DATA);
          });
        },
      },
    ]);
  });

  /** ifNotExists := IF NOT EXISTS */
  ifNotExists = this.RULE('ifNotExists', () => {
    this.CONSUME(K.IF);
    this.CONSUME(K.NOT);
    this.CONSUME(K.EXISTS);
  });

  /** ifExists := IF EXISTS */
  ifExists = this.RULE('ifExists', () => {
    this.CONSUME(K.IF);
    this.CONSUME(K.EXISTS);
  });

  /** tableElement := columnDefinition | tableConstraint | likeTable */
  tableElement = this.RULE('tableElement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.columnDefinition) },
      { ALT: () => this.SUBRULE(this.tableConstraint) },
      { ALT: () => this.SUBRULE(this.likeTable) },
    ]);
  });

  /**
   * likeTable := LIKE tableName likeOption*
   * likeOption := (INCLUDING | EXCLUDING) (DEFAULTS | CONSTRAINTS | INDEXES | IDENTITY | GENERATED | ALL)
   */
  likeTable = this.RULE('likeTable', () => {
    this.CONSUME(K.LIKE);
    this.SUBRULE(this.tableName);
    this.MANY(() => this.SUBRULE(this.likeOption));
  });

  likeOption = this.RULE('likeOption', () => {
    this.OR([{ ALT: () => this.CONSUME(K.INCLUDING) }, { ALT: () => this.CONSUME(K.EXCLUDING) }]);
    this.OR2([
      { ALT: () => this.CONSUME(K.DEFAULTS, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(K.CONSTRAINTS, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(K.INDEXES, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(K.IDENTITY, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(K.GENERATED, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(K.ALL, { LABEL: 'what' }) },
    ]);
  });

  /** columnDefinition := Name typeName columnConstraint* */
  columnDefinition = this.RULE('columnDefinition', () => {
    this.CONSUME(Name);
    this.SUBRULE(this.typeName);
    this.MANY(() => this.SUBRULE(this.columnConstraint));
  });

  /** constraintName := CONSTRAINT Name */
  constraintName = this.RULE('constraintName', () => {
    this.CONSUME(K.CONSTRAINT);
    this.CONSUME(Name);
  });

  /**
   * columnConstraint := [constraintName] (NOT NULL | NULL | PRIMARY KEY | UNIQUE | DEFAULT expression
   *                                       | CHECK "(" expression ")" | referencesClause
   *                                       | GENERATED ALWAYS AS expression [STORED]
   *                                       | GENERATED (ALWAYS | byDefault) AS IDENTITY [identityOptions])
   */
  columnConstraint = this.RULE('columnConstraint', () => {
    this.OPTION(() => this.SUBRULE(this.constraintName));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.NOT);
          this.CONSUME(K.NULL);
        },
      },
      { ALT: () => this.CONSUME2(K.NULL) },
      {
        ALT: () => {
          this.CONSUME(K.PRIMARY);
          this.CONSUME(K.KEY);
        },
      },
      { ALT: () => this.CONSUME(K.UNIQUE) },
      {
        ALT: () => {
          this.CONSUME(K.DEFAULT);
          this.SUBRULE(this.expression, { LABEL: 'defaultValue' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.CHECK);
          this.CONSUME(LParen);
          this.SUBRULE2(this.expression, { LABEL: 'check' });
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.referencesClause) },
      {
        ALT: () => {
          this.CONSUME(K.GENERATED);
          this.OR2([{ ALT: () => this.CONSUME(K.ALWAYS) }, { ALT: () => this.SUBRULE(this.byDefault) }]);
          this.CONSUME(K.AS);
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(K.IDENTITY);
                this.OPTION3(() => this.SUBRULE(this.identityOptions));
              },
            },
            {
              // `AS identity` is the identity, never a generation expression naming a column `identity`
              IGNORE_AMBIGUITIES: true,
              ALT: () => {
                this.SUBRULE3(this.expression, { LABEL: 'generated' });
                this.OPTION2(() => this.CONSUME(K.STORED));
              },
            },
          ]);
        },
      },
    ]);
  });

  /** byDefault := BY DEFAULT (of an identity column: a value given is taken) */
  byDefault = this.RULE('byDefault', () => {
    this.CONSUME(K.BY);
    this.CONSUME(K.DEFAULT);
  });

  /**
   * identityOptions := "(" identityOption+ ")"
   * identityOption := START [WITH] signedInteger | INCREMENT [BY] signedInteger
   */
  identityOptions = this.RULE('identityOptions', () => {
    this.CONSUME(LParen);
    this.AT_LEAST_ONE(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(K.START);
            this.OPTION(() => this.CONSUME(K.WITH));
            this.SUBRULE(this.signedInteger, { LABEL: 'start' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.INCREMENT);
            this.OPTION2(() => this.CONSUME(K.BY));
            this.SUBRULE2(this.signedInteger, { LABEL: 'increment' });
          },
        },
      ]);
    });
    this.CONSUME(RParen);
  });

  /** signedInteger := ["+" | "-"] IntegerLiteral */
  signedInteger = this.RULE('signedInteger', () => {
    this.OPTION(() => this.CONSUME(AdditiveOperator));
    this.CONSUME(IntegerLiteral);
  });

  /**
   * tableConstraint := [constraintName] ( PRIMARY KEY keyColumns | UNIQUE keyColumns
   *                                     | CHECK "(" expression ")"
   *                                     | FOREIGN KEY parenthesizedColumns referencesClause )
   */
  tableConstraint = this.RULE('tableConstraint', () => {
    this.OPTION(() => this.SUBRULE(this.constraintName));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.PRIMARY);
          this.CONSUME(K.KEY);
          this.SUBRULE(this.keyColumns);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.UNIQUE);
          this.SUBRULE2(this.keyColumns);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.CHECK);
          this.CONSUME(LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.FOREIGN);
          this.CONSUME2(K.KEY);
          this.SUBRULE(this.parenthesizedColumns);
          this.SUBRULE(this.referencesClause);
        },
      },
    ]);
  });

  /** parenthesizedColumns := "(" nameList ")" */
  parenthesizedColumns = this.RULE('parenthesizedColumns', () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.nameList);
    this.CONSUME(RParen);
  });

  /** keyColumns := "(" keyColumn ("," keyColumn)* ")" */
  keyColumns = this.RULE('keyColumns', () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.keyColumn);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.keyColumn);
    });
    this.CONSUME(RParen);
  });

  /**
   * keyColumn := Name nameStep* [AS typeName]   — a column, or a document path inside it and its type
   * (nameStep as in `namedPrimary`: "." Name, or "." digits for an array position)
   */
  keyColumn = this.RULE('keyColumn', () => {
    this.CONSUME(Name);
    this.MANY(this.nameStepLoop);
    this.OPTION(() => {
      this.CONSUME(K.AS);
      this.SUBRULE(this.typeName);
    });
  });

  /** referencesClause := REFERENCES tableName [parenthesizedColumns] referentialTrigger* */
  referencesClause = this.RULE('referencesClause', () => {
    this.CONSUME(K.REFERENCES);
    this.SUBRULE(this.tableName);
    this.OPTION(() => this.SUBRULE(this.parenthesizedColumns));
    this.MANY(() => this.SUBRULE(this.referentialTrigger));
  });

  /** referentialTrigger := ON (DELETE | UPDATE) referentialAction */
  referentialTrigger = this.RULE('referentialTrigger', () => {
    this.CONSUME(K.ON);
    this.OR([{ ALT: () => this.CONSUME(K.DELETE) }, { ALT: () => this.CONSUME(K.UPDATE) }]);
    this.SUBRULE(this.referentialAction);
  });

  /** referentialAction := RESTRICT | NO ACTION | CASCADE | SET NULL | SET DEFAULT */
  referentialAction = this.RULE('referentialAction', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.RESTRICT) },
      {
        ALT: () => {
          this.CONSUME(K.NO);
          this.CONSUME(K.ACTION);
        },
      },
      { ALT: () => this.CONSUME(K.CASCADE) },
      {
        ALT: () => {
          this.CONSUME(K.SET);
          this.CONSUME(K.NULL);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.SET);
          this.CONSUME(K.DEFAULT);
        },
      },
    ]);
  });

  /**
   * createIndexStatement := CREATE [UNIQUE] INDEX [CONCURRENTLY] [ifNotExists] [Name] ON tableName
   *                         "(" indexColumn ("," indexColumn)* ")"
   * (without a name the index gets one: table_columns_IDX)
   */
  createIndexStatement = this.RULE('createIndexStatement', () => {
    this.CONSUME(K.CREATE);
    this.OPTION(() => this.CONSUME(K.UNIQUE));
    this.CONSUME(K.INDEX);
    // PostgreSQL's CONCURRENTLY (nothing waits here anyway); reserved, as there
    this.OPTION4(() => this.CONSUME(K.CONCURRENTLY));
    this.OPTION2(() => this.SUBRULE(this.ifNotExists));
    this.OPTION3(() => this.CONSUME(Name));
    this.CONSUME(K.ON);
    this.SUBRULE(this.tableName);
    this.CONSUME(LParen);
    this.SUBRULE(this.indexColumn);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.indexColumn);
    });
    this.CONSUME(RParen);
  });

  /** indexColumn := keyColumn [ASC | DESC] */
  indexColumn = this.RULE('indexColumn', () => {
    this.SUBRULE(this.keyColumn);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(K.ASC) }, { ALT: () => this.CONSUME(K.DESC) }]);
    });
  });

  /** dropTableStatement := DROP TABLE [ifExists] tableName [dropBehavior] */
  dropTableStatement = this.RULE('dropTableStatement', () => {
    this.CONSUME(K.DROP);
    this.CONSUME(K.TABLE);
    this.OPTION(() => this.SUBRULE(this.ifExists));
    this.SUBRULE(this.tableName);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.tableName);
    });
    this.OPTION2(() => this.SUBRULE(this.dropBehavior));
  });

  /** dropBehavior := CASCADE | RESTRICT */
  dropBehavior = this.RULE('dropBehavior', () => {
    this.OR([{ ALT: () => this.CONSUME(K.CASCADE) }, { ALT: () => this.CONSUME(K.RESTRICT) }]);
  });

  /**
   * dropObjectStatement := DROP Name [dropBehavior]   — Pyrrho's DROP without the object kind (invariant 4).
   * `DROP INDEX …` stays DROP INDEX: this alternative is gated off when an object-kind word follows DROP.
   */
  dropObjectStatement = this.RULE('dropObjectStatement', () => {
    this.CONSUME(K.DROP);
    this.CONSUME(Name);
    this.OPTION(() => this.SUBRULE(this.dropBehavior));
  });

  /** dropIndexStatement := DROP INDEX [ifExists] Name */
  dropIndexStatement = this.RULE('dropIndexStatement', () => {
    this.CONSUME(K.DROP);
    this.CONSUME(K.INDEX);
    this.OPTION(() => this.SUBRULE(this.ifExists));
    this.CONSUME(Name);
  });

  /** truncateStatement := TRUNCATE [TABLE] tableName ("," tableName)* [(RESTART | CONTINUE) IDENTITY] [dropBehavior] */
  truncateStatement = this.RULE('truncateStatement', () => {
    this.CONSUME(K.TRUNCATE);
    this.OPTION(() => this.CONSUME(K.TABLE));
    this.SUBRULE(this.tableName);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.tableName);
    });
    this.OPTION3(() => {
      this.OR([{ ALT: () => this.CONSUME(K.RESTART, { LABEL: 'identity' }) }, { ALT: () => this.CONSUME(K.CONTINUE, { LABEL: 'identity' }) }]);
      this.CONSUME(K.IDENTITY);
    });
    this.OPTION2(() => this.SUBRULE(this.dropBehavior));
  });

  /** alterIndexStatement := ALTER INDEX Name RENAME TO Name */
  alterIndexStatement = this.RULE('alterIndexStatement', () => {
    this.CONSUME(K.ALTER);
    this.CONSUME(K.INDEX);
    this.CONSUME(Name, { LABEL: 'index' });
    this.CONSUME(K.RENAME);
    this.CONSUME(K.TO);
    this.CONSUME2(Name, { LABEL: 'newName' });
  });

  /** alterTableStatement := ALTER TABLE tableName alterAction */
  alterTableStatement = this.RULE('alterTableStatement', () => {
    this.CONSUME(K.ALTER);
    this.CONSUME(K.TABLE);
    this.SUBRULE(this.tableName);
    this.SUBRULE(this.alterAction);
  });

  /**
   * alterAction := ADD [COLUMN] [ifNotExists] columnDefinition | ADD tableConstraint
   *              | DROP CONSTRAINT Name | DROP PRIMARY KEY [parenthesizedColumns] | DROP [COLUMN] [ifExists] Name
   *              | ALTER [COLUMN] Name alterColumnAction
   *              | SET parenthesizedColumns referencesClause     — Pyrrho's way to add a foreign key
   *              | renameAction
   */
  alterAction = this.RULE('alterAction', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.ADD);
          this.OR2([
            { ALT: () => this.SUBRULE(this.tableConstraint) },
            {
              ALT: () => {
                this.OPTION(() => this.CONSUME(K.COLUMN));
                this.OPTION5(() => this.SUBRULE(this.ifNotExists));
                this.SUBRULE(this.columnDefinition);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.DROP);
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(K.CONSTRAINT);
                this.CONSUME(Name, { LABEL: 'constraint' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(K.PRIMARY);
                this.CONSUME(K.KEY);
                this.OPTION4(() => this.SUBRULE(this.parenthesizedColumns, { LABEL: 'primaryKey' }));
              },
            },
            {
              ALT: () => {
                this.OPTION2(() => this.CONSUME2(K.COLUMN));
                this.OPTION6(() => this.SUBRULE(this.ifExists));
                this.CONSUME2(Name, { LABEL: 'column' });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.SET);
          this.SUBRULE2(this.parenthesizedColumns, { LABEL: 'foreignKey' });
          this.SUBRULE(this.referencesClause);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.ALTER);
          this.OPTION3(() => this.CONSUME3(K.COLUMN));
          this.CONSUME3(Name, { LABEL: 'column' });
          this.SUBRULE(this.alterColumnAction);
        },
      },
      { ALT: () => this.SUBRULE(this.renameAction) },
    ]);
  });

  /**
   * renameAction := RENAME TO Name | RENAME CONSTRAINT Name TO Name | RENAME [COLUMN] Name TO Name
   * TO is non-reserved, so `RENAME TO TO x` renames a column named TO: the column form is taken when the second
   * word is TO and a name follows it (a GATE), the table form otherwise (`RENAME TO TO` names the table TO).
   */
  renameAction = this.RULE('renameAction', () => {
    this.CONSUME(K.RENAME);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.CONSTRAINT);
            this.CONSUME(Name, { LABEL: 'constraint' });
            this.CONSUME(K.TO);
            this.CONSUME2(Name, { LABEL: 'newName' });
          },
        },
        {
          GATE: () => this.LA(1).tokenType === K.COLUMN || (this.LA(2).tokenType === K.TO && tokenMatcher(this.LA(3), Name)),
          ALT: () => {
            this.OPTION(() => this.CONSUME(K.COLUMN));
            this.CONSUME3(Name, { LABEL: 'column' });
            this.CONSUME2(K.TO);
            this.CONSUME4(Name, { LABEL: 'newName' });
          },
        },
        {
          ALT: () => {
            this.CONSUME3(K.TO);
            this.CONSUME5(Name, { LABEL: 'newName' });
          },
        },
      ],
    });
  });

  /**
   * alterColumnAction := SET DEFAULT expression | DROP DEFAULT | SET NOT NULL | DROP NOT NULL
   *                    | SET DATA TYPE typeName | TYPE typeName
   */
  alterColumnAction = this.RULE('alterColumnAction', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.SET);
          this.CONSUME(K.DEFAULT);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.DROP);
          this.CONSUME2(K.DEFAULT);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.SET);
          this.CONSUME(K.NOT);
          this.CONSUME(K.NULL);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.DROP);
          this.CONSUME2(K.NOT);
          this.CONSUME2(K.NULL);
        },
      },
      {
        ALT: () => {
          this.CONSUME3(K.SET);
          this.CONSUME(K.DATA);
          this.CONSUME(K.TYPE);
          this.SUBRULE(this.typeName);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.TYPE);
          this.SUBRULE2(this.typeName);
        },
      },
    ]);
  });
}
