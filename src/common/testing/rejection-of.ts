/**
 * src/common/testing/rejection-of.ts — test support: the SqlError a promise rejects with.
 *
 * 1. Used only by `*.test.ts` files; nothing in the engine imports it.
 * 2. A rejection that is not an SqlError fails the expectation, and a promise that fulfils throws: neither
 *    passes as "an error".
 */
import { SqlError } from '../errors';

/** The SqlError `p` rejects with. */
export async function rejectionOf(p: Promise<unknown>): Promise<SqlError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  }
  throw new Error('expected an SqlError');
}
