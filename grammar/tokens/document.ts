/**
 * grammar/tokens/document.ts — token types of document literals: braces, brackets, keys, JSON values, regexes.
 *
 * 1. `{` pushes the lexer mode `document` and `}` pops it (`lexer.ts`); these tokens live only in that mode,
 *    except LBrace, which also opens a literal from SQL mode. Inside a document there is no division, so `/`
 *    can only open a regular expression literal; in SQL mode `/` stays division.
 * 2. Double-quoted strings are JSON strings here (in SQL mode `"…"` is a quoted identifier). The pattern takes
 *    any backslash pair; the visitor decodes the escapes and reports a bad one as 22D01 at its offset.
 * 3. Numbers may carry a leading `-` (JSON has no unary operator) and keep their text, as SQL numbers do.
 * 4. `true`, `false` and `null` (any case) have `longer_alt: BareKey`, so `nullable` is a key; they are also in
 *    the `DocumentWord` category with BareKey, which is what a field's key may be.
 * 5. Every pattern is a plain regular expression whose first characters Chevrotain can compute
 *    (`ensureOptimizations: true`). The error tokens go to the `errors` group, as in `literals.ts`.
 */
import { createToken, Lexer } from '../chevrotain';
import { ERROR_GROUP } from './literals';

/** The lexer mode of a document literal's inside. */
export const DOCUMENT_MODE = 'document';

/** `{`: opens a document (from SQL mode or inside a document). */
export const LBrace = createToken({ name: 'LBrace', label: '"{"', pattern: /{/, push_mode: DOCUMENT_MODE });

/** `}`: closes a document and returns to the enclosing mode. */
export const RBrace = createToken({ name: 'RBrace', label: '"}"', pattern: /}/, pop_mode: true });

export const LBracket = createToken({ name: 'LBracket', label: '"["', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', label: '"]"', pattern: /]/ });
export const Colon = createToken({ name: 'Colon', label: '":"', pattern: /:/ });

/** A word that may stand as a field's key: a bare key, or true / false / null written as one. */
export const DocumentWord = createToken({ name: 'DocumentWord', label: 'key', pattern: Lexer.NA });

/** `name`, `$gt`, `_id`: an unquoted key (never a value). */
export const BareKey = createToken({
  name: 'BareKey',
  label: 'key',
  pattern: /[A-Za-z_$][A-Za-z0-9_$]*/,
  categories: [DocumentWord],
});

export const DocTrue = createToken({
  name: 'DocTrue',
  label: 'true',
  pattern: /true/i,
  longer_alt: BareKey,
  categories: [DocumentWord],
});
export const DocFalse = createToken({
  name: 'DocFalse',
  label: 'false',
  pattern: /false/i,
  longer_alt: BareKey,
  categories: [DocumentWord],
});
export const DocNull = createToken({
  name: 'DocNull',
  label: 'null',
  pattern: /null/i,
  longer_alt: BareKey,
  categories: [DocumentWord],
});

/** `-1e10`, `1.5E-3`, `.5e2`: a number with an exponent (REAL). */
export const DocReal = createToken({
  name: 'DocReal',
  label: 'number',
  pattern: /-?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+/,
});

/** `-2.50`, `.5`, `2.`: an exact decimal. */
export const DocDecimal = createToken({ name: 'DocDecimal', label: 'number', pattern: /-?(?:\d+\.\d*|\.\d+)/ });

/** `-12`, `123456789012345678901234567890`: an exact integer of any length. */
export const DocInteger = createToken({ name: 'DocInteger', label: 'number', pattern: /-?\d+/ });

/** `"a\"b\u00e9"`: a JSON string; the visitor decodes (and checks) the escapes. */
export const DocString = createToken({ name: 'DocString', label: 'string', pattern: /"(?:[^"\\]|\\[\s\S])*"/ });

/**
 * `/a?b.*c/i`: a regular expression literal. Inside the pattern `\/` is a slash and a `[…]` class may hold
 * `/`, as in JavaScript; the pattern cannot start with `*` (that is a comment) or be empty. Flags are letters.
 */
export const RegexLiteral = createToken({
  name: 'RegexLiteral',
  label: 'regular expression',
  pattern: /\/(?:[^/\\[\r\n]|\\.|\[(?:[^\]\\\r\n]|\\.)*\])+\/[A-Za-z]*/,
});

/** `"` without its closing quote: DocString failed. */
export const UnterminatedDocString = createToken({
  name: 'UnterminatedDocString',
  label: '"',
  pattern: /"/,
  group: ERROR_GROUP,
});

/** `/` that does not open a complete regular expression on its line. */
export const UnterminatedRegex = createToken({
  name: 'UnterminatedRegex',
  label: '/',
  pattern: /\//,
  group: ERROR_GROUP,
});
