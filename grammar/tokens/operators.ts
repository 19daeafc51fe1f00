/**
 * grammar/tokens/operators.ts — punctuation and operator token types.
 *
 * 1. Operators of one precedence level share a category (ComparisonOperator, AdditiveOperator,
 *    MultiplicativeOperator), so a rule consumes the category and the CST keeps the operators in source order
 *    under one key.
 * 2. Longer operators are listed before their prefixes in `lexer.ts` (`<>` and `<=` before `<`, `||` alone).
 * 3. Labels are the operator text in double quotes; syntax-error details print them.
 */
import { createToken, Lexer } from '../chevrotain';

export const ComparisonOperator = createToken({ name: 'ComparisonOperator', label: 'comparison', pattern: Lexer.NA });
export const AdditiveOperator = createToken({ name: 'AdditiveOperator', label: '"+" or "-"', pattern: Lexer.NA });
export const MultiplicativeOperator = createToken({
  name: 'MultiplicativeOperator',
  label: '"*", "/" or "%"',
  pattern: Lexer.NA,
});

export const LParen = createToken({ name: 'LParen', label: '"("', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', label: '")"', pattern: /\)/ });
export const Comma = createToken({ name: 'Comma', label: '","', pattern: /,/ });
export const Semicolon = createToken({ name: 'Semicolon', label: '";"', pattern: /;/ });
export const Dot = createToken({ name: 'Dot', label: '"."', pattern: /\./ });

export const Star = createToken({ name: 'Star', label: '"*"', pattern: /\*/, categories: [MultiplicativeOperator] });
export const Slash = createToken({ name: 'Slash', label: '"/"', pattern: /\//, categories: [MultiplicativeOperator] });
export const Percent = createToken({
  name: 'Percent',
  label: '"%"',
  pattern: /%/,
  categories: [MultiplicativeOperator],
});
/** PostgreSQL's exponentiation, `2 ^ 10` (POWER), binding tighter than `*` and `/` */
export const Caret = createToken({ name: 'Caret', label: '"^"', pattern: /\^/, categories: [MultiplicativeOperator] });
export const Plus = createToken({ name: 'Plus', label: '"+"', pattern: /\+/, categories: [AdditiveOperator] });
export const Minus = createToken({ name: 'Minus', label: '"-"', pattern: /-/, categories: [AdditiveOperator] });
export const Concat = createToken({ name: 'Concat', label: '"||"', pattern: /\|\|/ });
/** PostgreSQL's cast, `x::INTEGER` */
export const DoubleColon = createToken({ name: 'DoubleColon', label: '"::"', pattern: /::/ });
/** PostgreSQL's `->` and `->>`: a document's field (or array element), as a value or as text */
export const Arrow = createToken({ name: 'Arrow', label: '"->"', pattern: /->(?!>)/ });
export const TextArrow = createToken({ name: 'TextArrow', label: '"->>"', pattern: /->>/ });

/** PostgreSQL's regular-expression matches: `~`, `~*` (case-insensitive) and their negations `!~`, `!~*` */
export const RegexOperator = createToken({ name: 'RegexOperator', label: '"~"', pattern: /!?~\*?/ });

export const Equals = createToken({ name: 'Equals', label: '"="', pattern: /=/, categories: [ComparisonOperator] });
/** `<>` and `!=` both mean not-equal. */
export const NotEquals = createToken({
  name: 'NotEquals',
  label: '"<>"',
  pattern: /<>|!=/,
  categories: [ComparisonOperator],
});
export const LessEquals = createToken({
  name: 'LessEquals',
  label: '"<="',
  pattern: /<=/,
  categories: [ComparisonOperator],
});
export const GreaterEquals = createToken({
  name: 'GreaterEquals',
  label: '">="',
  pattern: />=/,
  categories: [ComparisonOperator],
});
export const Less = createToken({ name: 'Less', label: '"<"', pattern: /</, categories: [ComparisonOperator] });
export const Greater = createToken({ name: 'Greater', label: '">"', pattern: />/, categories: [ComparisonOperator] });
