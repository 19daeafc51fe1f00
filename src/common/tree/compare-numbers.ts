/**
 * src/common/tree/compare-numbers.ts — the comparator for trees keyed by numbers (row ids, positions).
 *
 * 1. Trees built with this exact function take a specialised search path (search.ts) that compares
 *    with `<` inline instead of calling the comparator, which keeps hot search loops monomorphic when
 *    number-keyed and array-keyed trees are used in the same process.
 * 2. Keys must not be NaN (NaN is not ordered).
 */

/** Ascending order on numbers; pass it to `BTree.empty` for number-keyed trees to get the fast path. */
export function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
