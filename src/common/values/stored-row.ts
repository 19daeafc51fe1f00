/**
 * src/common/values/stored-row.ts — `storedRow`: a new array for a row that a table will hold, made so that
 * V8 can allocate it where long-lived objects go.
 *
 * 1. Rows up to eight values wide are made by array literals, one per width, all in this one function. V8
 *    counts how many objects of each literal survive the young generation and, when nearly all do, allocates
 *    that literal's later objects straight in the old generation (allocation-site pretenuring). A table keeps
 *    every row it is given, so they do survive: the collector then neither copies each row within the young
 *    generation nor promotes it, which in a bulk load had been about half its scavenging time. An array made
 *    by `slice` or `new Array` has no such site and is always born young.
 * 2. Only rows a table will hold for long may come from here (inserted rows, rows a record installs): a row
 *    that is thrown away young (a statement's scratch copy) would teach the sites that rows die young, and V8
 *    would stop pretenuring them. An UPDATE's new version is not made here: a row updated again and again
 *    (a counter) has versions that die young, and born old they cost full collections and, pointing at young
 *    values, the scavenger's remembered set.
 * 3. The literals' elements are never compile-time constants, so V8 never shares a copy-on-write element
 *    store between them: the rows can be changed in place before they are stored.
 * 4. The result has exactly `width` values: `from`'s (those past its end are NULL), and `from` beyond
 *    `width` is cut off.
 */
import type { Value } from './value';

/** A fresh row of `width` values copied from `from`, padded with NULL (invariants 1 and 4). */
export function storedRow(from: readonly Value[], width: number): Value[] {
  if (from.length < width || width > 8) return padded(from, width);
  const f = from;
  switch (width) {
    case 0:
      return [];
    case 1:
      return [f[0]!];
    case 2:
      return [f[0]!, f[1]!];
    case 3:
      return [f[0]!, f[1]!, f[2]!];
    case 4:
      return [f[0]!, f[1]!, f[2]!, f[3]!];
    case 5:
      return [f[0]!, f[1]!, f[2]!, f[3]!, f[4]!];
    case 6:
      return [f[0]!, f[1]!, f[2]!, f[3]!, f[4]!, f[5]!];
    case 7:
      return [f[0]!, f[1]!, f[2]!, f[3]!, f[4]!, f[5]!, f[6]!];
    default:
      return [f[0]!, f[1]!, f[2]!, f[3]!, f[4]!, f[5]!, f[6]!, f[7]!];
  }
}

/** `storedRow` for a row shorter than `width` (a row stored before columns were added) or wider than eight. */
function padded(from: readonly Value[], width: number): Value[] {
  if (width <= 8) {
    // through the literals, so that such rows share their sites (invariant 1)
    const full = new Array<Value>(width);
    for (let i = 0; i < width; i++) full[i] = i < from.length ? from[i]! : null;
    return storedRow(full, width);
  }
  const row = new Array<Value>(width);
  for (let i = 0; i < width; i++) row[i] = i < from.length ? from[i]! : null;
  return row;
}
