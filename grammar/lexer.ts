/**
 * grammar/lexer.ts — the token order and the one Lexer instance.
 *
 * 1. Chevrotain takes the FIRST pattern that matches (not the longest), so order is meaning; each constraint is
 *    commented where it is kept in `ALL_TOKENS`.
 * 2. `ALL_TOKENS` is also the parser's vocabulary; category tokens (Keyword, NonReservedKeyword, the operator
 *    categories) are listed too so rules may consume them.
 * 3. Positions are offsets only (`positionTracking: 'onlyOffset'`): nothing needs lines and columns, and the
 *    lexer is faster for it. `tokenize` adds each token's `endOffset` (start + image length - 1).
 * 4. One mode today. Document literals (next issue) add a `document` mode entered by `{` — see README.md.
 */
import { Lexer, type ILexingResult, type TokenType } from 'chevrotain';
import { KEYWORD_TOKENS, Keyword, NonReservedKeyword } from './tokens/keywords.generated';
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
  Comma,
  ComparisonOperator,
  Concat,
  Dot,
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
  RParen,
  Semicolon,
  Slash,
  Star,
} from './tokens/operators';

/** Every token type, in the order the lexer tries them. */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  // comments before the operators they start with: `--` before Minus, `/*` before Slash
  LineComment,
  BlockComment,
  UnterminatedComment,
  // X'..' before the keywords and Identifier, which would take the X
  BlobLiteral,
  // keywords before Identifier; within them longest first, so INTEGER is not read as INT + EGER
  ...KEYWORD_TOKENS,
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
  // two-character operators before their one-character prefixes
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
  LParen,
  RParen,
  Comma,
  Semicolon,
  // `.` after the numbers, so `.5` is a number
  Dot,
  // categories: never matched by the lexer, consumed by rules
  Keyword,
  NonReservedKeyword,
  ComparisonOperator,
  AdditiveOperator,
  MultiplicativeOperator,
];

const SQL_LEXER = new Lexer(ALL_TOKENS as TokenType[], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

/**
 * Splits SQL text into tokens; errors and the `errors` token group are the caller's to report. Every token
 * gets its `endOffset` (offset-only tracking records just the start), which the parser's node locations use.
 */
export function tokenize(text: string): ILexingResult {
  const result = SQL_LEXER.tokenize(text);
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    t.endOffset = t.startOffset + t.image.length - 1;
  }
  return result;
}
