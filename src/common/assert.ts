/**
 * src/common/assert.ts — checks for programmer errors.
 *
 * 1. A failed assertion is an `InternalError` (XX000), never a user-facing SQLSTATE.
 * 2. `unreachable(x: never)` ends every switch over a tagged union, so a new kind is a compile error.
 */
import { InternalError } from './errors';

/** Throws an `InternalError` when `cond` is false. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InternalError(message);
}

/** Marks a switch as exhaustive; reaching it at run time is an internal error. */
export function unreachable(x: never, what = 'value'): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(x)}`);
}
