/**
 * grammar/visitor/expression-forms.ts — the pieces of ExpressionVisitor that turn written forms into the AST's:
 * quantified comparisons read as calls, the standard's keyword-separated call arguments, type names as words,
 * and literals.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { BinaryOp, Expr, FunctionCall, LiteralValue, QuantifiedArray, TypeName } from '../ast/expression';
import type * as C from '../cst.generated';
import { syntaxError } from '../syntax-error';
import * as K from '../tokens/keywords.generated';
import { QuotedIdentifier } from '../tokens/literals';
import { spanOf, unquote } from './cst-helpers';

type CompareOp = QuantifiedArray['op'];

export function isCompareOp(op: BinaryOp): op is CompareOp {
  return op === '=' || op === '<>' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

/** `x op ANY (e)` / `x op SOME (e)` read as a call (the grammar's quantifiedSubquery takes only a query after
 *  them): the comparison over the array e; null when `right` is no such call. */
export function quantifiedCall(left: Expr, op: BinaryOp, right: Expr): Expr | null {
  if (right.kind !== 'FunctionCall' || (right.name !== 'ANY' && right.name !== 'SOME') || !isCompareOp(op)) return null;
  if (right.args.length !== 1 || right.star || right.distinct || right.filter !== undefined || right.orderBy !== undefined) return null;
  return { kind: 'QuantifiedArray', operand: left, op, all: false, array: right.args[0]!, position: left.position, end: right.end };
}

/** What `functionArguments` gives: a call without its name, and the keyword-separated arguments if any. */
export type CallArguments = Pick<FunctionCall, 'kind' | 'args' | 'distinct' | 'star'> & {
  special?: SpecialArguments | { trim: string; at: number };
};

/** The arguments after the first one, separated by keywords: `FROM x FOR y`, `IN x`, `PLACING x FROM y`. */
export interface SpecialArguments {
  from: Expr | null;
  for: Expr | null;
  in: Expr | null;
  placing: Expr | null;
  /** where the keywords start, for a syntax error */
  at: number;
}

const TRIM_FUNCTIONS: Readonly<Record<string, string>> = { LEADING: 'LTRIM', TRAILING: 'RTRIM', BOTH: 'TRIM' };

/**
 * The standard's keyword forms as ordinary calls: `SUBSTRING(s FROM a FOR b)` → SUBSTRING(s, a, b) (`FOR b`
 * alone: from 1); `TRIM(LEADING x FROM s)` → LTRIM(s, x) (TRAILING: RTRIM, BOTH: TRIM); `TRIM(x FROM s)` →
 * TRIM(s, x); `POSITION(a IN b)` → POSITION(a, b); `OVERLAY(s PLACING r FROM a [FOR b])` → OVERLAY(s, r, a[, b]);
 * `EXTRACT(f FROM e)` → EXTRACT('f', e) with the field name as a string. Anything else is a syntax error.
 */
export function specialCall(fn: FunctionCall, special: NonNullable<CallArguments['special']>): FunctionCall {
  const bad = (): never => {
    throw syntaxError(special.at, fn.name, `${fn.name} does not take arguments separated by keywords here`);
  };
  if ('trim' in special) {
    if (fn.name !== 'TRIM') bad();
    return { ...fn, name: TRIM_FUNCTIONS[special.trim]! };
  }
  const first = fn.args[0];
  if (first === undefined || fn.args.length !== 1 || fn.distinct) return bad();
  const { from, for: count, in: within, placing } = special;
  switch (fn.name) {
    case 'SUBSTRING':
    case 'SUBSTR':
      if (within !== null || placing !== null) bad();
      if (from !== null) return { ...fn, args: count === null ? [first, from] : [first, from, count] };
      return { ...fn, args: [first, { kind: 'Literal', value: { type: 'integer', text: '1' }, position: special.at, end: special.at }, count!] };
    case 'TRIM':
      if (from === null || count !== null || within !== null || placing !== null) bad();
      return { ...fn, args: [from!, first] };
    case 'POSITION':
      if (within === null) bad();
      return { ...fn, args: [first, within!] };
    case 'OVERLAY':
      if (placing === null || from === null) bad();
      return { ...fn, args: count === null ? [first, placing!, from!] : [first, placing!, from!, count] };
    case 'EXTRACT': {
      if (from === null || count !== null || first.kind !== 'ColumnRef' || first.parts.length !== 1 || first.steps[0]!.quoted) bad();
      const field: Expr = { kind: 'Literal', value: { type: 'string', value: (first as { parts: string[] }).parts[0]! }, position: first.position, end: first.end };
      return { ...fn, args: [field, from!] };
    }
    default:
      return bad();
  }
}

/** A TypeName from its words (`DOUBLE PRECISION`) and numeric parameters. */
export function typeNameOf(
  words: readonly IToken[] | undefined,
  params: readonly IToken[] | undefined,
  node: CstNode,
): TypeName {
  return {
    kind: 'TypeName',
    name: (words ?? []).map((w) => w.image.toUpperCase()).join(' '),
    params: (params ?? []).map((p) => Number(p.image)),
    ...spanOf(node),
  };
}

/** The value of a literal primary, or null when the primary is not a literal. */
export function literalValue(ctx: C.PrimaryCstChildren): LiteralValue | null {
  if (ctx.IntegerLiteral !== undefined) return { type: 'integer', text: ctx.IntegerLiteral[0]!.image };
  if (ctx.StringLiteral !== undefined) return { type: 'string', value: unquote(ctx.StringLiteral[0]!) };
  if (ctx.DecimalLiteral !== undefined) return { type: 'numeric', text: ctx.DecimalLiteral[0]!.image };
  if (ctx.RealLiteral !== undefined) return { type: 'real', text: ctx.RealLiteral[0]!.image };
  if (ctx.NULL !== undefined) return { type: 'null' };
  if (ctx.TRUE !== undefined) return { type: 'boolean', value: true };
  if (ctx.FALSE !== undefined) return { type: 'boolean', value: false };
  if (ctx.BlobLiteral !== undefined) return { type: 'blob', hex: blobHex(ctx.BlobLiteral[0]!) };
  return null;
}

/** `DATE '…'`, `TIME '…'`, `TIMESTAMP '…'`; any other name before a string is a syntax error at the string. */
export function typedLiteral(name: IToken, value: IToken): LiteralValue {
  const text = unquote(value);
  if (name.tokenType !== QuotedIdentifier) {
    const type = name.tokenType;
    if (type === K.DATE) return { type: 'date', text };
    if (type === K.TIME) return { type: 'time', text };
    if (type === K.TIMESTAMP) return { type: 'timestamp', text };
  }
  throw syntaxError(value.startOffset, value.image, 'a string literal can follow only DATE, TIME or TIMESTAMP here');
}

/** The lower-case hex digits of an `X'…'` token; anything but an even number of hex digits is a syntax error. */
function blobHex(token: IToken): string {
  const hex = token.image.slice(2, -1);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) {
    throw syntaxError(token.startOffset, token.image, 'a blob literal needs an even number of hexadecimal digits');
  }
  return hex.toLowerCase();
}
