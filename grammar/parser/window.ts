/**
 * grammar/parser/window.ts — WindowParser: the tails of a function call (an ordered-set aggregate's WITHIN GROUP,
 * an aggregate's FILTER, the OVER clause of window function calls), window specifications and frames, and the
 * WINDOW clause's definitions.
 *
 * 1. `withinGroupClause`, `filterClause` and `overClause` are tails of a function call (ExpressionParser's `namedPrimary`), declared
 *    there and defined here; `orderItem` is declared here and defined by QueryParser (the next class in the chain).
 * 2. An existing window name may open a specification, `OVER (w ORDER BY x)`; PARTITION, ROWS, RANGE and GROUPS
 *    are non-reserved, so the name is taken only when the next token cannot continue a clause of its own
 *    (`windowNameAhead`, a GATE).
 * 3. A frame offset is an `arithmeticExpression`, so the AND of `BETWEEN 1 PRECEDING AND …` is not a boolean AND.
 *    UNBOUNDED and CURRENT are non-reserved: `UNBOUNDED PRECEDING` and `CURRENT ROW` are tried before an offset
 *    expression (a column named `unbounded` cannot be an offset anyway: offsets are constants).
 */
import type { CstNode, IOrAlt, ParserMethod } from 'chevrotain';
import { tokenMatcher } from '../chevrotain';
import * as K from '../tokens/keywords.generated';
import { Name } from '../tokens/literals';
import { Comma, LParen, RParen } from '../tokens/operators';
import { DocumentParser } from './document';

/** Adds window specifications to the grammar. */
export abstract class WindowParser extends DocumentParser {
  /** Defined by QueryParser. */
  abstract orderItem: ParserMethod<[], CstNode>;

  /** True when LA(1) is a name that opens a window specification as its existing window name. */
  private windowNameAhead(): boolean {
    if (!tokenMatcher(this.LA(1), Name)) return false;
    const next = this.LA(2).tokenType;
    return next === RParen || next === K.PARTITION || next === K.ORDER || next === K.ROWS || next === K.RANGE || next === K.GROUPS;
  }

  /** withinGroupClause := WITHIN GROUP "(" orderByClause ")" — an ordered-set aggregate's values */
  withinGroupClause = this.RULE('withinGroupClause', () => {
    this.CONSUME(K.WITHIN);
    this.CONSUME(K.GROUP);
    this.CONSUME(LParen);
    this.SUBRULE(this.orderByClause);
    this.CONSUME(RParen);
  });

  /** filterClause := FILTER "(" WHERE expression ")" — the rows an aggregate takes */
  filterClause = this.RULE('filterClause', () => {
    this.CONSUME(K.FILTER);
    this.CONSUME(LParen);
    this.CONSUME(K.WHERE);
    this.SUBRULE(this.expression);
    this.CONSUME(RParen);
  });

  /** overClause := OVER (Name | windowSpecification) */
  overClause = this.RULE('overClause', () => {
    this.CONSUME(K.OVER);
    this.OR([{ ALT: () => this.CONSUME(Name) }, { ALT: () => this.SUBRULE(this.windowSpecification) }]);
  });

  /**
   * windowSpecification := "(" [Name] [PARTITION BY expressionList] [ORDER BY orderItem ("," orderItem)*]
   *                        [windowFrame] ")"
   */
  windowSpecification = this.RULE('windowSpecification', () => {
    this.CONSUME(LParen);
    this.OPTION({ GATE: () => this.windowNameAhead(), DEF: () => this.CONSUME(Name, { LABEL: 'base' }) });
    this.OPTION2(() => {
      this.CONSUME(K.PARTITION);
      this.CONSUME(K.BY);
      this.SUBRULE(this.expressionList, { LABEL: 'partitionBy' });
    });
    this.OPTION3(() => {
      this.CONSUME(K.ORDER);
      this.CONSUME2(K.BY);
      this.SUBRULE(this.orderItem);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.orderItem);
      });
    });
    this.OPTION4(() => this.SUBRULE(this.windowFrame));
    this.CONSUME(RParen);
  });

  /** windowFrame := (ROWS | RANGE | GROUPS) (frameBound | BETWEEN frameBound AND frameBound) */
  windowFrame = this.RULE('windowFrame', () => {
    this.OR([{ ALT: () => this.CONSUME(K.ROWS) }, { ALT: () => this.CONSUME(K.RANGE) }, { ALT: () => this.CONSUME(K.GROUPS) }]);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.BETWEEN);
          this.SUBRULE(this.frameBound, { LABEL: 'from' });
          this.CONSUME(K.AND);
          this.SUBRULE2(this.frameBound, { LABEL: 'to' });
        },
      },
      { ALT: () => this.SUBRULE3(this.frameBound, { LABEL: 'from' }) },
    ]);
  });

  private readonly frameBoundAlternatives: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(K.UNBOUNDED);
        this.OR2([{ ALT: () => this.CONSUME(K.PRECEDING) }, { ALT: () => this.CONSUME(K.FOLLOWING) }]);
      },
    },
    {
      ALT: () => {
        this.CONSUME(K.CURRENT);
        this.CONSUME(K.ROW);
      },
    },
    {
      ALT: () => {
        this.SUBRULE(this.arithmeticExpression, { LABEL: 'offset' });
        this.OR3([{ ALT: () => this.CONSUME2(K.PRECEDING) }, { ALT: () => this.CONSUME2(K.FOLLOWING) }]);
      },
    },
  ];

  /** frameBound := UNBOUNDED (PRECEDING | FOLLOWING) | CURRENT ROW | arithmeticExpression (PRECEDING | FOLLOWING) */
  frameBound = this.RULE('frameBound', () => {
    this.OR({ IGNORE_AMBIGUITIES: true, DEF: this.frameBoundAlternatives });
  });

  /** windowDefinition := Name AS windowSpecification */
  windowDefinition = this.RULE('windowDefinition', () => {
    this.CONSUME(Name);
    this.CONSUME(K.AS);
    this.SUBRULE(this.windowSpecification);
  });
}
