/**
 * src/common/testing/sql-state-of.ts — test support: what SQLSTATE (or whole SqlError) a call fails with.
 *
 * 1. Used only by `*.test.ts` files; nothing in the engine imports it.
 * 2. A non-SqlError is rethrown, so a leaked TypeError fails the test instead of passing as "an error".
 */
import { SqlError } from '../errors';

/** The SQLSTATE `f` throws, or 'no error' when it returns. */
export function sqlStateOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e.sqlState;
    throw e;
  }
  return 'no error';
}

/** "SQLSTATE message" of the SqlError `f` throws, or 'no error' when it returns (for matching both at once). */
export function sqlStateAndMessageOf(f: () => unknown): string {
  const e = sqlErrorOf(f);
  return e === null ? 'no error' : `${e.sqlState} ${e.message}`;
}

/** The SqlError `f` throws (its detail, hint and position to check), or null when it returns. */
export function sqlErrorOf(f: () => unknown): SqlError | null {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  return null;
}
