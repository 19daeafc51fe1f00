/**
 * grammar/parser/expression.ts — ExpressionParser: value expressions, names and type names.
 *
 * 1. Operators are parsed flat, as PostgreSQL's `a_expr` with precedence declarations: an expression is
 *    prefix operators, a primary, then infix steps; `visitor/precedence.ts` applies the precedence table
 *    (OR < AND < NOT < comparison / IS / BETWEEN / IN / LIKE < `||` < `+ -` < `* / %` < unary `+ -`). One rule
 *    call per expression instead of one per precedence level keeps parsing fast (README: performance).
 * 2. `arithmeticExpression` has only `+ -` prefixes and `|| + - * / %` infixes; it stands where SQL allows no
 *    boolean operator: BETWEEN's bounds (so the AND of `BETWEEN a AND b` is not a boolean AND), LIKE's pattern
 *    and escape, IS DISTINCT FROM's operand.
 * 3. Rules build a CST and do nothing else; the visitor (`visitor/expression.ts`) builds the AST.
 * 4. `(` may open a subquery or a parenthesised expression list; after consuming it, `isQueryStart` decides
 *    by scanning ahead (SELECT / VALUES / WITH, or a parenthesised query followed by a set operator, ORDER BY, LIMIT …):
 *    one linear scan, used as a GATE, instead of Chevrotain BACKTRACK.
 * 5. `queryExpression` is declared here and defined by QueryParser (the next class in the chain).
 * 6. A dotted name's part may be an array position, `doc.tags.0`: the lexer makes `.0` a DecimalLiteral, so a
 *    name step is `"." Name` or a DecimalLiteral that is a dot and digits only (`pathStepAhead`, a GATE; `1.5`
 *    after a name stays an error, as before).
 * 7. `documentLiteral` is a `primary` alternative declared here and defined by DocumentParser (`document.ts`).
 * 8. A function call may end in `filterClause` (an aggregate's FILTER) and `overClause` (a window function),
 *    declared here and defined by WindowParser.
 *
 * 9. The predicate tails that follow an operand (IS, BETWEEN, IN, LIKE and ILIKE, SIMILAR TO) and the quantified
 *    operand ALL / ANY / SOME (…) are PredicateParser's (predicates.ts), the next class in the chain; type names
 *    and INTERVAL literals are TypeNameParser's (type-names.ts), the one after it.
 */
import type { CstNode, ILookaheadStrategy, IOrAlt, ParserMethod, TokenType } from 'chevrotain';
import { CstParser, EOF } from '../chevrotain';
import { ALL_TOKENS } from '../lexer';
import { SYNTAX_ERROR_MESSAGES } from '../syntax-error';
import type { SerializedGast } from './gast';
import { LBracket, RBracket } from '../tokens/document';
import * as K from '../tokens/keywords.generated';
import {
  BlobLiteral,
  DecimalLiteral,
  IntegerLiteral,
  Name,
  NamedParameter,
  QuestionMark,
  RealLiteral,
  StringLiteral,
} from '../tokens/literals';
import {
  AdditiveOperator,
  Arrow,
  Comma,
  ComparisonOperator,
  Concat,
  Dot,
  DoubleColon,
  LParen,
  MultiplicativeOperator,
  RParen,
  Star,
  TextArrow,
} from '../tokens/operators';

/** Tokens that may follow a parenthesised query inside an enclosing query expression. */
const AFTER_NESTED_QUERY: ReadonlySet<TokenType> = new Set([
  K.UNION,
  K.INTERSECT,
  K.EXCEPT,
  K.ORDER,
  K.LIMIT,
  K.OFFSET,
  K.FETCH,
  RParen,
]);

/** A DecimalLiteral that is a name step (an array position) when it follows a name: `.0`, `.12`. */
const ARRAY_POSITION = /^\.\d+$/;

/** Tokens of lookahead the grammar may use to choose (`t.*` against `t.a` in a select list needs 3). */
export const MAX_LOOKAHEAD = 4;

/**
 * How a parser is built: where its lookahead paths come from, whether Chevrotain checks the grammar, and the
 * generated grammar to use instead of recording it (gast.ts; absent: Chevrotain records it).
 */
export interface ParserBuild {
  readonly lookahead: ILookaheadStrategy;
  readonly validate: boolean;
  readonly gast?: SerializedGast;
}

/** The expression rules every statement family builds on. */
export abstract class ExpressionParser extends CstParser {
  constructor(build: ParserBuild) {
    super(ALL_TOKENS as TokenType[], {
      maxLookahead: MAX_LOOKAHEAD,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: SYNTAX_ERROR_MESSAGES,
      lookaheadStrategy: build.lookahead,
      skipValidations: !build.validate,
    });
  }

  /** Defined by QueryParser. */
  abstract queryExpression: ParserMethod<[], CstNode>;

  /** Defined by QueryParser (an ordered aggregate's ORDER BY, `functionArguments`). */
  abstract orderByClause: ParserMethod<[], CstNode>;

  /** Defined by DocumentParser. */
  abstract documentLiteral: ParserMethod<[], CstNode>;

  /** Defined by WindowParser. */
  abstract overClause: ParserMethod<[], CstNode>;

  /** Defined by WindowParser. */
  abstract filterClause: ParserMethod<[], CstNode>;

  /** Defined by WindowParser. */
  abstract withinGroupClause: ParserMethod<[], CstNode>;

  /** Defined by TypeNameParser (CAST's target). */
  abstract typeName: ParserMethod<[], CstNode>;
  /** defined by PredicateParser (predicates.ts): the tails after an operand, and ALL / ANY / SOME (…) */
  abstract predicateTail: ParserMethod<[], CstNode>;
  abstract quantifiedSubquery: ParserMethod<[], CstNode>;

  /** Defined by TypeNameParser. */
  abstract intervalLiteral: ParserMethod<[], CstNode>;

  /**
   * True when the tokens from LA(k) start a query expression rather than a value expression: SELECT, VALUES or
   * TABLE (Pyrrho's `TABLE t`),
   * or `( query )` followed by something only a query can be followed by (`((SELECT 1) UNION …)` is a query,
   * `((SELECT 1) + 1)` a value). Used as a GATE after `(`. One forward scan: it skips the leading `(`s, needs
   * SELECT, VALUES or TABLE after them, then checks what follows each leading `(`'s matching `)`.
   */
  protected isQueryStart(k: number): boolean {
    let i = k;
    while (this.LA(i).tokenType === LParen) i++;
    const first = this.LA(i).tokenType;
    if (first !== K.SELECT && first !== K.VALUES && first !== K.WITH && first !== K.TABLE) return false;
    let leading = i - k;
    let nested = 0;
    for (let j = i; leading > 0; j++) {
      const type = this.LA(j).tokenType;
      if (type === EOF) return false;
      if (type === LParen) nested++;
      else if (type === RParen) {
        if (nested > 0) nested--;
        else if (!AFTER_NESTED_QUERY.has(this.LA(j + 1).tokenType)) return false;
        else leading--;
      }
    }
    return true;
  }

  /** Does the next token continue a dotted name: `.` or a `.digits` DecimalLiteral (`doc.tags.0`)? */
  protected pathStepAhead(): boolean {
    const next = this.LA(1);
    return next.tokenType === Dot || (next.tokenType === DecimalLiteral && ARRAY_POSITION.test(next.image));
  }

  /** May the next token start another infix step? (NOT only as NOT BETWEEN / IN / LIKE / ILIKE / SIMILAR.) */
  private infixAhead(): boolean {
    // `IN` not followed by `(` ends the expression: POSITION(a IN b) takes it (functionArguments)
    if (this.LA(1).tokenType === K.IN) return this.LA(2).tokenType === LParen;
    if (this.LA(1).tokenType !== K.NOT) return true;
    const next = this.LA(2).tokenType;
    return next === K.BETWEEN || next === K.IN || next === K.LIKE || next === K.ILIKE || next === K.SIMILAR;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Operators. The hot rules keep their alternatives and loop bodies in fields, so a call allocates nothing
  // (Chevrotain's "cache arrays of alternatives" advice).
  // ---------------------------------------------------------------------------------------------------------------

  // prefixStep runs inside `expression` and `infix`, so its OR and CONSUMEs use indexes (3) those rules do not
  private readonly prefixAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME3(K.NOT, { LABEL: 'prefix' }) },
    { ALT: () => this.CONSUME3(AdditiveOperator, { LABEL: 'prefix' }) },
  ];
  private readonly prefixStep = (): void => {
    this.OR3(this.prefixAlternatives);
  };
  private readonly signStep = (): void => {
    this.CONSUME2(AdditiveOperator, { LABEL: 'prefix' });
  };
  private readonly infixLoop = { GATE: () => this.infixAhead(), DEF: () => this.SUBRULE(this.infix) };
  private readonly arithmeticInfixStep = (): void => {
    this.SUBRULE(this.arithmeticInfix);
  };

  /**
   * expression := prefix* primary infix*
   * prefix := NOT | "+" | "-"
   * (a NOT that is not followed by BETWEEN, IN or LIKE ends the expression: `DEFAULT 0 NOT NULL`; so does an IN
   * not followed by `(`, for `POSITION(a IN b)`)
   */
  expression = this.RULE('expression', () => {
    this.MANY(this.prefixStep);
    this.SUBRULE(this.primary);
    this.MANY2(this.infixLoop);
  });

  /** arithmeticExpression := ("+" | "-")* primary arithmeticInfix*   — no boolean or comparison operators */
  arithmeticExpression = this.RULE('arithmeticExpression', () => {
    this.MANY(this.signStep);
    this.SUBRULE(this.primary);
    this.MANY2(this.arithmeticInfixStep);
  });

  private readonly binaryOperatorAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(K.OR, { LABEL: 'operator' }) },
    { ALT: () => this.CONSUME(K.AND, { LABEL: 'operator' }) },
    { ALT: () => this.CONSUME(ComparisonOperator, { LABEL: 'operator' }) },
    { ALT: () => this.CONSUME(Concat, { LABEL: 'operator' }) },
    { ALT: () => this.CONSUME(AdditiveOperator, { LABEL: 'operator' }) },
    { ALT: () => this.CONSUME(MultiplicativeOperator, { LABEL: 'operator' }) },
  ];
  private readonly infixAlternatives: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.OR2(this.binaryOperatorAlternatives);
        this.MANY(this.prefixStep);
        this.SUBRULE(this.primary);
      },
    },
    { ALT: () => this.SUBRULE(this.predicateTail) },
  ];

  /**
   * infix := binaryOperator prefix* primary | predicateTail
   * binaryOperator := OR | AND | ComparisonOperator | "||" | "+" | "-" | "*" | "/" | "%"
   */
  infix = this.RULE('infix', () => {
    this.OR(this.infixAlternatives);
  });

  private readonly arithmeticOperatorAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(Concat, { LABEL: 'operator' }) },
    { ALT: () => this.CONSUME(AdditiveOperator, { LABEL: 'operator' }) },
    { ALT: () => this.CONSUME(MultiplicativeOperator, { LABEL: 'operator' }) },
  ];

  /** arithmeticInfix := ("||" | "+" | "-" | "*" | "/" | "%") ("+" | "-")* primary */
  arithmeticInfix = this.RULE('arithmeticInfix', () => {
    this.OR(this.arithmeticOperatorAlternatives);
    this.MANY(this.signStep);
    this.SUBRULE(this.primary);
  });

  // ---------------------------------------------------------------------------------------------------------------
  // Primaries
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * primary := IntegerLiteral | DecimalLiteral | RealLiteral | StringLiteral | BlobLiteral | TRUE | FALSE | NULL
   *          | "?" | NamedParameter | caseExpression | castExpression | existsExpression | quantifiedSubquery | parenthesized
   *          | documentLiteral | intervalLiteral | keywordCall | namedPrimary
   *          | DEFAULT   — a column's default, as a value of INSERT's VALUES or UPDATE's SET (Level 4 refuses it
   *                        anywhere else)
   *          then memberStep*: field access and method calls on any primary (`point(1, 2).x`, `(p).m()`)
   *          then arrow*: PostgreSQL's `doc -> 'key'` and `doc ->> 'key'` (a field, as a value or as text)
   *          then ("::" typeName)*: PostgreSQL's casts (`x::INTEGER`), binding tighter than any operator
   * (every alternative but quantifiedSubquery starts with a different token, so Chevrotain picks one by a single
   * table lookup; quantifiedSubquery's ANY and SOME are names too, so it is gated on `(` and a query after the
   * word; a memberStep starts with "." and nothing else in the rule does)
   */
  primary = this.RULE('primary', () => {
    this.OR(this.primaryAlternatives);
    this.MANY(this.memberLoop);
    this.MANY3(this.arrowStep);
    this.MANY2(this.castStep);
  });

  /** A MANY body: `("->" | "->>") (StringLiteral | IntegerLiteral)`, PostgreSQL's field of a document. */
  private readonly arrowStep = (): void => {
    this.SUBRULE(this.arrow);
  };

  /** arrow := ("->" | "->>") (StringLiteral | IntegerLiteral) */
  arrow = this.RULE('arrow', () => {
    this.OR([{ ALT: () => this.CONSUME(Arrow) }, { ALT: () => this.CONSUME(TextArrow) }]);
    this.OR2([{ ALT: () => this.CONSUME(StringLiteral, { LABEL: 'key' }) }, { ALT: () => this.CONSUME(IntegerLiteral, { LABEL: 'key' }) }]);
  });

  /** A MANY body: `"::" typeName`, PostgreSQL's cast of what comes before it (`x::INTEGER`, `'1'::NUMERIC(4,1)`). */
  private readonly castStep = (): void => {
    this.CONSUME(DoubleColon);
    this.SUBRULE(this.typeName, { LABEL: 'castType' });
  };

  /** A MANY body: `memberStep*`, gated so that `t.*` (a select item) is left alone. */
  private readonly memberLoop = {
    GATE: () => this.LA(2).tokenType !== Star,
    DEF: () => this.SUBRULE(this.memberStep),
  };

  /** memberStep := "." Name [functionArguments]   — `.x` reads a field, `.m(…)` calls a method */
  memberStep = this.RULE('memberStep', () => {
    this.CONSUME(Dot);
    this.CONSUME(Name);
    this.OPTION(() => this.SUBRULE(this.functionArguments));
  });

  private readonly primaryAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(IntegerLiteral) },
    { ALT: () => this.CONSUME(StringLiteral) },
    // before namedPrimary: ANY and SOME are non-reserved, and `some(x)` may call a function so named
    {
      GATE: () => this.LA(2).tokenType === LParen && (this.LA(1).tokenType === K.ALL || this.isQueryStart(3)),
      IGNORE_AMBIGUITIES: true,
      ALT: () => this.SUBRULE(this.quantifiedSubquery),
    },
    // before namedPrimary: ARRAY is a name too, and only `[` after it makes the constructor
    { GATE: () => this.LA(2).tokenType === LBracket, IGNORE_AMBIGUITIES: true, ALT: () => this.SUBRULE(this.arrayConstructor) },
    { ALT: () => this.SUBRULE(this.namedPrimary) },
    { ALT: () => this.CONSUME(DecimalLiteral) },
    { ALT: () => this.CONSUME(RealLiteral) },
    { ALT: () => this.CONSUME(K.NULL) },
    { ALT: () => this.CONSUME(K.TRUE) },
    { ALT: () => this.CONSUME(K.FALSE) },
    { ALT: () => this.CONSUME(BlobLiteral) },
    { ALT: () => this.CONSUME(QuestionMark) },
    { ALT: () => this.CONSUME(NamedParameter) },
    { ALT: () => this.SUBRULE(this.parenthesized) },
    { ALT: () => this.SUBRULE(this.caseExpression) },
    { ALT: () => this.SUBRULE(this.castExpression) },
    { ALT: () => this.SUBRULE(this.existsExpression) },
    { ALT: () => this.SUBRULE(this.documentLiteral) },
    { ALT: () => this.SUBRULE(this.intervalLiteral) },
    { ALT: () => this.SUBRULE(this.keywordCall) },
    { ALT: () => this.CONSUME(K.DEFAULT) },
  ];

  /** arrayConstructor := ARRAY "[" [expressionList] "]"   — PostgreSQL's, a DOCARRAY */
  arrayConstructor = this.RULE('arrayConstructor', () => {
    this.CONSUME(K.ARRAY);
    this.CONSUME(LBracket);
    this.OPTION(() => this.SUBRULE(this.expressionList));
    this.CONSUME(RBracket);
  });

  /** keywordCall := (LEFT | RIGHT) functionArguments   — string functions named by words reserved for joins */
  keywordCall = this.RULE('keywordCall', () => {
    this.OR([{ ALT: () => this.CONSUME(K.LEFT, { LABEL: 'fn' }) }, { ALT: () => this.CONSUME(K.RIGHT, { LABEL: 'fn' }) }]);
    this.SUBRULE(this.functionArguments);
  });

  /**
   * namedPrimary := Name StringLiteral        — a typed literal: DATE '…', TIME '…', TIMESTAMP '…'
   *               | Name functionArguments [withinGroupClause] [filterClause] [overClause]
   *                                             — a function call, an ordered-set aggregate (WITHIN GROUP), an
   *                                               aggregate with a FILTER, or a window function call
   *               | Name nameStep*            — a column reference, or a column and a document path
   *               | Name nameStep+ functionArguments — a method call on a structured value (`what.centre()`)
   * nameStep := "." Name | DecimalLiteral     — the DecimalLiteral only as "." digits: `doc.tags.0`
   */
  namedPrimary = this.RULE('namedPrimary', () => {
    this.CONSUME(Name);
    this.OR(this.namedPrimaryAlternatives);
  });

  // nameStepAlternatives run inside namedPrimary (and DdlParser's keyColumn): indexes 4 are used by neither
  private readonly nameStepAlternatives: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME4(Dot);
        this.CONSUME4(Name);
      },
    },
    { ALT: () => this.CONSUME4(DecimalLiteral, { LABEL: 'arrayPosition' }) },
  ];
  /** A MANY body: `nameStep*`, gated so that only a `.digits` DecimalLiteral continues the name. */
  protected readonly nameStepLoop = {
    GATE: () => this.pathStepAhead(),
    DEF: () => this.OR4(this.nameStepAlternatives),
  };
  private readonly overStep = (): void => {
    this.SUBRULE(this.overClause);
  };
  /** `WITHIN GROUP (ORDER BY …)` after a call: WITHIN is non-reserved, so only when GROUP "(" follows. */
  private readonly withinGroupStep = {
    GATE: () => this.LA(2).tokenType === K.GROUP && this.LA(3).tokenType === LParen,
    DEF: () => this.SUBRULE(this.withinGroupClause),
  };
  /** `FILTER (WHERE …)` after a call: FILTER is non-reserved, so only when "(" follows (else it is an alias). */
  private readonly filterStep = {
    GATE: () => this.LA(2).tokenType === LParen,
    DEF: () => this.SUBRULE(this.filterClause),
  };
  /**
   * After the first name: a typed literal (`DATE '…'`), or name steps then optionally arguments — `f(x)` (with
   * OVER for a window function) when there are no steps, `what.centre()` (a method call) when there are. One
   * `functionArguments` serves both: two alternatives that both start with `(` made Chevrotain enumerate every
   * 4-token path through an argument list to tell them apart, which cost seconds at every process start.
   */
  private readonly namedPrimaryAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(StringLiteral) },
    {
      ALT: () => {
        this.MANY(this.nameStepLoop);
        this.OPTION8(() => {
          this.SUBRULE(this.functionArguments);
          this.OPTION6(this.withinGroupStep);
          this.OPTION9(this.filterStep);
          this.OPTION7(this.overStep);
        });
      },
    },
  ];

  /**
   * functionArguments := "(" ["*" | trimSpec [expression] FROM expression
   *                          | [DISTINCT | ALL] expression ("," expression)* [specialArguments] [orderByClause]] ")"
   * (ORDER BY orders the values an ordered aggregate, STRING_AGG or GROUP_CONCAT, joins)
   * trimSpec := LEADING | TRAILING | BOTH
   * (the standard's keyword-separated forms, `SUBSTRING(s FROM 2 FOR 3)`, `TRIM(LEADING 'x' FROM s)`,
   * `POSITION(a IN b)`, `OVERLAY(s PLACING r FROM 2)`, `EXTRACT(YEAR FROM d)`: the visitor checks that the
   * function takes them)
   */
  functionArguments = this.RULE('functionArguments', () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(Star) },
        {
          ALT: () => {
            this.OR3([
              { ALT: () => this.CONSUME(K.LEADING, { LABEL: 'trimSpec' }) },
              { ALT: () => this.CONSUME(K.TRAILING, { LABEL: 'trimSpec' }) },
              { ALT: () => this.CONSUME(K.BOTH, { LABEL: 'trimSpec' }) },
            ]);
            this.OPTION3(() => this.SUBRULE3(this.expression, { LABEL: 'trimCharacters' }));
            this.CONSUME(K.FROM);
            this.SUBRULE4(this.expression, { LABEL: 'trimSource' });
          },
        },
        {
          ALT: () => {
            this.OPTION2(() => {
              this.OR2([{ ALT: () => this.CONSUME(K.DISTINCT) }, { ALT: () => this.CONSUME(K.ALL) }]);
            });
            this.SUBRULE(this.expression);
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE2(this.expression);
            });
            this.OPTION4(() => this.SUBRULE(this.specialArguments));
            this.OPTION5(() => this.SUBRULE(this.orderByClause));
          },
        },
      ]);
    });
    this.CONSUME(RParen);
  });

  /**
   * specialArguments := FROM expression [FOR expression] | FOR expression | IN expression
   *                   | PLACING expression FROM expression [FOR expression]
   */
  specialArguments = this.RULE('specialArguments', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.FROM);
          this.SUBRULE(this.expression, { LABEL: 'from' });
          this.OPTION(() => {
            this.CONSUME(K.FOR);
            this.SUBRULE2(this.expression, { LABEL: 'for' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.FOR);
          this.SUBRULE3(this.expression, { LABEL: 'for' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.IN);
          this.SUBRULE4(this.expression, { LABEL: 'in' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.PLACING);
          this.SUBRULE5(this.expression, { LABEL: 'placing' });
          this.CONSUME2(K.FROM);
          this.SUBRULE6(this.expression, { LABEL: 'from' });
          this.OPTION2(() => {
            this.CONSUME3(K.FOR);
            this.SUBRULE7(this.expression, { LABEL: 'for' });
          });
        },
      },
    ]);
  });

  /** caseExpression := CASE [expression] whenClause+ [ELSE expression] END */
  caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(K.CASE);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.whenClause));
    this.OPTION2(() => {
      this.CONSUME(K.ELSE);
      this.SUBRULE2(this.expression, { LABEL: 'otherwise' });
    });
    this.CONSUME(K.END);
  });

  /** whenClause := WHEN expression THEN expression */
  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(K.WHEN);
    this.SUBRULE(this.expression);
    this.CONSUME(K.THEN);
    this.SUBRULE2(this.expression);
  });

  /** castExpression := CAST "(" expression AS typeName ")" */
  castExpression = this.RULE('castExpression', () => {
    this.CONSUME(K.CAST);
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(K.AS);
    this.SUBRULE(this.typeName);
    this.CONSUME(RParen);
  });

  /** existsExpression := EXISTS "(" queryExpression ")" */
  existsExpression = this.RULE('existsExpression', () => {
    this.CONSUME(K.EXISTS);
    this.CONSUME(LParen);
    this.SUBRULE(this.queryExpression);
    this.CONSUME(RParen);
  });

  /**
   * parenthesized := "(" (queryExpression | expression [AS Name] ("," expression [AS Name])*) ")"
   * — a subquery, a value or a row; a row's fields may be named, Pyrrho's `(b AS d, c)`
   */
  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(LParen);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.isQueryStart(1), ALT: () => this.SUBRULE(this.queryExpression) },
        {
          ALT: () => {
            this.SUBRULE(this.expression);
            this.OPTION(this.rowFieldNameStep);
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE2(this.expression);
              this.OPTION2(this.rowFieldNameStep2);
            });
          },
        },
      ],
    });
    this.CONSUME(RParen);
  });
  private readonly rowFieldNameStep = (): void => {
    this.CONSUME(K.AS);
    this.CONSUME(Name, { LABEL: 'fieldName' });
  };
  private readonly rowFieldNameStep2 = (): void => {
    this.CONSUME2(K.AS);
    this.CONSUME2(Name, { LABEL: 'fieldName' });
  };

  /** expressionList := expression ("," expression)* */
  expressionList = this.RULE('expressionList', () => {
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.expression);
    });
  });

  /** nameList := Name ("," Name)* */
  nameList = this.RULE('nameList', () => {
    this.CONSUME(Name);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME2(Name);
    });
  });
}
