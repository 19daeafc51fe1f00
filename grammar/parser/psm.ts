/**
 * grammar/parser/psm.ts — PsmParser: SQL/PSM compound statements and the statements of routine bodies, CREATE
 * FUNCTION / PROCEDURE, CALL and DROP FUNCTION / PROCEDURE.
 *
 * 1. Compound statements exist only inside routine bodies (and, for the triggers and types families, in their
 *    bodies through `psmStatement`): at the top level BEGIN starts a transaction and END commits one.
 * 2. A body's statements are separated by ";" and the list may end with one (`BEGIN a; b; END` and
 *    `BEGIN a; b END` are the same). A list ends at the first token that cannot start a statement (END,
 *    ELSE, ELSEIF, UNTIL, WHEN), so every statement alternative starts with a keyword or a label.
 * 3. A label is `Name ":"` before BEGIN, WHILE, REPEAT, LOOP or FOR; the same label may follow the matching
 *    END (the visitor checks it is the same one).
 * 4. `SELECT … INTO targets` is selectCore's optional INTO clause (query.ts); the visitor allows it only as a
 *    body statement.
 * 5. Routine parameter and return types are `typeName`; `RETURNS TABLE (c type, …)` makes a table-valued
 *    function, used in FROM as `TABLE(f(args))` (query.ts tablePrimary).
 */
import type { IOrAlt } from 'chevrotain';
import * as K from '../tokens/keywords.generated';
import { Name, StringLiteral } from '../tokens/literals';
import { Colon } from '../tokens/document';
import { Comma, Dot, Equals, LParen, RParen, Semicolon } from '../tokens/operators';
import { TransactionParser } from './transaction';

/** Adds SQL/PSM statements and the routine statements. */
export abstract class PsmParser extends TransactionParser {
  /**
   * psmStatement := [Name ":"] (compoundStatement | whileStatement | repeatStatement | loopStatement | forStatement)
   *               | declareStatement | setStatement | ifStatement | caseStatement | leaveStatement
   *               | iterateStatement | openStatement | fetchStatement | closeStatement | signalStatement
   *               | returnStatement | callStatement | queryExpression | insertStatement | updateStatement
   *               | deleteStatement | mergeStatement | createTableStatement | createIndexStatement
   *               | dropTableStatement | dropIndexStatement | createViewStatement | dropViewStatement
   */
  psmStatement = this.RULE('psmStatement', () => {
    this.OPTION({ GATE: () => this.LA(2).tokenType === Colon, DEF: () => this.SUBRULE(this.statementLabel) });
    this.OR(this.psmAlternatives);
  });

  /** statementLabel := Name ":" */
  statementLabel = this.RULE('statementLabel', () => {
    this.CONSUME(Name);
    this.CONSUME(Colon);
  });

  private readonly psmAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.compoundStatement) },
    { ALT: () => this.SUBRULE(this.whileStatement) },
    { ALT: () => this.SUBRULE(this.repeatStatement) },
    { ALT: () => this.SUBRULE(this.loopStatement) },
    { ALT: () => this.SUBRULE(this.forStatement) },
    { ALT: () => this.SUBRULE(this.declareStatement) },
    { ALT: () => this.SUBRULE(this.setStatement) },
    { ALT: () => this.SUBRULE(this.ifStatement) },
    { ALT: () => this.SUBRULE(this.caseStatement) },
    { ALT: () => this.SUBRULE(this.leaveStatement) },
    { ALT: () => this.SUBRULE(this.openStatement) },
    { ALT: () => this.SUBRULE(this.fetchStatement) },
    { ALT: () => this.SUBRULE(this.closeStatement) },
    { ALT: () => this.SUBRULE(this.signalStatement) },
    { ALT: () => this.SUBRULE(this.returnStatement) },
    { ALT: () => this.SUBRULE(this.callStatement) },
    { ALT: () => this.SUBRULE(this.queryExpression) },
    { ALT: () => this.SUBRULE(this.insertStatement) },
    { ALT: () => this.SUBRULE(this.updateStatement) },
    { ALT: () => this.SUBRULE(this.deleteStatement) },
    { ALT: () => this.SUBRULE(this.mergeStatement) },
    { ALT: () => this.SUBRULE(this.createTableStatement) },
    { ALT: () => this.SUBRULE(this.createIndexStatement) },
    { ALT: () => this.SUBRULE(this.dropTableStatement) },
    { ALT: () => this.SUBRULE(this.dropIndexStatement) },
    { ALT: () => this.SUBRULE(this.createViewStatement) },
    { ALT: () => this.SUBRULE(this.dropViewStatement) },
  ];

  /** psmStatementList := [psmStatement] (";" [psmStatement])* */
  psmStatementList = this.RULE('psmStatementList', () => {
    this.OPTION(() => this.SUBRULE(this.psmStatement));
    this.MANY(() => {
      this.CONSUME(Semicolon);
      this.OPTION2(() => this.SUBRULE2(this.psmStatement));
    });
  });

  /** compoundStatement := BEGIN [[NOT] ATOMIC] psmStatementList END [Name] */
  compoundStatement = this.RULE('compoundStatement', () => {
    this.CONSUME(K.BEGIN);
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(K.NOT));
      this.CONSUME(K.ATOMIC);
    });
    this.SUBRULE(this.psmStatementList);
    this.CONSUME(K.END);
    this.OPTION3(() => this.CONSUME(Name, { LABEL: 'endLabel' }));
  });

  /**
   * declareStatement := DECLARE (CONTINUE | EXIT | UNDO) HANDLER FOR conditionValue ("," conditionValue)* psmStatement
   *                   | DECLARE Name CURSOR FOR queryExpression
   *                   | DECLARE Name CONDITION [FOR SQLSTATE [VALUE] StringLiteral]
   *                   | DECLARE Name ("," Name)* typeName [DEFAULT expression]
   */
  declareStatement = this.RULE('declareStatement', () => {
    this.CONSUME(K.DECLARE);
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === K.HANDLER,
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.CONTINUE, { LABEL: 'handlerKind' }) },
            { ALT: () => this.CONSUME(K.EXIT, { LABEL: 'handlerKind' }) },
            { ALT: () => this.CONSUME(K.UNDO, { LABEL: 'handlerKind' }) },
          ]);
          this.CONSUME(K.HANDLER);
          this.CONSUME(K.FOR);
          this.SUBRULE(this.conditionValue);
          this.MANY(() => {
            this.CONSUME(Comma);
            this.SUBRULE2(this.conditionValue);
          });
          this.SUBRULE(this.psmStatement, { LABEL: 'action' });
        },
      },
      {
        GATE: () => this.LA(2).tokenType === K.CURSOR,
        ALT: () => {
          this.CONSUME(Name, { LABEL: 'cursorName' });
          this.CONSUME(K.CURSOR);
          this.CONSUME2(K.FOR);
          this.SUBRULE(this.queryExpression);
        },
      },
      {
        GATE: () => this.LA(2).tokenType === K.CONDITION,
        ALT: () => {
          this.CONSUME2(Name, { LABEL: 'conditionName' });
          this.CONSUME(K.CONDITION);
          this.OPTION(() => {
            this.CONSUME3(K.FOR);
            this.SUBRULE(this.sqlStateValue);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME3(Name, { LABEL: 'variable' });
          this.MANY2(() => {
            this.CONSUME2(Comma);
            this.CONSUME4(Name, { LABEL: 'variable' });
          });
          this.SUBRULE(this.typeName);
          this.OPTION2(() => {
            this.CONSUME(K.DEFAULT);
            this.SUBRULE(this.expression);
          });
        },
      },
    ]);
  });

  /** sqlStateValue := SQLSTATE [VALUE] StringLiteral */
  sqlStateValue = this.RULE('sqlStateValue', () => {
    this.CONSUME(K.SQLSTATE);
    this.OPTION(() => this.CONSUME(K.VALUE));
    this.CONSUME(StringLiteral);
  });

  /** conditionValue := sqlStateValue | SQLEXCEPTION | SQLWARNING | NOT FOUND | Name */
  conditionValue = this.RULE('conditionValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.sqlStateValue) },
      { ALT: () => this.CONSUME(K.SQLEXCEPTION) },
      { ALT: () => this.CONSUME(K.SQLWARNING) },
      {
        ALT: () => {
          this.CONSUME(K.NOT);
          this.CONSUME(K.FOUND);
        },
      },
      // a condition name; SQLEXCEPTION and SQLWARNING, non-reserved words, are taken by the alternatives above
      { ALT: () => this.CONSUME(Name), IGNORE_AMBIGUITIES: true },
    ]);
  });

  /** psmTarget := Name ("." Name)* */
  psmTarget = this.RULE('psmTarget', () => {
    this.CONSUME(Name);
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME2(Name);
    });
  });

  /** psmTargetList := psmTarget ("," psmTarget)* */
  psmTargetList = this.RULE('psmTargetList', () => {
    this.SUBRULE(this.psmTarget);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.psmTarget);
    });
  });

  /**
   * setStatement := SET (psmTarget | "(" psmTargetList ")") "=" expression
   *               | psmTarget "=" expression     — Pyrrho's assignment without SET (`tl = point(x1, y1)`)
   * (the bare form starts with a Name, which no other psmStatement alternative does)
   */
  setStatement = this.RULE('setStatement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.SET);
          this.OR2([
            { ALT: () => this.SUBRULE(this.psmTarget) },
            {
              ALT: () => {
                this.CONSUME(LParen);
                this.SUBRULE(this.psmTargetList);
                this.CONSUME(RParen);
              },
            },
          ]);
        },
      },
      { ALT: () => this.SUBRULE2(this.psmTarget) },
    ]);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** ifStatement := IF expression THEN psmStatementList (ELSEIF expression THEN psmStatementList)* [ELSE psmStatementList] END IF */
  ifStatement = this.RULE('ifStatement', () => {
    this.CONSUME(K.IF);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(K.THEN);
    this.SUBRULE(this.psmStatementList, { LABEL: 'then' });
    this.MANY(() => {
      this.CONSUME(K.ELSEIF);
      this.SUBRULE2(this.expression, { LABEL: 'condition' });
      this.CONSUME2(K.THEN);
      this.SUBRULE2(this.psmStatementList, { LABEL: 'then' });
    });
    this.OPTION(() => {
      this.CONSUME(K.ELSE);
      this.SUBRULE3(this.psmStatementList, { LABEL: 'else' });
    });
    this.CONSUME(K.END);
    this.CONSUME2(K.IF);
  });

  /** caseStatement := CASE [expression] (WHEN expression THEN psmStatementList)+ [ELSE psmStatementList] END CASE */
  caseStatement = this.RULE('caseStatement', () => {
    this.CONSUME(K.CASE);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => {
      this.CONSUME(K.WHEN);
      this.SUBRULE2(this.expression, { LABEL: 'when' });
      this.CONSUME(K.THEN);
      this.SUBRULE(this.psmStatementList, { LABEL: 'then' });
    });
    this.OPTION2(() => {
      this.CONSUME(K.ELSE);
      this.SUBRULE2(this.psmStatementList, { LABEL: 'else' });
    });
    this.CONSUME(K.END);
    this.CONSUME2(K.CASE);
  });

  /** whileStatement := WHILE expression DO psmStatementList END WHILE [Name] */
  whileStatement = this.RULE('whileStatement', () => {
    this.CONSUME(K.WHILE);
    this.SUBRULE(this.expression);
    this.CONSUME(K.DO);
    this.SUBRULE(this.psmStatementList);
    this.CONSUME(K.END);
    this.CONSUME2(K.WHILE);
    this.OPTION(() => this.CONSUME(Name, { LABEL: 'endLabel' }));
  });

  /** repeatStatement := REPEAT psmStatementList UNTIL expression END REPEAT [Name] */
  repeatStatement = this.RULE('repeatStatement', () => {
    this.CONSUME(K.REPEAT);
    this.SUBRULE(this.psmStatementList);
    this.CONSUME(K.UNTIL);
    this.SUBRULE(this.expression);
    this.CONSUME(K.END);
    this.CONSUME2(K.REPEAT);
    this.OPTION(() => this.CONSUME(Name, { LABEL: 'endLabel' }));
  });

  /** loopStatement := LOOP psmStatementList END LOOP [Name] */
  loopStatement = this.RULE('loopStatement', () => {
    this.CONSUME(K.LOOP);
    this.SUBRULE(this.psmStatementList);
    this.CONSUME(K.END);
    this.CONSUME2(K.LOOP);
    this.OPTION(() => this.CONSUME(Name, { LABEL: 'endLabel' }));
  });

  /** leaveStatement := (LEAVE | ITERATE) Name */
  leaveStatement = this.RULE('leaveStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(K.LEAVE) }, { ALT: () => this.CONSUME(K.ITERATE) }]);
    this.CONSUME(Name);
  });

  /** forStatement := FOR [Name AS] [Name CURSOR FOR] queryExpression DO psmStatementList END FOR [Name] */
  forStatement = this.RULE('forStatement', () => {
    this.CONSUME(K.FOR);
    this.OPTION({
      GATE: () => this.LA(2).tokenType === K.AS,
      DEF: () => {
        this.CONSUME(Name, { LABEL: 'variable' });
        this.CONSUME(K.AS);
      },
    });
    this.OPTION2({
      GATE: () => this.LA(2).tokenType === K.CURSOR,
      DEF: () => {
        this.CONSUME2(Name, { LABEL: 'cursorName' });
        this.CONSUME(K.CURSOR);
        this.CONSUME2(K.FOR);
      },
    });
    this.SUBRULE(this.queryExpression);
    this.CONSUME(K.DO);
    this.SUBRULE(this.psmStatementList);
    this.CONSUME(K.END);
    this.CONSUME3(K.FOR);
    this.OPTION3(() => this.CONSUME3(Name, { LABEL: 'endLabel' }));
  });

  /** openStatement := OPEN Name */
  openStatement = this.RULE('openStatement', () => {
    this.CONSUME(K.OPEN);
    this.CONSUME(Name);
  });

  /** closeStatement := CLOSE Name */
  closeStatement = this.RULE('closeStatement', () => {
    this.CONSUME(K.CLOSE);
    this.CONSUME(Name);
  });

  /** fetchStatement := FETCH [[NEXT] FROM] Name INTO psmTargetList */
  fetchStatement = this.RULE('fetchStatement', () => {
    this.CONSUME(K.FETCH);
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(K.NEXT));
      this.CONSUME(K.FROM);
    });
    this.CONSUME(Name);
    this.CONSUME(K.INTO);
    this.SUBRULE(this.psmTargetList);
  });

  /** signalStatement := (SIGNAL | RESIGNAL) [sqlStateValue | Name] [SET MESSAGE_TEXT "=" expression] */
  signalStatement = this.RULE('signalStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(K.SIGNAL) }, { ALT: () => this.CONSUME(K.RESIGNAL) }]);
    this.OPTION(() => {
      this.OR2([{ ALT: () => this.SUBRULE(this.sqlStateValue) }, { ALT: () => this.CONSUME(Name) }]);
    });
    this.OPTION2(() => {
      this.CONSUME(K.SET);
      this.CONSUME(K.MESSAGE_TEXT);
      this.CONSUME(Equals);
      this.SUBRULE(this.expression);
    });
  });

  /** returnStatement := RETURN [TABLE "(" queryExpression ")" | expression] */
  returnStatement = this.RULE('returnStatement', () => {
    this.CONSUME(K.RETURN);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(K.TABLE);
            this.CONSUME(LParen);
            this.SUBRULE(this.queryExpression);
            this.CONSUME(RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.expression) },
      ]);
    });
  });

  /** callStatement := CALL Name ["(" [expressionList] ")"] */
  callStatement = this.RULE('callStatement', () => {
    this.CONSUME(K.CALL);
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.OPTION2(() => this.SUBRULE(this.expressionList));
      this.CONSUME(RParen);
    });
  });

  /** routineParameter := [IN | OUT | INOUT] Name typeName */
  routineParameter = this.RULE('routineParameter', () => {
    this.OPTION({
      GATE: () => this.isParamMode(),
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(K.IN, { LABEL: 'mode' }) },
          { ALT: () => this.CONSUME(K.OUT, { LABEL: 'mode' }) },
          { ALT: () => this.CONSUME(K.INOUT, { LABEL: 'mode' }) },
        ]);
      },
    });
    this.CONSUME(Name);
    this.SUBRULE(this.typeName);
  });

  /** True when the next token is a parameter mode followed by a name (`out int` is a parameter named OUT). */
  private isParamMode(): boolean {
    const t = this.LA(1).tokenType;
    if (t === K.IN) return true;
    const after = this.LA(3).tokenType;
    return (t === K.OUT || t === K.INOUT) && after !== Comma && after !== RParen && after !== LParen;
  }

  /** routineParameters := "(" [routineParameter ("," routineParameter)*] ")" */
  routineParameters = this.RULE('routineParameters', () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.routineParameter);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.routineParameter);
      });
    });
    this.CONSUME(RParen);
  });

  /** returnsClause := RETURNS (typeName | TABLE "(" Name typeName ("," Name typeName)* ")") */
  returnsClause = this.RULE('returnsClause', () => {
    this.CONSUME(K.RETURNS);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.TABLE);
          this.CONSUME(LParen);
          this.CONSUME(Name, { LABEL: 'column' });
          this.SUBRULE(this.typeName, { LABEL: 'columnType' });
          this.MANY(() => {
            this.CONSUME(Comma);
            this.CONSUME2(Name, { LABEL: 'column' });
            this.SUBRULE2(this.typeName, { LABEL: 'columnType' });
          });
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.SUBRULE3(this.typeName) },
    ]);
  });

  /**
   * createRoutineStatement := CREATE FUNCTION Name routineParameters returnsClause psmStatement
   *                         | CREATE PROCEDURE Name routineParameters psmStatement
   */
  createRoutineStatement = this.RULE('createRoutineStatement', () => {
    this.CONSUME(K.CREATE);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.FUNCTION);
          this.CONSUME(Name);
          this.SUBRULE(this.routineParameters);
          this.SUBRULE(this.returnsClause);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.PROCEDURE);
          this.CONSUME2(Name);
          this.SUBRULE2(this.routineParameters);
        },
      },
    ]);
    this.SUBRULE(this.psmStatement);
  });

  /** dropRoutineStatement := DROP (FUNCTION | PROCEDURE) [ifExists] Name ["(" [typeName ("," typeName)*] ")"] [dropBehavior] */
  dropRoutineStatement = this.RULE('dropRoutineStatement', () => {
    this.CONSUME(K.DROP);
    this.OR([{ ALT: () => this.CONSUME(K.FUNCTION) }, { ALT: () => this.CONSUME(K.PROCEDURE) }]);
    this.OPTION(() => this.SUBRULE(this.ifExists));
    this.CONSUME(Name);
    this.OPTION2(() => {
      this.CONSUME(LParen);
      this.OPTION3(() => {
        this.SUBRULE(this.typeName);
        this.MANY(() => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.typeName);
        });
      });
      this.CONSUME(RParen);
    });
    this.OPTION4(() => this.SUBRULE(this.dropBehavior));
  });
}
