/**
 * grammar/parser/token-table.ts — the token names a generated grammar file refers to by number (the lookahead
 * paths of lookahead.generated.ts, the terminals of gast.generated.ts).
 *
 * 1. A name is numbered on its first use, from 0 in order of use; `names[n]` is the name numbered n.
 * 2. Reading a file back, `tokensByName` finds each name among the parser's vocabulary, the categories its
 *    tokens belong to, and EOF.
 */
import type { TokenType } from 'chevrotain';
import { EOF } from '../chevrotain';

/** Numbers token names on their first use (invariant 1). */
export class TokenTable {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** The number of `t`'s name. */
  numberOf(t: TokenType): number {
    let n = this.numbers.get(t.name);
    if (n === undefined) {
      n = this.names.length;
      this.numbers.set(t.name, n);
      this.names.push(t.name);
    }
    return n;
  }
}

/** Every token a generated file may name, by name (invariant 2). */
export function tokensByName(vocabulary: readonly TokenType[]): Map<string, TokenType> {
  const byName = new Map<string, TokenType>([[EOF.name, EOF]]);
  const add = (t: TokenType): void => {
    if (byName.has(t.name)) return;
    byName.set(t.name, t);
    for (const category of t.CATEGORIES ?? []) add(category);
  };
  vocabulary.forEach(add);
  return byName;
}
