/**
 * grammar/parser/document.ts — DocumentParser: document literals, `{…}` with JSON values, regexes and parameters.
 *
 * 1. The tokens come from the lexer's `document` mode (`../lexer.ts`), entered by `{` and left by `}`: JSON
 *    values, bare keys, regex literals, `?` and `@name` — never SQL expressions.
 * 2. `documentLiteral` is an alternative of ExpressionParser's `primary` (LL(1) on `{`); the rules here use no
 *    other rule, so this class only adds them to the chain (ExpressionParser → TypeNameParser → DocumentParser
 *    → WindowParser).
 * 3. Alternatives and loop bodies live in fields, so a call allocates nothing (large literals stay cheap).
 */
import type { IOrAlt } from 'chevrotain';
import {
  Colon,
  DocDecimal,
  DocFalse,
  DocInteger,
  DocNull,
  DocReal,
  DocString,
  DocTrue,
  DocumentWord,
  LBrace,
  LBracket,
  RBrace,
  RBracket,
  RegexLiteral,
} from '../tokens/document';
import { NamedParameter, QuestionMark, StringLiteral } from '../tokens/literals';
import { Comma } from '../tokens/operators';
import { TypeNameParser } from './type-names';

/** Adds document literals to the expression grammar. */
export abstract class DocumentParser extends TypeNameParser {
  private readonly documentFieldStep = (): void => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.documentField);
  };
  private readonly documentFieldList = (): void => {
    this.SUBRULE(this.documentField);
    this.MANY(this.documentFieldStep);
  };

  /** documentLiteral := "{" [documentField ("," documentField)*] "}" */
  documentLiteral = this.RULE('documentLiteral', () => {
    this.CONSUME(LBrace);
    this.OPTION(this.documentFieldList);
    this.CONSUME(RBrace);
  });

  private readonly documentKeyAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(DocumentWord, { LABEL: 'key' }) },
    { ALT: () => this.CONSUME(StringLiteral, { LABEL: 'key' }) },
    { ALT: () => this.CONSUME(DocString, { LABEL: 'key' }) },
  ];

  /**
   * documentField := documentKey ":" documentValue
   * documentKey := BareKey | TRUE | FALSE | NULL | StringLiteral | DocString   — `name`, `'name'`, `"name"`
   */
  documentField = this.RULE('documentField', () => {
    this.OR(this.documentKeyAlternatives);
    this.CONSUME(Colon);
    this.SUBRULE(this.documentValue);
  });

  private readonly documentValueAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(StringLiteral) },
    { ALT: () => this.CONSUME(DocInteger) },
    { ALT: () => this.CONSUME(DocString) },
    { ALT: () => this.SUBRULE(this.documentLiteral) },
    { ALT: () => this.SUBRULE(this.documentArray) },
    { ALT: () => this.CONSUME(DocDecimal) },
    { ALT: () => this.CONSUME(DocReal) },
    { ALT: () => this.CONSUME(DocTrue) },
    { ALT: () => this.CONSUME(DocFalse) },
    { ALT: () => this.CONSUME(DocNull) },
    { ALT: () => this.CONSUME(RegexLiteral) },
    { ALT: () => this.CONSUME(QuestionMark) },
    { ALT: () => this.CONSUME(NamedParameter) },
  ];

  /**
   * documentValue := StringLiteral | DocString | DocInteger | DocDecimal | DocReal | TRUE | FALSE | NULL
   *                | RegexLiteral | "?" | NamedParameter | documentLiteral | documentArray
   * (a bare word is not a value: `{a: b}` is a syntax error at `b`)
   */
  documentValue = this.RULE('documentValue', () => {
    this.OR(this.documentValueAlternatives);
  });

  private readonly documentItemStep = (): void => {
    this.CONSUME(Comma);
    this.SUBRULE2(this.documentValue);
  };
  private readonly documentItemList = (): void => {
    this.SUBRULE(this.documentValue);
    this.MANY(this.documentItemStep);
  };

  /** documentArray := "[" [documentValue ("," documentValue)*] "]" */
  documentArray = this.RULE('documentArray', () => {
    this.CONSUME(LBracket);
    this.OPTION(this.documentItemList);
    this.CONSUME(RBracket);
  });
}
