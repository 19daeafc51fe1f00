/**
 * src/level4-sql/eval/hash-key.ts — Map keys for SQL values: equal SQL values give the same JS key.
 *
 * Used by hash joins, GROUP BY, DISTINCT, set operations and constant IN lists.
 * 1. Numbers are equal across representations by value: a Decimal or bigint that equals a JS number maps to
 *    that number; other Decimals map to a tagged canonical string.
 * 2. NULL maps to NULL_KEY (GROUP BY and DISTINCT treat NULLs as one group; joins skip NULL keys).
 * 3. Non-string values that map to strings start with U+0001, so they do not collide with ordinary strings.
 * 4. A composite key is one string: each part tagged by its representation and strings length-prefixed.
 * 5. Documents, arrays, ObjectIds and regexes map to `docHashKey` (equal exactly when `compareDocValues` says
 *    equal: numbers inside by value, field order significant).
 */
import { docHashKey, type DocValue } from '../../common/values/document/doc-value';
import { Interval } from '../../common/values/interval';
import { StructValue } from '../../common/values/struct-value';
import { Decimal, type Value } from '../../common/values/value';

/** The Map key of an SQL NULL. */
export const NULL_KEY = Symbol('NULL');

/** A value usable as a Map key. */
export type HashKey = number | bigint | string | boolean | symbol;

/** The Map key of one value (see the file header). */
export function hashKey(v: Value): HashKey {
  switch (typeof v) {
    case 'number':
      return v === 0 ? 0 : v;
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return v;
    default:
      return objectKey(v);
  }
}

function objectKey(v: Value): HashKey {
  if (v === null) return NULL_KEY;
  if (v instanceof Decimal) return decimalKey(v);
  if (v instanceof Date) return '\u0001T' + v.getTime();
  if (v instanceof Uint8Array) return '\u0001X' + Buffer.from(v).toString('hex');
  if (v instanceof Interval) return '\u0001I' + v.months + ':' + v.milliseconds;
  if (v instanceof StructValue) return '\u0001S' + v.typeName + '(' + compositeKey(v.values as Value[]) + ')';
  return '\u0001J' + docHashKey(v as DocValue);
}

function decimalKey(d: Decimal): HashKey {
  if (d.isInteger()) {
    const big = BigInt(d.toFixed(0));
    const n = Number(big);
    return Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : big;
  }
  const n = d.toNumber();
  if (new Decimal(n).eq(d)) return n;
  return '\u0001D' + d.toString();
}

/** The Map key of several values (a row or a composite key). */
export function compositeKey(values: readonly Value[], n = values.length): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const k = v === undefined ? NULL_KEY : hashKey(v);
    switch (typeof k) {
      case 'string':
        s += 's' + k.length + ':' + k;
        break;
      case 'number':
        s += 'n' + k + ';';
        break;
      case 'bigint':
        s += 'n' + k.toString() + ';';
        break;
      case 'boolean':
        s += k ? 'T' : 'F';
        break;
      default:
        s += 'N';
    }
  }
  return s;
}
