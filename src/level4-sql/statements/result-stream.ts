/**
 * src/level4-sql/statements/result-stream.ts — a query's rows handed out one at a time from its open cursor,
 * for a caller that sends them on in batches (pyrrhosvr's engine thread) instead of holding them all.
 *
 * 1. `StatementRows` has the columns and types of a `ResultSet`; `next()` gives the next row (a fresh array
 *    of the result's width, mutable values copied as result.ts invariant 2 says) or null at the end, and
 *    `close()` drops the cursor (and with it the snapshot it reads). After null or `close`, `next` gives null.
 * 2. Only a SELECT whose column types are all known from its plan streams (`queryRows`): a column typed by
 *    its values (result.ts invariant 6) needs every row before its type can be named, so such a result is
 *    gathered whole (`queryResult`) and handed out from the array, as is every other statement's result
 *    (`wholeRows`).
 * 3. The cursor runs in the transaction and with the limits (deadline, cancel flag, progress hook) of the
 *    statement that opened it: rows are read from the snapshot that statement started on, however late they
 *    are pulled. Keeping that transaction unchanged until the stream ends is the opener's job (session.ts
 *    `executeRows`: the session's next call ends the stream).
 */
import type { Cursor } from '../exec/rowset';
import { outputRow, queryResult, type ResultSet, type ResultShape } from './result';

/** A statement's result whose rows are pulled one at a time (invariant 1). */
export interface StatementRows {
  readonly columns: string[];
  readonly types: string[];
  readonly declaredTypes: string[];
  readonly rowsAffected: number;
  /** the next row, or null at the end (and after `close`) */
  next(): unknown[] | null;
  /** drops the rows not yet pulled */
  close(): void;
}

/** A whole result's rows handed out one at a time (invariant 2). */
export function wholeRows(r: ResultSet): StatementRows {
  let rows: unknown[][] | null = r.rows;
  let i = 0;
  return {
    columns: r.columns,
    types: r.types,
    declaredTypes: r.declaredTypes,
    rowsAffected: r.rowsAffected,
    next() {
      if (rows === null || i >= rows.length) return null;
      return rows[i++]!;
    },
    close() {
      rows = null;
    },
  };
}

/** The rows of an opened query, pulled from its cursor as asked for (invariants 1, 2). */
export function queryRows(shape: ResultShape, cursor: Cursor): StatementRows {
  if (shape.dynamicSlots.length > 0) return wholeRows(queryResult(shape, cursor));
  const width = shape.columns.length;
  const { copySlots } = shape;
  const keep = shape.freshRows;
  let open: Cursor | null = cursor;
  return {
    columns: shape.columns.slice(),
    types: shape.kinds.slice(),
    declaredTypes: shape.declared.slice(),
    rowsAffected: 0,
    next() {
      if (open === null) return null;
      const row = open.next();
      if (row === null) {
        open = null;
        return null;
      }
      return outputRow(row, width, keep, copySlots);
    },
    close() {
      open = null;
    },
  };
}
