/**
 * grammar/tokens/literals.ts — token types for names, numbers, strings, blobs, parameters, whitespace and comments.
 *
 * 1. Tokens know nothing of rules; the lexer order in `lexer.ts` decides between overlapping patterns.
 * 2. Every pattern is a plain regular expression whose first characters Chevrotain can compute, so the lexer
 *    keeps its first-character optimisation (`ensureOptimizations: true` in `lexer.ts` enforces this).
 * 3. Tokens in the `errors` group never reach the parser: they mark unterminated strings, quoted identifiers and
 *    comments so that `parse.ts` can report them with a precise position and detail.
 */
import { createToken, Lexer } from '../chevrotain';

/**
 * Category of every token that may stand as a name: Identifier, QuotedIdentifier and (through the generated
 * NonReservedKeyword category) the non-reserved keywords. Rules consume `Name`, so the CST keeps a rule's names
 * in source order under one key.
 */
export const Name = createToken({ name: 'Name', label: 'identifier', pattern: Lexer.NA });

/** A bare name: folded to upper case by the visitor. */
export const Identifier = createToken({
  name: 'Identifier',
  label: 'identifier',
  pattern: /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/,
  categories: [Name],
});

/** `"Mixed Case"`: keeps its case; `""` inside stands for one `"`. */
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  label: 'identifier',
  pattern: /"(?:[^"]|"")*"/,
  categories: [Name],
});

/** `1e10`, `1.5E-3`, `.5e2`: an approximate (REAL) literal. */
export const RealLiteral = createToken({
  name: 'RealLiteral',
  label: 'number',
  pattern: /(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+/,
});

/** `1.50`, `.5`, `2.`: an exact decimal literal. */
export const DecimalLiteral = createToken({
  name: 'DecimalLiteral',
  label: 'number',
  pattern: /\d+\.\d*|\.\d+/,
});

/** `123`: an exact integer of any length. */
export const IntegerLiteral = createToken({ name: 'IntegerLiteral', label: 'integer', pattern: /\d+/ });

/** `'it''s'`: a character string. */
export const StringLiteral = createToken({ name: 'StringLiteral', label: 'string', pattern: /'(?:[^']|'')*'/ });

/** `X'0aff'`: a binary string; the visitor checks the digits. Listed before Identifier (both start with X). */
export const BlobLiteral = createToken({ name: 'BlobLiteral', label: 'blob', pattern: /[xX]'[^']*'/ });

/** `?`: a positional parameter. */
export const QuestionMark = createToken({ name: 'QuestionMark', label: '?', pattern: /\?/ });

/** `@name`: a named parameter. */
export const NamedParameter = createToken({
  name: 'NamedParameter',
  label: 'parameter',
  pattern: /@[A-Za-z_][A-Za-z0-9_]*/,
});

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

/** `-- to end of line`; listed before Minus. */
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED });

/** `/* … *\/` (not nested); listed before Slash and UnterminatedComment. */
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//,
  group: Lexer.SKIPPED,
});

/** The lexer group holding the error tokens below. */
export const ERROR_GROUP = 'errors';

/** `/*` without its `*\/`: BlockComment failed, so the comment runs off the end. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  label: '/*',
  pattern: /\/\*/,
  group: ERROR_GROUP,
});

/** `'` without its closing quote: StringLiteral failed. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  label: "'",
  pattern: /'/,
  group: ERROR_GROUP,
});

/** `"` without its closing quote: QuotedIdentifier failed. */
export const UnterminatedQuotedIdentifier = createToken({
  name: 'UnterminatedQuotedIdentifier',
  label: '"',
  pattern: /"/,
  group: ERROR_GROUP,
});
