/**
 * grammar/parser/query.ts — QueryParser: query expressions (SELECT, VALUES, set operations, FROM, ORDER BY, LIMIT).
 *
 * 1. Set operations: INTERSECT binds tighter than UNION and EXCEPT; each level is left-associative. The chain is
 *    parsed flat and grouped by the visitor.
 * 2. ORDER BY / LIMIT / OFFSET / FETCH belong to the whole query expression, after its last set operand;
 *    a parenthesised operand may carry its own.
 * 3. A `(` in FROM opens a derived table when `isQueryStart` says a query follows, else a parenthesised join.
 */
import type { CstNode, IOrAlt, ParserMethod } from 'chevrotain';
import * as K from '../tokens/keywords.generated';
import { IntegerLiteral, Name, NamedParameter, QuestionMark } from '../tokens/literals';
import { Comma, Dot, LParen, RParen, Star } from '../tokens/operators';
import { WindowParser } from './window';

/** Adds query expressions: SELECT, VALUES, set operations, FROM, ORDER BY and row limits. */
export abstract class QueryParser extends WindowParser {
  /** `SELECT … INTO` targets: defined by PsmParser (psm.ts) */
  abstract psmTargetList: ParserMethod<[], CstNode>;

  /**
   * queryExpression := [withClause] queryPrimary (setOperator queryPrimary)* [orderByClause]
   *                    [limitClause | offsetClause | fetchClause] [lockingClause]
   * (INTERSECT binds tighter than UNION and EXCEPT: the visitor groups the flat chain)
   */
  queryExpression = this.RULE('queryExpression', () => {
    this.OPTION3(this.withStep);
    this.SUBRULE(this.queryPrimary);
    this.MANY(this.setOperationStep);
    this.OPTION(this.orderByStep);
    this.OPTION2(this.limitStep);
    this.OPTION4(this.lockingStep);
  });

  // the hot rules keep their loop bodies and alternatives in fields, so a call allocates nothing
  private readonly withStep = (): void => {
    this.SUBRULE(this.withClause);
  };
  private readonly setOperationStep = (): void => {
    this.SUBRULE(this.setOperator);
    this.SUBRULE2(this.queryPrimary);
  };
  private readonly orderByStep = (): void => {
    this.SUBRULE(this.orderByClause);
  };
  private readonly limitAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.limitClause) },
    { ALT: () => this.SUBRULE(this.offsetClause) },
    { ALT: () => this.SUBRULE(this.fetchClause) },
  ];
  private readonly limitStep = (): void => {
    this.OR(this.limitAlternatives);
  };
  /** FOR UPDATE / FOR SHARE only: FOR followed by anything else belongs to what encloses the query */
  private readonly lockingStep = {
    GATE: () => this.lockingAhead(),
    DEF: () => this.SUBRULE(this.lockingClause),
  };

  /** lockingClause := FOR (UPDATE | SHARE) [OF nameList] [NOWAIT | SKIP LOCKED] */
  lockingClause = this.RULE('lockingClause', () => {
    this.CONSUME(K.FOR);
    this.OR([{ ALT: () => this.CONSUME(K.UPDATE, { LABEL: 'mode' }) }, { ALT: () => this.CONSUME(K.SHARE, { LABEL: 'mode' }) }]);
    this.OPTION(() => {
      this.CONSUME(K.OF);
      this.SUBRULE(this.nameList);
    });
    this.OPTION2(() => {
      this.OR2([
        { ALT: () => this.CONSUME(K.NOWAIT) },
        {
          ALT: () => {
            this.CONSUME(K.SKIP);
            this.CONSUME(K.LOCKED);
          },
        },
      ]);
    });
  });

  /** setOperator := (UNION | INTERSECT | EXCEPT) [setQuantifier] */
  setOperator = this.RULE('setOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.UNION) },
      { ALT: () => this.CONSUME(K.INTERSECT) },
      { ALT: () => this.CONSUME(K.EXCEPT) },
    ]);
    this.OPTION(() => this.SUBRULE(this.setQuantifier));
  });

  /** distinctOn := ON "(" expressionList ")"   (PostgreSQL's `SELECT DISTINCT ON (…)`) */
  distinctOn = this.RULE('distinctOn', () => {
    this.CONSUME(K.ON);
    this.CONSUME(LParen);
    this.SUBRULE(this.expressionList);
    this.CONSUME(RParen);
  });

  /** setQuantifier := ALL | DISTINCT */
  setQuantifier = this.RULE('setQuantifier', () => {
    this.OR([{ ALT: () => this.CONSUME(K.ALL) }, { ALT: () => this.CONSUME(K.DISTINCT) }]);
  });

  /** queryPrimary := selectCore | valuesBody | explicitTable | "(" queryExpression ")" */
  queryPrimary = this.RULE('queryPrimary', () => {
    this.OR(this.queryPrimaryAlternatives);
  });

  private readonly queryPrimaryAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.selectCore) },
    { ALT: () => this.SUBRULE(this.valuesBody) },
    { ALT: () => this.SUBRULE(this.explicitTable) },
    {
      ALT: () => {
        this.CONSUME(LParen);
        this.SUBRULE(this.queryExpression);
        this.CONSUME(RParen);
      },
    },
  ];

  /** explicitTable := TABLE tableName   — the standard's `TABLE t`, Pyrrho's favourite: SELECT * FROM t */
  explicitTable = this.RULE('explicitTable', () => {
    this.CONSUME(K.TABLE);
    this.SUBRULE(this.tableName);
  });

  /**
   * selectCore := SELECT [setQuantifier [distinctOn]] selectItem ("," selectItem)* [INTO psmTargetList] [FROM fromItem ("," fromItem)*]
   *               [WHERE expression] [GROUP BY groupingElement ("," groupingElement)*] [HAVING expression]
   *               [WINDOW windowDefinition ("," windowDefinition)*]
   */
  selectCore = this.RULE('selectCore', () => {
    this.CONSUME(K.SELECT);
    this.OPTION(this.quantifierStep);
    this.SUBRULE(this.selectItem);
    this.MANY(this.nextSelectItemStep);
    this.OPTION7(this.intoStep);
    this.OPTION2(this.fromStep);
    this.OPTION3(this.whereStep);
    this.OPTION4(this.groupByStep);
    this.OPTION5(this.havingStep);
    this.OPTION6(this.windowStep);
  });

  private readonly intoStep = (): void => {
    this.CONSUME(K.INTO);
    this.SUBRULE(this.psmTargetList, { LABEL: 'into' });
  };

  private readonly quantifierStep = (): void => {
    this.SUBRULE(this.setQuantifier);
    // the visitor accepts ON after DISTINCT only
    this.OPTION8(() => this.SUBRULE(this.distinctOn));
  };
  private readonly nextSelectItemStep = (): void => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.selectItem);
  };
  private readonly nextFromItemStep = (): void => {
    this.CONSUME2(Comma);
    this.SUBRULE2(this.fromItem);
  };
  private readonly fromStep = (): void => {
    this.CONSUME(K.FROM);
    this.SUBRULE(this.fromItem);
    this.MANY2(this.nextFromItemStep);
  };
  private readonly whereStep = (): void => {
    this.CONSUME(K.WHERE);
    this.SUBRULE(this.expression, { LABEL: 'where' });
  };
  private readonly groupByStep = (): void => {
    this.CONSUME(K.GROUP);
    this.CONSUME(K.BY);
    this.SUBRULE(this.groupingElement);
    this.MANY4(this.nextGroupingElementStep);
  };
  private readonly nextGroupingElementStep = (): void => {
    this.CONSUME4(Comma);
    this.SUBRULE2(this.groupingElement);
  };

  /**
   * groupingElement := "(" ")" | GROUPING SETS "(" groupingElement ("," groupingElement)* ")" | expression
   * (ROLLUP(…) and CUBE(…) are calls the visitor reads as grouping elements; `(a, b)` is a row of keys)
   */
  groupingElement = this.RULE('groupingElement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen, { LABEL: 'empty' });
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.GROUPING);
          this.CONSUME(K.SETS);
          this.CONSUME2(LParen);
          this.SUBRULE(this.groupingElement);
          this.MANY(() => {
            this.CONSUME(Comma);
            this.SUBRULE2(this.groupingElement);
          });
          this.CONSUME2(RParen);
        },
      },
      { IGNORE_AMBIGUITIES: true, ALT: () => this.SUBRULE(this.expression) },
    ]);
  });
  private readonly havingStep = (): void => {
    this.CONSUME(K.HAVING);
    this.SUBRULE2(this.expression, { LABEL: 'having' });
  };
  private readonly nextWindowStep = (): void => {
    this.CONSUME3(Comma);
    this.SUBRULE2(this.windowDefinition);
  };
  private readonly windowStep = (): void => {
    this.CONSUME(K.WINDOW);
    this.SUBRULE(this.windowDefinition);
    this.MANY3(this.nextWindowStep);
  };

  /** selectItem := "*" | Name "." "*" | expression [alias] */
  selectItem = this.RULE('selectItem', () => {
    this.OR(this.selectItemAlternatives);
  });

  /** True when FOR UPDATE or FOR SHARE comes next: FOR is non-reserved, and there it is no alias. */
  private lockingAhead(): boolean {
    if (this.LA(1).tokenType !== K.FOR) return false;
    const next = this.LA(2).tokenType;
    return next === K.UPDATE || next === K.SHARE;
  }
  private readonly aliasStep = {
    GATE: () => !this.lockingAhead(),
    DEF: () => this.SUBRULE(this.alias),
  };
  private readonly selectItemAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(Star) },
    {
      ALT: () => {
        this.CONSUME(Name, { LABEL: 'table' });
        this.CONSUME(Dot);
        this.CONSUME2(Star);
      },
    },
    {
      ALT: () => {
        this.SUBRULE(this.expression);
        this.OPTION(this.aliasStep);
      },
    },
  ];

  /** alias := [AS] Name */
  alias = this.RULE('alias', () => {
    this.OPTION(() => this.CONSUME(K.AS));
    this.CONSUME(Name);
  });

  /** fromItem := tablePrimary joinClause* */
  fromItem = this.RULE('fromItem', () => {
    this.SUBRULE(this.tablePrimary);
    this.MANY(this.joinStep);
  });

  private readonly joinStep = (): void => {
    this.SUBRULE(this.joinClause);
  };

  /**
   * tablePrimary := TABLE "(" expression ")" [alias]
   *               | Name functionArguments [WITH ORDINALITY] [alias ["(" nameList ")"]]   — a function in FROM (PostgreSQL's)
   *               | tableName [alias]
   *               | [LATERAL] "(" queryExpression ")" [alias ["(" nameList ")"]]
   *               | "(" fromItem ")"
   */
  tablePrimary = this.RULE('tablePrimary', () => {
    this.OR(this.tablePrimaryAlternatives);
  });

  private readonly tablePrimaryAlternatives: IOrAlt<unknown>[] = [
    {
      // TABLE(f(args)): the rows of a table-valued function (routines/table-function.ts)
      ALT: () => {
        this.CONSUME(K.TABLE);
        this.CONSUME3(LParen);
        this.SUBRULE(this.expression, { LABEL: 'tableFunction' });
        this.CONSUME3(RParen);
        this.OPTION5({ GATE: () => !this.lockingAhead(), DEF: () => this.SUBRULE3(this.alias) });
      },
    },
    {
      // f(args) without TABLE: a name followed by "(" can be no table
      GATE: () => this.LA(2).tokenType === LParen,
      IGNORE_AMBIGUITIES: true,
      ALT: () => {
        this.CONSUME(Name, { LABEL: 'functionName' });
        this.SUBRULE(this.functionArguments);
        this.OPTION8(() => {
          this.CONSUME(K.WITH);
          this.CONSUME(K.ORDINALITY);
        });
        this.OPTION6({
          GATE: () => !this.lockingAhead(),
          DEF: () => {
            this.SUBRULE4(this.alias);
            this.OPTION7(() => {
              this.CONSUME4(LParen);
              this.SUBRULE2(this.nameList);
              this.CONSUME4(RParen);
            });
          },
        });
      },
    },
    {
      ALT: () => {
        this.SUBRULE(this.tableName);
        this.OPTION(this.aliasStep);
      },
    },
    {
      ALT: () => {
        this.OPTION4(() => this.CONSUME(K.LATERAL));
        this.CONSUME(LParen);
        this.OR2({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { GATE: () => this.isQueryStart(1), ALT: () => this.SUBRULE(this.derivedTable) },
            { ALT: () => this.SUBRULE(this.fromItem) },
          ],
        });
        this.CONSUME(RParen);
        this.OPTION2({
          GATE: () => !this.lockingAhead(),
          DEF: () => {
            this.SUBRULE2(this.alias);
            this.OPTION3(() => {
              this.CONSUME2(LParen);
              this.SUBRULE(this.nameList);
              this.CONSUME2(RParen);
            });
          },
        });
      },
    },
  ];

  /** derivedTable := queryExpression   (the inside of a parenthesised subquery in FROM) */
  derivedTable = this.RULE('derivedTable', () => {
    this.SUBRULE(this.queryExpression);
  });

  /** tableName := Name ["." Name] */
  tableName = this.RULE('tableName', () => {
    this.CONSUME(Name);
    this.OPTION(this.schemaQualifiedStep);
  });

  private readonly schemaQualifiedStep = (): void => {
    this.CONSUME(Dot);
    this.CONSUME2(Name);
  };

  /**
   * joinClause := CROSS JOIN tablePrimary
   *             | [NATURAL] [INNER | (LEFT | RIGHT | FULL) [OUTER]] JOIN tablePrimary [joinCondition]
   */
  joinClause = this.RULE('joinClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.CROSS);
          this.CONSUME(K.JOIN);
          this.SUBRULE(this.tablePrimary);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(K.NATURAL));
          this.OPTION2(() => {
            this.OR2([
              { ALT: () => this.CONSUME(K.INNER) },
              {
                ALT: () => {
                  this.OR3([
                    { ALT: () => this.CONSUME(K.LEFT) },
                    { ALT: () => this.CONSUME(K.RIGHT) },
                    { ALT: () => this.CONSUME(K.FULL) },
                  ]);
                  this.OPTION3(() => this.CONSUME(K.OUTER));
                },
              },
            ]);
          });
          this.CONSUME2(K.JOIN);
          this.SUBRULE2(this.tablePrimary);
          this.OPTION4(() => this.SUBRULE(this.joinCondition));
        },
      },
    ]);
  });

  /** joinCondition := ON expression | USING "(" nameList ")" */
  joinCondition = this.RULE('joinCondition', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.ON);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.USING);
          this.CONSUME(LParen);
          this.SUBRULE(this.nameList);
          this.CONSUME(RParen);
        },
      },
    ]);
  });

  /** valuesBody := VALUES rowConstructor ("," rowConstructor)* */
  valuesBody = this.RULE('valuesBody', () => {
    this.CONSUME(K.VALUES);
    this.SUBRULE(this.rowConstructor);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.rowConstructor);
    });
  });

  /** rowConstructor := "(" expression ("," expression)* ")" */
  rowConstructor = this.RULE('rowConstructor', () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.MANY(this.nextRowValue);
    this.CONSUME(RParen);
  });

  private readonly nextRowValue = (): void => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.expression);
  };

  /** orderByClause := ORDER BY orderItem ("," orderItem)* */
  orderByClause = this.RULE('orderByClause', () => {
    this.CONSUME(K.ORDER);
    this.CONSUME(K.BY);
    this.SUBRULE(this.orderItem);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.orderItem);
    });
  });

  /** orderItem := expression [ASC | DESC] [NULLS (FIRST | LAST)] */
  orderItem = this.RULE('orderItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(K.ASC) }, { ALT: () => this.CONSUME(K.DESC) }]);
    });
    this.OPTION2(() => {
      this.CONSUME(K.NULLS);
      this.OR2([{ ALT: () => this.CONSUME(K.FIRST) }, { ALT: () => this.CONSUME(K.LAST) }]);
    });
  });

  /** limitClause := LIMIT (expression | ALL) [OFFSET expression]   (LIMIT ALL: no limit, as PostgreSQL) */
  limitClause = this.RULE('limitClause', () => {
    this.CONSUME(K.LIMIT);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        // `ALL (SELECT …)` would be a quantified subquery, which no count is
        { GATE: () => this.LA(2).tokenType !== LParen, ALT: () => this.CONSUME(K.ALL) },
        { ALT: () => this.SUBRULE(this.expression, { LABEL: 'count' }) },
      ],
    });
    this.OPTION(() => {
      this.CONSUME(K.OFFSET);
      this.SUBRULE2(this.expression, { LABEL: 'offset' });
    });
  });

  /** offsetClause := OFFSET expression [ROW | ROWS] [fetchClause] */
  offsetClause = this.RULE('offsetClause', () => {
    this.CONSUME(K.OFFSET);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(K.ROW) }, { ALT: () => this.CONSUME(K.ROWS) }]);
    });
    this.OPTION2(() => this.SUBRULE(this.fetchClause));
  });

  /** fetchClause := FETCH (FIRST | NEXT) [rowCount] (ROW | ROWS) ONLY */
  fetchClause = this.RULE('fetchClause', () => {
    this.CONSUME(K.FETCH);
    this.OR([{ ALT: () => this.CONSUME(K.FIRST) }, { ALT: () => this.CONSUME(K.NEXT) }]);
    this.OPTION(() => this.SUBRULE(this.rowCount));
    this.OR2([{ ALT: () => this.CONSUME(K.ROW) }, { ALT: () => this.CONSUME(K.ROWS) }]);
    this.CONSUME(K.ONLY);
  });

  /** rowCount := IntegerLiteral | "?" | NamedParameter | "(" expression ")" */
  rowCount = this.RULE('rowCount', () => {
    this.OR([
      { ALT: () => this.CONSUME(IntegerLiteral) },
      { ALT: () => this.CONSUME(QuestionMark) },
      { ALT: () => this.CONSUME(NamedParameter) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(RParen);
        },
      },
    ]);
  });

  /** withClause := WITH [RECURSIVE] commonTableExpression ("," commonTableExpression)* */
  withClause = this.RULE('withClause', () => {
    this.CONSUME(K.WITH);
    this.OPTION(() => this.CONSUME(K.RECURSIVE));
    this.SUBRULE(this.commonTableExpression);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.commonTableExpression);
    });
  });

  /** commonTableExpression := Name ["(" nameList ")"] AS "(" queryExpression ")" */
  commonTableExpression = this.RULE('commonTableExpression', () => {
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.SUBRULE(this.nameList);
      this.CONSUME(RParen);
    });
    this.CONSUME(K.AS);
    this.CONSUME2(LParen);
    this.SUBRULE(this.queryExpression);
    this.CONSUME2(RParen);
  });
}
