/**
 * grammar/visitor/precedence.ts — the operator precedence table the expression visitor climbs.
 *
 * 1. Higher binds tighter. Binary operators are left-associative; the comparison level also holds the
 *    predicate tails (IS …, [NOT] BETWEEN, [NOT] IN, [NOT] LIKE, [NOT] SIMILAR TO), so `a = b IS NULL` is
 *    `(a = b) IS NULL`.
 * 2. A prefix operator's operand takes every infix step that binds tighter than the operator itself (and than
 *    the surrounding context): `NOT a = b` is `NOT (a = b)`, `-a * b` is `(-a) * b`.
 * 3. `^` (PostgreSQL's exponentiation) binds tighter than `*` and looser than a sign, left to right as in
 *    PostgreSQL: `2 * 3 ^ 2` is 18, `-2 ^ 2` is 4, `2 ^ 3 ^ 2` is 64. It is a call of POWER.
 */
import type { IToken, TokenType } from 'chevrotain';
import { InternalError } from '../../src/common/errors';
import type { BinaryOp } from '../ast/expression';
import * as K from '../tokens/keywords.generated';
import {
  Caret,
  Concat,
  Equals,
  Greater,
  GreaterEquals,
  Less,
  LessEquals,
  Minus,
  NotEquals,
  Percent,
  Plus,
  Slash,
  Star,
} from '../tokens/operators';

/** Precedence levels, loosest first. */
export const PRECEDENCE = {
  OR: 1,
  AND: 2,
  NOT: 3,
  COMPARISON: 4,
  CONCAT: 5,
  ADDITIVE: 6,
  MULTIPLICATIVE: 7,
  EXPONENT: 8,
  UNARY: 9,
} as const;

interface BinaryInfo {
  readonly precedence: number;
  /** `^` has no Binary node: the visitor makes it a call of POWER */
  readonly op: BinaryOp | '^';
}

const BINARY: ReadonlyMap<TokenType, BinaryInfo> = new Map<TokenType, BinaryInfo>([
  [K.OR, { precedence: PRECEDENCE.OR, op: 'OR' }],
  [K.AND, { precedence: PRECEDENCE.AND, op: 'AND' }],
  [Equals, { precedence: PRECEDENCE.COMPARISON, op: '=' }],
  [NotEquals, { precedence: PRECEDENCE.COMPARISON, op: '<>' }],
  [Less, { precedence: PRECEDENCE.COMPARISON, op: '<' }],
  [LessEquals, { precedence: PRECEDENCE.COMPARISON, op: '<=' }],
  [Greater, { precedence: PRECEDENCE.COMPARISON, op: '>' }],
  [GreaterEquals, { precedence: PRECEDENCE.COMPARISON, op: '>=' }],
  [Concat, { precedence: PRECEDENCE.CONCAT, op: '||' }],
  [Plus, { precedence: PRECEDENCE.ADDITIVE, op: '+' }],
  [Minus, { precedence: PRECEDENCE.ADDITIVE, op: '-' }],
  [Star, { precedence: PRECEDENCE.MULTIPLICATIVE, op: '*' }],
  [Slash, { precedence: PRECEDENCE.MULTIPLICATIVE, op: '/' }],
  [Percent, { precedence: PRECEDENCE.MULTIPLICATIVE, op: '%' }],
  [Caret, { precedence: PRECEDENCE.EXPONENT, op: '^' }],
]);

/** Precedence and AST operator of a binary operator token (`!=` is `<>`). */
export function binaryInfo(token: IToken): BinaryInfo {
  const info = BINARY.get(token.tokenType);
  if (info === undefined) throw new InternalError(`not a binary operator: ${token.image}`);
  return info;
}
