/**
 * src/level4-sql/exec/index-key.ts — KeyPart: one index column fixed (or bounded) by an expression, and
 * how its value is made comparable with the stored keys.
 *
 * 1. Index trees compare with `compareValues`, which does not read text as a date or boolean; SQL does
 *    (`d = '2024-01-31'`). So a text value for a DATE/TIME/TIMESTAMP/BOOLEAN column is cast first.
 * 2. A dynamic (parameter) value is checked against the column type at run time (42804), as the binder
 *    checks static ones.
 * 3. A NULL key value matches nothing: callers treat the lookup as empty (and read nothing).
 * 4. A part a selector or a template fixes (`lenient`) follows their rule instead of 2: a value of another
 *    type class than a typed path's (`doc.age = '30'` with an index on `doc.age AS INTEGER`) compares false
 *    with every row's, so the key value is NULL and the lookup empty, as the scan would find nothing.
 */
import { castValue } from '../../common/values/cast';
import { compareValues, type Row, type Value } from '../../common/values/value';
import type { SqlType } from '../../common/values/sql-type';
import { keyAt, keyWidth, type TreeKey } from '../../level3-objects/table-index';
import type { ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import { checkValueComparable, valueComparable } from '../eval/type-rules';

/** One key column and the expression that gives its value. */
export interface KeyPart {
  /** column name, for explain */
  readonly column: string;
  /** the column's type */
  readonly type: SqlType;
  readonly value: Compiled;
  /** fixed by a selector or a template: a value of another type class matches nothing (invariant 4) */
  readonly lenient?: boolean;
}

/** A text key for a column of this type is cast first (invariant 1). */
export function needsCast(t: SqlType): boolean {
  return t.kind === 'DATE' || t.kind === 'TIME' || t.kind === 'TIMESTAMP' || t.kind === 'BOOLEAN';
}

/** The value of a key part for the stored-key comparison (see the file header). */
export function keyValue(ctx: ExecContext, part: KeyPart, row: Row | null): Value {
  const v = part.value.eval(ctx, row);
  if (v === null) return null;
  if (part.value.dynamic) {
    if (part.lenient === true) {
      if (!valueComparable(v, part.type)) return null;
    } else checkValueComparable(v, part.type);
  }
  if (typeof v === 'string' && needsCast(part.type)) return castValue(v, part.type);
  return v;
}

/** Evaluates all parts into `out` (from index `from`); false when some value is NULL. */
export function keyValues(ctx: ExecContext, parts: readonly KeyPart[], row: Row | null, out: Value[], from = 0): boolean {
  for (let i = 0; i < parts.length; i++) {
    const v = keyValue(ctx, parts[i]!, row);
    if (v === null) return false;
    out[from + i] = v;
  }
  return true;
}

/** True when the first `n` values of `key` (as a tree stores it) equal `prefix`. */
export function hasPrefix(key: TreeKey, prefix: readonly Value[], n: number): boolean {
  if (n > keyWidth(key)) return false;
  for (let i = 0; i < n; i++) {
    const k = keyAt(key, i);
    const p = prefix[i]!;
    // equal strings and numbers are equal keys; two different strings are different keys
    if (k === p) continue;
    if (typeof k === 'string' && typeof p === 'string') return false;
    if (compareValues(k, p) !== 0) return false;
  }
  return true;
}

/** `(A, B) = (1, 2)` for explain lines. */
export function keyText(parts: readonly KeyPart[]): string {
  return `(${parts.map((p) => p.column).join(', ')}) = (${parts.map((p) => p.value.text).join(', ')})`;
}
