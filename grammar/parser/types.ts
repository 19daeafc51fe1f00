/**
 * grammar/parser/types.ts — TypeParser: CREATE TYPE, CREATE METHOD, DROP TYPE and CREATE TABLE … OF (structured
 * types, Pyrrho's dialect of SQL part 2).
 *
 * 1. A field's or parameter's type is any `typeName`, including a Name (a structured type, resolved by Level 4).
 * 2. A method body is a SQL/PSM statement (psm.ts); Level 4 stores the whole CREATE METHOD text and parses it
 *    again when the method is first called.
 * 3. `CREATE TABLE t OF type` is its own rule; it differs from CREATE TABLE at its fourth token (OF vs "("), within
 *    the parser's lookahead.
 */
import * as K from '../tokens/keywords.generated';
import { Name } from '../tokens/literals';
import { Comma, LParen, RParen } from '../tokens/operators';
import { PsmParser } from './psm';

/** Adds CREATE TYPE, CREATE METHOD, DROP TYPE and CREATE TABLE … OF. */
export abstract class TypeParser extends PsmParser {
  /**
   * createTypeStatement := CREATE TYPE Name [UNDER Name] AS "(" typeField ("," typeField)* ")"
   *                        [methodSpec ("," methodSpec)*]
   */
  createTypeStatement = this.RULE('createTypeStatement', () => {
    this.CONSUME(K.CREATE);
    this.CONSUME(K.TYPE);
    this.CONSUME(Name, { LABEL: 'typeName' });
    this.OPTION(() => {
      this.CONSUME(K.UNDER);
      this.CONSUME2(Name, { LABEL: 'under' });
    });
    this.CONSUME(K.AS);
    this.CONSUME(LParen);
    this.SUBRULE(this.typeField);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.typeField);
    });
    this.CONSUME(RParen);
    this.OPTION2(() => {
      this.SUBRULE(this.methodSpec);
      this.MANY2(() => {
        this.CONSUME2(Comma);
        this.SUBRULE2(this.methodSpec);
      });
    });
  });

  /** typeField := Name typeName */
  typeField = this.RULE('typeField', () => {
    this.CONSUME(Name);
    this.SUBRULE(this.typeName);
  });

  /**
   * methodSpec := [OVERRIDING | INSTANCE | STATIC | CONSTRUCTOR] METHOD Name "(" [typeField ("," typeField)*] ")"
   *               [RETURNS typeName]
   */
  methodSpec = this.RULE('methodSpec', () => {
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(K.OVERRIDING, { LABEL: 'methodKind' }) },
        { ALT: () => this.CONSUME(K.INSTANCE, { LABEL: 'methodKind' }) },
        { ALT: () => this.CONSUME(K.STATIC, { LABEL: 'methodKind' }) },
        { ALT: () => this.CONSUME(K.CONSTRUCTOR, { LABEL: 'methodKind' }) },
      ]);
    });
    this.CONSUME(K.METHOD);
    this.CONSUME(Name);
    this.CONSUME(LParen);
    this.OPTION2(() => {
      this.SUBRULE(this.typeField);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.typeField);
      });
    });
    this.CONSUME(RParen);
    this.OPTION3(() => {
      this.CONSUME(K.RETURNS);
      this.SUBRULE(this.typeName);
    });
  });

  /** createMethodStatement := CREATE methodSpec FOR Name methodBody */
  createMethodStatement = this.RULE('createMethodStatement', () => {
    this.CONSUME(K.CREATE);
    this.SUBRULE(this.methodSpec);
    this.CONSUME(K.FOR);
    this.CONSUME(Name);
    this.SUBRULE(this.methodBody);
  });

  /** methodBody := psmStatement   (invariant 2: `RETURN expr`, `BEGIN … END`, any SQL/PSM statement) */
  methodBody = this.RULE('methodBody', () => {
    this.SUBRULE(this.psmStatement);
  });

  /** dropTypeStatement := DROP TYPE Name [dropBehavior] */
  dropTypeStatement = this.RULE('dropTypeStatement', () => {
    this.CONSUME(K.DROP);
    this.CONSUME(K.TYPE);
    this.CONSUME(Name);
    this.OPTION(() => this.SUBRULE(this.dropBehavior));
  });

  /** createTableOfStatement := CREATE TABLE Name OF Name   (invariant 3) */
  createTableOfStatement = this.RULE('createTableOfStatement', () => {
    this.CONSUME(K.CREATE);
    this.CONSUME(K.TABLE);
    this.CONSUME(Name, { LABEL: 'table' });
    this.CONSUME(K.OF);
    this.CONSUME2(Name, { LABEL: 'typeName' });
  });
}
