/**
 * grammar/tokens/categories.ts — puts many token types in one category at once.
 *
 * 1. `createToken({ categories })` re-derives the member list of the category and of each category above it
 *    from their member maps for every token created: quadratic in the category's size. For the ~140
 *    non-reserved keywords (`NonReservedKeyword`, itself in `Name`) that was ~10 ms of a fresh process's start
 *    (docs/decisions/0016-cold-start-2.md). `joinCategory` sets, once per token, what Chevrotain 10.5's
 *    `augmentTokenTypes` derives: the token's `CATEGORIES`, and on the category and every category above it
 *    the token in `categoryMatchesMap` and `categoryMatches`, and `isParent`.
 * 2. Building a parser or lexer re-derives all of this from `CATEGORIES` (Chevrotain augments its vocabulary),
 *    and derives the same (grammar/lexer.test.ts compares the two).
 * 3. For tokens created without categories, in a category whose own categories are already set up.
 */
import type { TokenType } from 'chevrotain';

/** The categories above `category` (itself first), each once. */
function categoryAndAncestors(category: TokenType): TokenType[] {
  const out: TokenType[] = [];
  const visit = (c: TokenType): void => {
    if (out.includes(c)) return;
    out.push(c);
    for (const parent of c.CATEGORIES ?? []) visit(parent);
  };
  visit(category);
  return out;
}

/** Puts each of `tokens` (created without categories) in `category` (invariant 1). */
export function joinCategory(tokens: readonly TokenType[], category: TokenType): void {
  const ancestors = categoryAndAncestors(category);
  for (const c of ancestors) {
    c.categoryMatchesMap ??= {};
    c.categoryMatches ??= [];
    c.isParent = true;
  }
  for (const token of tokens) {
    token.CATEGORIES = [category];
    const idx = token.tokenTypeIdx!;
    for (const c of ancestors) {
      if (c.categoryMatchesMap![idx] === true) continue;
      c.categoryMatchesMap![idx] = true;
      c.categoryMatches!.push(idx);
    }
  }
}
