/**
 * grammar/parser/type-names.ts — TypeNameParser: the names of SQL types (`INTEGER`, `NUMERIC(8,2)`,
 * `VARCHAR(20) CHARACTER SET utf8`, `INTERVAL DAY TO SECOND`, a structured type's name) and INTERVAL literals.
 *
 * 1. `typeName` (CAST's target) and `intervalLiteral` (a primary) are declared in ExpressionParser and defined
 *    here, in the chain ExpressionParser → PredicateParser → TypeNameParser → DocumentParser; DDL, routines and
 *    structured types use `typeName` from further down the chain.
 * 2. Type words are non-reserved where they can be (a column may be called `date` or `text`): `typeName` tries
 *    them before a plain Name, which it takes last as a structured type that Level 4 resolves.
 * 3. What other engines write and we accept without meaning: an integer's display width (`INT(11)`) and a
 *    character set (strings are Unicode and stored as UTF-8).
 */
import * as K from '../tokens/keywords.generated';
import { IntegerLiteral, Name, StringLiteral } from '../tokens/literals';
import { Comma, LParen, RParen } from '../tokens/operators';
import { PredicateParser } from './predicates';

/** Adds type names and INTERVAL literals to the expression grammar. */
export abstract class TypeNameParser extends PredicateParser {
  /** intervalLiteral := INTERVAL StringLiteral [intervalQualifier]   — `INTERVAL '1-2' YEAR TO MONTH` */
  intervalLiteral = this.RULE('intervalLiteral', () => {
    this.CONSUME(K.INTERVAL);
    this.CONSUME(StringLiteral);
    this.OPTION(() => this.SUBRULE(this.intervalQualifier));
  });

  /** intervalQualifier := intervalField [TO intervalField] */
  intervalQualifier = this.RULE('intervalQualifier', () => {
    this.SUBRULE(this.intervalField);
    this.OPTION(() => {
      this.CONSUME(K.TO);
      this.SUBRULE2(this.intervalField);
    });
  });

  /** intervalField := YEAR | MONTH | DAY | HOUR | MINUTE | SECOND */
  intervalField = this.RULE('intervalField', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.YEAR, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.MONTH, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.DAY, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.HOUR, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.MINUTE, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(K.SECOND, { LABEL: 'field' }) },
    ]);
  });

  /**
   * typeName := (REAL | BOOLEAN | DATE | TIME | TIMESTAMP | BLOB | DOCUMENT | DOCARRAY)
   *           | INTERVAL [intervalQualifier] | integerType | numericType | floatType | characterType
   */
  typeName = this.RULE('typeName', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.integerType) },
      {
        ALT: () => {
          this.CONSUME(K.INTERVAL, { LABEL: 'word' });
          this.OPTION(() => this.SUBRULE(this.intervalQualifier));
        },
      },
      { ALT: () => this.CONSUME(K.REAL, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.BOOLEAN, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.DATE, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.TIME, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.TIMESTAMP, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.BLOB, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.DOCUMENT, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.DOCARRAY, { LABEL: 'word' }) },
      { ALT: () => this.SUBRULE(this.numericType) },
      { ALT: () => this.SUBRULE(this.floatType) },
      { ALT: () => this.SUBRULE(this.characterType) },
      // a structured type (CREATE TYPE), resolved by Level 4; type words that are Names too match above first
      { IGNORE_AMBIGUITIES: true, ALT: () => this.CONSUME(Name, { LABEL: 'word' }) },
    ]);
  });

  /**
   * integerType := (INTEGER | INT | SMALLINT | BIGINT | TINYINT) ["(" IntegerLiteral ")"]
   * (the parenthesised number is a display width other engines write, `INT(11)`: accepted and ignored)
   */
  integerType = this.RULE('integerType', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.INTEGER, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.INT, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.SMALLINT, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.BIGINT, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.TINYINT, { LABEL: 'word' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.CONSUME(IntegerLiteral, { LABEL: 'displayWidth' });
      this.CONSUME(RParen);
    });
  });

  /** numericType := (NUMERIC | DECIMAL | DEC) ["(" IntegerLiteral ["," IntegerLiteral] ")"] */
  numericType = this.RULE('numericType', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.NUMERIC, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.DECIMAL, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.DEC, { LABEL: 'word' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.CONSUME(IntegerLiteral, { LABEL: 'parameter' });
      this.OPTION2(() => {
        this.CONSUME(Comma);
        this.CONSUME2(IntegerLiteral, { LABEL: 'parameter' });
      });
      this.CONSUME(RParen);
    });
  });

  /** floatType := FLOAT ["(" IntegerLiteral ")"] | DOUBLE [PRECISION] */
  floatType = this.RULE('floatType', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.FLOAT, { LABEL: 'word' });
          this.OPTION(() => {
            this.CONSUME(LParen);
            this.CONSUME(IntegerLiteral, { LABEL: 'parameter' });
            this.CONSUME(RParen);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.DOUBLE, { LABEL: 'word' });
          this.OPTION2(() => this.CONSUME(K.PRECISION, { LABEL: 'word' }));
        },
      },
    ]);
  });

  /**
   * characterType := ((CHAR | CHARACTER) [VARYING] | VARCHAR | TEXT | STRING) ["(" IntegerLiteral ")"]
   *                  [CHARACTER SET Name]
   * (a character set is accepted and ignored: strings are Unicode and stored as UTF-8)
   */
  characterType = this.RULE('characterType', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.CHAR, { LABEL: 'word' }) },
            { ALT: () => this.CONSUME(K.CHARACTER, { LABEL: 'word' }) },
          ]);
          this.OPTION(() => this.CONSUME(K.VARYING, { LABEL: 'word' }));
        },
      },
      { ALT: () => this.CONSUME(K.VARCHAR, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.TEXT, { LABEL: 'word' }) },
      { ALT: () => this.CONSUME(K.STRING, { LABEL: 'word' }) },
    ]);
    this.OPTION2(() => {
      this.CONSUME(LParen);
      this.CONSUME(IntegerLiteral, { LABEL: 'parameter' });
      this.CONSUME(RParen);
    });
    this.OPTION3(() => {
      this.CONSUME2(K.CHARACTER, { LABEL: 'characterSet' });
      this.CONSUME(K.SET, { LABEL: 'characterSet' });
      this.CONSUME(Name, { LABEL: 'characterSet' });
    });
  });
}
