/**
 * src/level4-sql/routines/frame.ts — Frame: the variables of one activation of a routine body (or trigger
 * body, or method body), and the state of its open cursors.
 *
 * 1. A body is compiled once; every variable, parameter and row variable gets a fixed slot then
 *    (body-scope.ts), so an activation is three arrays and a read is an index (no name lookup at run time).
 * 2. `values[slot]` holds scalar variables and parameters; `rows[slot]` holds row variables (a trigger's OLD and
 *    NEW, a FOR loop's row), each a mutable array of column values, or null when there is no such row;
 *    `cursors[slot]` the open cursors.
 * 3. A frame belongs to one activation: recursion makes a new frame per call, so nothing in it is shared.
 * 4. A cursor (OPEN, FOR) reads a snapshot of the variables taken when it opens (`frameSnapshot`), so a body
 *    that changes a variable its query reads does not change the rows still to come.
 */
import type { Row, Value } from '../../common/values/value';
import type { Cursor } from '../exec/rowset';

/** An open cursor: the rows still to come. */
export interface OpenCursor {
  readonly cursor: Cursor;
}

/** The variables of one activation (see the file header). */
export class Frame {
  readonly values: Value[];
  readonly rows: Array<Value[] | null>;
  readonly cursors: Array<OpenCursor | null>;
  /** a method's activation: the most specific type of SELF, for SPECIFICTYPE() (body-scope.ts invariant 5) */
  selfType: string | null = null;
  /** the value given by RETURN (a table-valued function: its rows) */
  returned: Value = null;
  returnedRows: Row[] | null = null;
  /** the condition a handler is handling now (for RESIGNAL) */
  handling: unknown = null;
  /** the id of the block or loop a LEAVE or ITERATE is going to (compile-body.ts invariant 1) */
  target = -1;
  /** the id of a block an UNDO handler is leaving, whose changes are to be undone */
  undoBlock = -1;

  constructor(values: number, rows: number, cursors: number) {
    this.values = new Array<Value>(values).fill(null);
    this.rows = rows === 0 ? EMPTY_ROWS : new Array<Value[] | null>(rows).fill(null);
    this.cursors = cursors === 0 ? EMPTY_CURSORS : new Array<OpenCursor | null>(cursors).fill(null);
  }
}

/**
 * A copy of the variables of `f` as they are now (invariant 4): what a cursor's query reads while it is open.
 */
export function frameSnapshot(f: Frame): Frame {
  const copy = new Frame(0, 0, 0);
  (copy as { values: Value[] }).values = f.values.slice();
  (copy as { rows: Array<Value[] | null> }).rows = f.rows.length === 0 ? f.rows : f.rows.map((r) => (r === null ? null : r.slice()));
  return copy;
}

const EMPTY_ROWS: Array<Value[] | null> = [];
const EMPTY_CURSORS: Array<OpenCursor | null> = [];
