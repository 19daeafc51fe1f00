/**
 * src/level4-sql/exec/predicate.ts — conjunctions of compiled predicates, as rowsets apply them.
 *
 * 1. A row passes a filter only when every conjunct is TRUE (NULL and FALSE reject), evaluated left to right
 *    with early exit. One conjunct is its own compiled closure (no wrapper call per row); callers test the
 *    result with `=== true`.
 * 2. A gate is a conjunction that does not read the current row (constants, parameters, outer rows): it is
 *    evaluated once when the rowset opens, and a gate that is not TRUE makes the rowset empty.
 */
import type { ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import type { Row, Value } from '../../common/values/value';

/** A test of a row: the row passes when the result is exactly `true` (callers compare with `=== true`). */
export type RowTest = (ctx: ExecContext, row: Row | null) => Value;

/** The conjunction of `preds` as one closure, or null when there are none (everything passes). */
export function conjunction(preds: readonly Compiled[]): RowTest | null {
  const fs = preds.map((p) => p.eval);
  switch (fs.length) {
    case 0:
      return null;
    case 1:
      return fs[0]!;
    case 2: {
      const a = fs[0]!;
      const b = fs[1]!;
      return (c, r) => a(c, r) === true && b(c, r) === true;
    }
    default:
      return (c, r) => {
        for (let i = 0; i < fs.length; i++) if (fs[i]!(c, r) !== true) return false;
        return true;
      };
  }
}

/** ` filter (a) AND (b)` for explain lines, or '' when there is nothing. */
export function filterText(word: string, preds: readonly Compiled[]): string {
  return preds.length === 0 ? '' : ` ${word} (${preds.map((p) => p.text).join(') AND (')})`;
}
