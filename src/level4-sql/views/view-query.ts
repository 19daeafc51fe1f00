/**
 * src/level4-sql/views/view-query.ts — a view's query as an AST: the stored text parsed once per view object,
 * and errors met while planning it reported at the statement's mention of the view.
 *
 * 1. A `View` (level3 view.ts) is immutable and replaced whole when redefined, so the parse is cached by the
 *    object (a WeakMap: dropped views are forgotten with their snapshots).
 * 2. Offsets inside the AST refer to the view's text, not to the statement being run: `inView` moves an
 *    error's position to where the statement names the view and says which view in its detail.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { View } from '../../level3-objects/view';
import { parseStatement, type QueryExpression } from '../parse';

const PARSED = new WeakMap<View, QueryExpression>();

/** The query of `view`, parsed once (invariant 1). */
export function viewQuery(view: View): QueryExpression {
  let q = PARSED.get(view);
  if (q === undefined) {
    const stmt = parseStatement(view.sql);
    if (stmt.kind !== 'Select') throw SqlError.of(SqlState.DataCorrupted, ['(view)', view.defpos, `view ${view.name} does not hold a query`]);
    q = stmt.query;
    PARSED.set(view, q);
  }
  return q;
}

/** Runs `fn` (planning something inside `view`), reporting its errors at `position` (invariant 2). */
export function inView<T>(view: View, position: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SqlError && !(e as { inView?: boolean }).inView) {
      e.position = position;
      e.detail = `In the definition of view ${view.name}.${e.detail === undefined ? '' : ` ${e.detail}`}`;
      (e as { inView?: boolean }).inView = true;
    }
    throw e;
  }
}
