/**
 * grammar/lexer.ts — the token order and the one Lexer instance.
 *
 * 1. Chevrotain takes the FIRST pattern that matches (not the longest), so order is meaning; each constraint is
 *    commented where it is kept in `ALL_TOKENS`.
 * 2. `ALL_TOKENS` is also the parser's vocabulary; category tokens (NonReservedKeyword, the operator
 *    categories) are listed too so rules may consume them.
 * 3. Positions are offsets only (`positionTracking: 'onlyOffset'`): nothing needs lines and columns, and the
 *    lexer is faster for it. `tokenize` adds each token's `endOffset` (start + image length - 1).
 * 4. Two modes: `sql` (the default) and `document`, pushed by `{` and popped by `}` (README.md, "Document
 *    literals and regular expressions"). A `/` is division in SQL mode and opens a regex in document mode; a
 *    `"` is a quoted identifier in SQL mode and a JSON string in document mode.
 * 5. Keywords are not patterns: every word lexes as an Identifier, and `tokenize` retypes the ASCII words that
 *    are keywords (`KEYWORD_BY_WORD`, by upper-case spelling) to their keyword token. One regex for every word
 *    instead of one per keyword (there are over 200) keeps both building the lexer and lexing cheap; the
 *    parser matches by token type, so it cannot tell the difference. Quoted identifiers are never keywords.
 * 6. The lexer is built on first use (`tokenize`), not when the module loads, and without Chevrotain's
 *    definition checks (`skipValidations`); grammar/lexer.test.ts builds it with them.
 */
import type { ILexingResult, IMultiModeLexerDefinition, TokenType } from 'chevrotain';
import { Lexer } from './chevrotain';
import {
  BareKey,
  Colon,
  DocDecimal,
  DocFalse,
  DocInteger,
  DocNull,
  DocReal,
  DocString,
  DocTrue,
  DOCUMENT_MODE,
  DocumentWord,
  LBrace,
  LBracket,
  RBrace,
  RBracket,
  RegexLiteral,
  UnterminatedDocString,
  UnterminatedRegex,
} from './tokens/document';
import { KEYWORD_BY_WORD, KEYWORD_TOKENS, NonReservedKeyword } from './tokens/keywords.generated';
import {
  BlobLiteral,
  BlockComment,
  DecimalLiteral,
  Identifier,
  IntegerLiteral,
  LineComment,
  NamedParameter,
  QuestionMark,
  QuotedIdentifier,
  RealLiteral,
  StringLiteral,
  UnterminatedComment,
  UnterminatedQuotedIdentifier,
  UnterminatedString,
  WhiteSpace,
} from './tokens/literals';
import {
  AdditiveOperator,
  Arrow,
  Caret,
  Comma,
  ComparisonOperator,
  Concat,
  Dot,
  DoubleColon,
  Equals,
  Greater,
  GreaterEquals,
  Less,
  LessEquals,
  LParen,
  Minus,
  MultiplicativeOperator,
  NotEquals,
  Percent,
  Plus,
  RegexOperator,
  RParen,
  Semicolon,
  Slash,
  Star,
  TextArrow,
} from './tokens/operators';

/** The tokens of SQL text, in the order the lexer tries them. */
const SQL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  // comments before the operators they start with: `--` before Minus, `/*` before Slash
  LineComment,
  BlockComment,
  UnterminatedComment,
  // X'..' before Identifier, which would take the X
  BlobLiteral,
  // keywords too (invariant 5)
  Identifier,
  QuotedIdentifier,
  UnterminatedQuotedIdentifier,
  // 1e5 before 1.5 before 1: each is a prefix of the one before
  RealLiteral,
  DecimalLiteral,
  IntegerLiteral,
  StringLiteral,
  UnterminatedString,
  QuestionMark,
  NamedParameter,
  // two-character operators before their one-character prefixes (`->>` and `->` before `-`)
  TextArrow,
  Arrow,
  RegexOperator,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Less,
  Greater,
  Equals,
  Concat,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Caret,
  LParen,
  RParen,
  Comma,
  Semicolon,
  // `::` casts (PostgreSQL's), before the `:` that ends a statement label in routine bodies (`l1: WHILE …`)
  DoubleColon,
  Colon,
  // `.` after the numbers, so `.5` is a number
  Dot,
  // `{` opens a document literal: it pushes the document mode
  LBrace,
  // `ARRAY[…]` (PostgreSQL's array constructor)
  LBracket,
  RBracket,
  // categories: never matched by the lexer, consumed by rules
  NonReservedKeyword,
  ComparisonOperator,
  AdditiveOperator,
  MultiplicativeOperator,
];

/** The tokens inside a document literal, in the order the lexer tries them. */
const DOCUMENT_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  // comments as in SQL, before the `-` of negative numbers and the `/` of regexes
  LineComment,
  BlockComment,
  UnterminatedComment,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Colon,
  Comma,
  // true / false / null before BareKey (their longer_alt, so `nullable` is a key)
  DocTrue,
  DocFalse,
  DocNull,
  BareKey,
  // 1e5 before 1.5 before 1, as in SQL mode
  DocReal,
  DocDecimal,
  DocInteger,
  StringLiteral,
  UnterminatedString,
  DocString,
  UnterminatedDocString,
  RegexLiteral,
  UnterminatedRegex,
  QuestionMark,
  NamedParameter,
  DocumentWord,
];

const LEXER_DEFINITION: IMultiModeLexerDefinition = {
  modes: { sql: SQL_TOKENS as TokenType[], [DOCUMENT_MODE]: DOCUMENT_TOKENS as TokenType[] },
  defaultMode: 'sql',
};

/** Every token type of either mode and every keyword, once: the parser's vocabulary. */
export const ALL_TOKENS: readonly TokenType[] = [...new Set([...SQL_TOKENS, ...KEYWORD_TOKENS, ...DOCUMENT_TOKENS])];

/** Builds the lexer; `validate` runs Chevrotain's definition checks (tests do, `tokenize` does not). */
export function buildLexer(validate: boolean): Lexer {
  return new Lexer(LEXER_DEFINITION, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: !validate,
  });
}

let sqlLexer: Lexer | undefined;

const ASCII_WORD = /^[A-Za-z_]+$/;

/**
 * Splits SQL text into tokens; errors and the `errors` token group are the caller's to report. Every token
 * gets its `endOffset` (offset-only tracking records just the start), which the parser's node locations use.
 */
export function tokenize(text: string): ILexingResult {
  sqlLexer ??= buildLexer(false);
  const result = sqlLexer.tokenize(text);
  const tokens = result.tokens;
  const identifierIdx = Identifier.tokenTypeIdx;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    t.endOffset = t.startOffset + t.image.length - 1;
    if (t.tokenTypeIdx === identifierIdx) {
      const keyword = KEYWORD_BY_WORD.get(t.image.toUpperCase());
      // a non-ASCII letter may upper-case to an ASCII one ('ſ' → 'S'): only ASCII spellings are keywords
      if (keyword !== undefined && ASCII_WORD.test(t.image)) {
        t.tokenType = keyword;
        t.tokenTypeIdx = keyword.tokenTypeIdx!;
      }
    }
  }
  return result;
}
