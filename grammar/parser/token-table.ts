/**
 * grammar/parser/token-table.ts — the token names a generated grammar file refers to by number (the lookahead
 * paths of lookahead.generated.ts, the terminals of gast.generated.ts).
 *
 * 1. A name is numbered on its first use, from 0 in order of use; `names[n]` is the name numbered n.
 */
import type { TokenType } from 'chevrotain';

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
