/**
 * grammar/tokens/categories.test.ts — the keywords joined to `NonReservedKeyword` at once (categories.ts) carry
 * exactly what Chevrotain derives from their `CATEGORIES` when it builds a parser (invariant 2), and match
 * as members of `NonReservedKeyword` and `Name` before any parser exists.
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer, tokenMatcher } from '../chevrotain';
import { checkedBuild, SqlParser } from '../parser/sql-parser';
import { joinCategory } from './categories';
import { KEYWORD_RESERVED, KEYWORD_TOKENS, NonReservedKeyword } from './keywords.generated';
import { Identifier, Name } from './literals';

function snapshot(tokens: readonly TokenType[]): unknown {
  const numbers = (xs: Iterable<number | string>): number[] => [...xs].map(Number).sort((a, b) => a - b);
  return tokens.map((t) => ({
    name: t.name,
    categories: (t.CATEGORIES ?? []).map((c) => c.name),
    matches: numbers(t.categoryMatches ?? []),
    map: numbers(Object.keys(t.categoryMatchesMap ?? {})),
    isParent: t.isParent === true,
  }));
}

describe('joinCategory', () => {
  // first in this file: no parser has been built in this module registry yet
  it('sets what building a parser derives for the keywords, NonReservedKeyword and Name', () => {
    const tokens = [Name, NonReservedKeyword, Identifier, ...KEYWORD_TOKENS];
    const before = snapshot(tokens);
    for (const t of KEYWORD_TOKENS) {
      const instance = { tokenTypeIdx: t.tokenTypeIdx!, tokenType: t } as Parameters<typeof tokenMatcher>[0];
      const nonReserved = KEYWORD_RESERVED.get(t.name) === false;
      expect(tokenMatcher(instance, NonReservedKeyword)).toBe(nonReserved);
      expect(tokenMatcher(instance, Name)).toBe(nonReserved);
    }
    new SqlParser(checkedBuild());
    expect(snapshot(tokens)).toEqual(before);
  });

  it('reaches every category above the one joined, once', () => {
    const top = createToken({ name: 'TestTop', pattern: Lexer.NA });
    const middle = createToken({ name: 'TestMiddle', pattern: Lexer.NA, categories: [top] });
    const a = createToken({ name: 'TestA', pattern: Lexer.NA });
    const b = createToken({ name: 'TestB', pattern: Lexer.NA });
    joinCategory([a, b, a], middle);
    expect(middle.categoryMatches).toEqual([a.tokenTypeIdx, b.tokenTypeIdx]);
    expect(top.categoryMatches).toEqual([middle.tokenTypeIdx, a.tokenTypeIdx, b.tokenTypeIdx]);
    expect(a.CATEGORIES).toEqual([middle]);
    expect(top.isParent && middle.isParent).toBe(true);
    expect(a.isParent).toBe(false);
  });
});
