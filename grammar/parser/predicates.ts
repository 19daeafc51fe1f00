/**
 * grammar/parser/predicates.ts — PredicateParser: what may follow an operand to make a predicate (IS …, [NOT]
 * BETWEEN, IN, LIKE / ILIKE, SIMILAR TO), and the quantified operand of a comparison, ALL / ANY / SOME (…).
 *
 * 1. `predicateTail` and `quantifiedSubquery` are declared in ExpressionParser and defined here, the next class in
 *    the chain (ExpressionParser → PredicateParser → TypeNameParser → …).
 * 2. BETWEEN's bounds, LIKE's pattern and ESCAPE are `arithmeticExpression`s, so the AND of `BETWEEN a AND b` is
 *    BETWEEN's (expression.ts invariant 2).
 */
import * as K from '../tokens/keywords.generated';
import { Comma, Dot, LParen, RegexOperator, RParen } from '../tokens/operators';
import { ExpressionParser } from './expression';

/** Adds the predicate tails and quantified operands to the expression grammar. */
export abstract class PredicateParser extends ExpressionParser {
  /**
   * predicateTail := IS [NOT] (NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM arithmeticExpression)
   *                | [NOT] (betweenTail | inTail | likeTail | similarTail)
   *                | RegexOperator arithmeticExpression      — PostgreSQL's `~`, `~*`, `!~`, `!~*`
   */
  predicateTail = this.RULE('predicateTail', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.IS);
          this.OPTION(() => this.CONSUME(K.NOT));
          this.OR2([
            { ALT: () => this.CONSUME(K.NULL) },
            { ALT: () => this.CONSUME(K.TRUE) },
            { ALT: () => this.CONSUME(K.FALSE) },
            { ALT: () => this.CONSUME(K.UNKNOWN) },
            {
              ALT: () => {
                this.CONSUME(K.DISTINCT);
                this.CONSUME(K.FROM);
                this.SUBRULE(this.arithmeticExpression);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME2(K.NOT));
          this.OR3([
            { ALT: () => this.SUBRULE(this.betweenTail) },
            { ALT: () => this.SUBRULE(this.inTail) },
            { ALT: () => this.SUBRULE(this.likeTail) },
            { ALT: () => this.SUBRULE(this.similarTail) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(RegexOperator);
          this.SUBRULE2(this.arithmeticExpression, { LABEL: 'regexPattern' });
        },
      },
    ]);
  });

  /** betweenTail := BETWEEN [SYMMETRIC | ASYMMETRIC] arithmeticExpression AND arithmeticExpression */
  betweenTail = this.RULE('betweenTail', () => {
    this.CONSUME(K.BETWEEN);
    this.OPTION({
      // non-reserved: `BETWEEN symmetric AND 5` and `BETWEEN symmetric.x AND 5` read a column or table so named
      GATE: () => this.LA(2).tokenType !== K.AND && this.LA(2).tokenType !== Dot,
      DEF: () => this.OR([{ ALT: () => this.CONSUME(K.SYMMETRIC) }, { ALT: () => this.CONSUME(K.ASYMMETRIC) }]),
    });
    this.SUBRULE(this.arithmeticExpression);
    this.CONSUME(K.AND);
    this.SUBRULE2(this.arithmeticExpression);
  });

  /** inTail := IN "(" [queryExpression | expression ("," expression)*] ")"   (an empty list is allowed) */
  inTail = this.RULE('inTail', () => {
    this.CONSUME(K.IN);
    this.CONSUME(LParen);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.isQueryStart(1), ALT: () => this.SUBRULE(this.queryExpression) },
        {
          ALT: () => {
            this.OPTION(() => {
              this.SUBRULE(this.expression);
              this.MANY(() => {
                this.CONSUME(Comma);
                this.SUBRULE2(this.expression);
              });
            });
          },
        },
      ],
    });
    this.CONSUME(RParen);
  });

  /** likeTail := (LIKE | ILIKE) arithmeticExpression [ESCAPE arithmeticExpression]   (ILIKE: PostgreSQL's) */
  likeTail = this.RULE('likeTail', () => {
    this.OR([{ ALT: () => this.CONSUME(K.LIKE) }, { ALT: () => this.CONSUME(K.ILIKE) }]);
    this.SUBRULE(this.arithmeticExpression);
    this.OPTION(() => {
      this.CONSUME(K.ESCAPE);
      this.SUBRULE2(this.arithmeticExpression);
    });
  });

  /** similarTail := SIMILAR TO arithmeticExpression [ESCAPE arithmeticExpression] */
  similarTail = this.RULE('similarTail', () => {
    this.CONSUME(K.SIMILAR);
    this.CONSUME(K.TO);
    this.SUBRULE(this.arithmeticExpression);
    this.OPTION(() => {
      this.CONSUME(K.ESCAPE);
      this.SUBRULE2(this.arithmeticExpression);
    });
  });

  /**
   * quantifiedSubquery := (ALL | ANY | SOME) "(" (queryExpression | expression) ")"   — the right operand of a
   * comparison (`x > ALL (SELECT …)`, `x <> ALL (?)` over an array); the visitor refuses it anywhere else. ANY and
   * SOME are names too: before anything but a query they are read as a call (`any(?)`), which the visitor takes
   * as the array form where a comparison's right operand is one.
   */
  quantifiedSubquery = this.RULE('quantifiedSubquery', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.ALL, { LABEL: 'quantifier' }) },
      { ALT: () => this.CONSUME(K.ANY, { LABEL: 'quantifier' }) },
      { ALT: () => this.CONSUME(K.SOME, { LABEL: 'quantifier' }) },
    ]);
    this.CONSUME(LParen);
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ GATE: () => this.isQueryStart(1), ALT: () => this.SUBRULE(this.queryExpression) }, { ALT: () => this.SUBRULE(this.expression) }],
    });
    this.CONSUME(RParen);
  });

}
