/**
 * src/level4-sql/eval/compare-specialised.ts — comparison closures for the shapes filters and join
 * conditions mostly have: `column op constant`, `column op column` (columns of the current row) and
 * `column op expression` (a parameter, an outer reference, arithmetic).
 *
 * 1. Each closure reads the row directly (no nested closure calls), takes a `number op number` fast path,
 *    and otherwise falls back to `sqlCompare` (three-valued: NULL when either side is NULL).
 * 2. Closures are written out per operator so that each stays small and monomorphic.
 */
import { sqlCompare } from '../../common/values/compare';
import type { Value } from '../../common/values/value';
import type { EvalFn } from './compiled';
import type { CompareOp } from './compile-operators';

function slow(a: Value | undefined, k: Value): number | null {
  return a === undefined ? null : sqlCompare(a, k);
}

/** `row[i] op k` for a constant `k`. */
export function columnConstant(op: CompareOp, i: number, k: Value): EvalFn {
  if (k === null) return () => null;
  switch (op) {
    case '=':
      return (_c, row) => {
        const a = row![i];
        if (typeof a === 'number' && typeof k === 'number') return a === k;
        if (typeof a === 'string' && typeof k === 'string') return a === k;
        const x = slow(a, k);
        return x === null ? null : x === 0;
      };
    case '<>':
      return (_c, row) => {
        const a = row![i];
        if (typeof a === 'number' && typeof k === 'number') return a !== k;
        const x = slow(a, k);
        return x === null ? null : x !== 0;
      };
    case '<':
      return (_c, row) => {
        const a = row![i];
        if (typeof a === 'number' && typeof k === 'number') return a < k;
        const x = slow(a, k);
        return x === null ? null : x < 0;
      };
    case '<=':
      return (_c, row) => {
        const a = row![i];
        if (typeof a === 'number' && typeof k === 'number') return a <= k;
        const x = slow(a, k);
        return x === null ? null : x <= 0;
      };
    case '>':
      return (_c, row) => {
        const a = row![i];
        if (typeof a === 'number' && typeof k === 'number') return a > k;
        const x = slow(a, k);
        return x === null ? null : x > 0;
      };
    case '>=':
      return (_c, row) => {
        const a = row![i];
        if (typeof a === 'number' && typeof k === 'number') return a >= k;
        const x = slow(a, k);
        return x === null ? null : x >= 0;
      };
  }
}

function slow2(a: Value | undefined, b: Value | undefined): number | null {
  return a === undefined || b === undefined ? null : sqlCompare(a, b);
}

/** `row[i] op row[j]`. */
export function columnColumn(op: CompareOp, i: number, j: number): EvalFn {
  switch (op) {
    case '=':
      return (_c, row) => {
        const a = row![i];
        const b = row![j];
        if (typeof a === 'number' && typeof b === 'number') return a === b;
        const x = slow2(a, b);
        return x === null ? null : x === 0;
      };
    case '<>':
      return (_c, row) => {
        const a = row![i];
        const b = row![j];
        if (typeof a === 'number' && typeof b === 'number') return a !== b;
        const x = slow2(a, b);
        return x === null ? null : x !== 0;
      };
    case '<':
      return (_c, row) => {
        const a = row![i];
        const b = row![j];
        if (typeof a === 'number' && typeof b === 'number') return a < b;
        const x = slow2(a, b);
        return x === null ? null : x < 0;
      };
    case '<=':
      return (_c, row) => {
        const a = row![i];
        const b = row![j];
        if (typeof a === 'number' && typeof b === 'number') return a <= b;
        const x = slow2(a, b);
        return x === null ? null : x <= 0;
      };
    case '>':
      return (_c, row) => {
        const a = row![i];
        const b = row![j];
        if (typeof a === 'number' && typeof b === 'number') return a > b;
        const x = slow2(a, b);
        return x === null ? null : x > 0;
      };
    case '>=':
      return (_c, row) => {
        const a = row![i];
        const b = row![j];
        if (typeof a === 'number' && typeof b === 'number') return a >= b;
        const x = slow2(a, b);
        return x === null ? null : x >= 0;
      };
  }
}

/** `row[i] op f(row)`. */
export function columnExpr(op: CompareOp, i: number, f: EvalFn): EvalFn {
  switch (op) {
    case '=':
      return (c, row) => {
        const a = row![i];
        const b = f(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a === b;
        const x = slow(a, b);
        return x === null ? null : x === 0;
      };
    case '<>':
      return (c, row) => {
        const a = row![i];
        const b = f(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a !== b;
        const x = slow(a, b);
        return x === null ? null : x !== 0;
      };
    case '<':
      return (c, row) => {
        const a = row![i];
        const b = f(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a < b;
        const x = slow(a, b);
        return x === null ? null : x < 0;
      };
    case '<=':
      return (c, row) => {
        const a = row![i];
        const b = f(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a <= b;
        const x = slow(a, b);
        return x === null ? null : x <= 0;
      };
    case '>':
      return (c, row) => {
        const a = row![i];
        const b = f(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a > b;
        const x = slow(a, b);
        return x === null ? null : x > 0;
      };
    case '>=':
      return (c, row) => {
        const a = row![i];
        const b = f(c, row);
        if (typeof a === 'number' && typeof b === 'number') return a >= b;
        const x = slow(a, b);
        return x === null ? null : x >= 0;
      };
  }
}
