/**
 * grammar/visitor/cst-helpers.ts — small functions the visitors share: spans, identifier folding, child access.
 *
 * 1. Spans come from Chevrotain's offset-only node locations and token offsets; `end` is one past the last
 *    character, so `text.slice(position, end)` is the node's source text.
 * 2. Unquoted names fold to upper case; quoted names keep their case with `""` reduced to `"`.
 * 3. A dotted name's parts come from two CST keys (`Name` tokens and `.digits` array positions); `dottedName`
 *    merges them back into source order.
 */
import type { CstNode, IToken } from 'chevrotain';
import { InternalError } from '../../src/common/errors';
import type { NameStep, Span } from '../ast/expression';
import { syntaxError } from '../syntax-error';
import { QuotedIdentifier } from '../tokens/literals';

/** The span of a CST node (its first token to its last). */
export function spanOf(node: CstNode): Span {
  const loc = node.location;
  if (loc === undefined || Number.isNaN(loc.startOffset)) {
    throw new InternalError(`CST node ${node.name} has no location`);
  }
  return { position: loc.startOffset, end: (loc.endOffset ?? loc.startOffset) + 1 };
}

/** Offset one past a CST node's last character. */
export function endOf(node: CstNode): number {
  return spanOf(node).end;
}

/** Offset one past a token's last character. */
export function tokenEnd(token: IToken): number {
  return (token.endOffset ?? token.startOffset) + 1;
}

/** The only (or first) element of a CST child array the grammar guarantees to be there. */
export function one<T>(items: readonly T[] | undefined, what = 'child'): T {
  const item = items?.[0];
  if (item === undefined) throw new InternalError(`missing CST ${what}`);
  return item;
}

/** Element `i` of a CST child array the grammar guarantees to be long enough. */
export function at<T>(items: readonly T[] | undefined, i: number, what = 'child'): T {
  const item = items?.[i];
  if (item === undefined) throw new InternalError(`missing CST ${what} #${i}`);
  return item;
}

/** A name as the AST holds it: `"Mixed"` → Mixed, `mixed` → MIXED, keywords used as names → upper case. */
export function foldName(token: IToken): string {
  if (token.tokenType !== QuotedIdentifier) return token.image.toUpperCase();
  const name = token.image.slice(1, -1).replace(/""/g, '"');
  if (name === '') throw syntaxError(token.startOffset, token.image, 'zero-length quoted identifier');
  return name;
}

/** A name part as written: a quoted one without its quotes (`""` → `"`), an unquoted one unfolded. */
export function nameStep(token: IToken): NameStep {
  if (token.tokenType !== QuotedIdentifier) return { text: token.image, quoted: false };
  return { text: foldName(token), quoted: true };
}

/**
 * The parts (folded) and steps (as written) of a dotted name from its `Name` tokens and its `.digits` array
 * positions (DecimalLiteral tokens such as `.0`), in source order. `from` skips leading Name tokens.
 */
export function dottedName(
  names: readonly IToken[],
  positions: readonly IToken[] | undefined,
  from = 0,
): { parts: string[]; steps: NameStep[] } {
  const parts: string[] = [];
  const steps: NameStep[] = [];
  let p = 0;
  for (let i = from; i < names.length || (positions !== undefined && p < positions.length); ) {
    const name = names[i];
    const position = positions?.[p];
    if (position !== undefined && (name === undefined || position.startOffset < name.startOffset)) {
      const digits = position.image.slice(1);
      parts.push(digits);
      steps.push({ text: digits, quoted: false });
      p++;
    } else if (name !== undefined) {
      parts.push(foldName(name));
      steps.push(nameStep(name));
      i++;
    }
  }
  return { parts, steps };
}

/** The value of a `'…'` token: quotes removed, `''` → `'`. */
export function unquote(token: IToken): string {
  const inner = token.image.slice(1, -1);
  return inner.indexOf("''") < 0 ? inner : inner.replace(/''/g, "'");
}
