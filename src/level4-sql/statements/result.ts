/**
 * src/level4-sql/statements/result.ts — the result of one statement, in the shape the public API returns.
 *
 * 1. `types` are SqlType kind names (`INTEGER`, `NUMERIC`, `CHAR`, …), one per column.
 * 2. Rows handed out are fresh arrays, and mutable values in them (Date, Uint8Array, a document's plain objects
 *    and arrays) are copies: a caller who changes a result can never change the database's snapshot.
 * 3. Values keep their run-time representation otherwise: INTEGER number/bigint, NUMERIC Decimal, REAL number,
 *    CHAR string, BOOLEAN boolean, DATE/TIMESTAMP Date, TIME string, BLOB Uint8Array.
 * 4. A plan whose rows are fresh (each an array its execution made, of exactly the result's width, handed out
 *    once and kept by nobody: a projection's output) gives those arrays to the caller, with the mutable
 *    values in them replaced by copies; any other row (a stored table row) is copied into a new array.
 * 5. A statement that returns no rows (INSERT, UPDATE, DDL, …) has frozen empty `columns`, `types` and `rows`,
 *    shared by every such result: a bulk load makes one small object per statement, not four.
 * 6. A column whose static type is unknown (a document selector, an untyped NULL) reports the kind of the
 *    values it holds in this result: INTEGER, REAL, NUMERIC (numbers widen), CHAR, …, DOCUMENT for a
 *    document or for values of several kinds, NULL when every value is NULL.
 * 7. `declaredTypes` are the columns' full types (`NUMERIC(6,2)`, `VARCHAR(20)`, `declaredTypeName`): a
 *    column's declared type, or the type an expression has (`NUMERIC(1000,4)` for NUMERIC(6,2) × NUMERIC(5,2)
 *    when only the scale is known, else the kind); a dynamic column (6) reports the kind found in its values.
 *    `types[i]` is always the kind of `declaredTypes[i]`.
 */
import { declaredTypeName, type SqlType } from '../../common/values/sql-type';
import { typeOfValue } from '../../common/values/cast';
import { copyDoc } from '../../common/values/document/doc-shape';
import type { Row, Value } from '../../common/values/value';
import type { Cursor } from '../exec/rowset';

/** What `execute` returns. */
export interface ResultSet {
  columns: string[];
  types: string[];
  /** full declared types, `NUMERIC(6,2)`, `VARCHAR(20)` (invariant 7) */
  declaredTypes: string[];
  rows: unknown[][];
  rowsAffected: number;
}

/** The empty lists of every result without rows (invariant 5). */
const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];
const NO_ROWS: unknown[][] = Object.freeze([]) as unknown as unknown[][];

/** The result of a statement that returns no rows (invariant 5). */
export function affectedResult(rowsAffected: number): ResultSet {
  return { columns: NO_NAMES, types: NO_NAMES, declaredTypes: NO_NAMES, rows: NO_ROWS, rowsAffected };
}

/** A copy of a value that callers could change (a Date, a byte array, a document) (invariant 2). */
function copyValue(v: Value): Value {
  return v === null || typeof v !== 'object' ? v : (copyDoc(v) as Value);
}

/** True when values of this type are mutable objects that must be copied on the way out. */
function needsCopy(t: SqlType): boolean {
  return t.kind === 'DATE' || t.kind === 'TIMESTAMP' || t.kind === 'BLOB' || t.kind === 'DOCUMENT' || t.kind === 'DOCARRAY' || t.kind === 'NULL';
}

/** What a query's results look like, worked out once per plan. */
export interface ResultShape {
  readonly columns: readonly string[];
  readonly kinds: readonly string[];
  /** full types, invariant 7 */
  readonly declared: readonly string[];
  /** columns whose values are mutable objects, copied on the way out */
  readonly copySlots: readonly number[];
  /** the plan's rows are arrays made for this execution and handed out once (invariant 4): kept as they are */
  readonly freshRows: boolean;
  /** columns whose type is only known from their values (selectors, untyped NULLs): invariant 6 */
  readonly dynamicSlots: readonly number[];
}

/** The shape of a query with these columns and types; `freshRows` as in ResultShape. */
export function resultShape(columns: readonly string[], types: readonly SqlType[], freshRows = false): ResultShape {
  const copySlots: number[] = [];
  const dynamicSlots: number[] = [];
  for (let i = 0; i < types.length; i++) {
    if (needsCopy(types[i]!)) copySlots.push(i);
    if (types[i]!.kind === 'NULL') dynamicSlots.push(i);
  }
  return {
    columns: columns.slice(),
    kinds: types.map((t) => t.kind),
    declared: types.map(declaredTypeName),
    copySlots,
    freshRows,
    dynamicSlots,
  };
}

/**
 * The row handed to the caller for a plan's row (invariants 2 and 4): the row itself when the plan's rows are
 * fresh and of the result's width, else a new array; mutable values replaced by copies either way.
 */
export function outputRow(row: Row, width: number, fresh: boolean, copySlots: readonly number[]): unknown[] {
  let r: unknown[];
  if (fresh && row.length === width) {
    r = row as unknown[];
  } else {
    r = new Array(width);
    for (let i = 0; i < width; i++) r[i] = row[i] ?? null;
  }
  for (let j = 0; j < copySlots.length; j++) {
    const s = copySlots[j]!;
    r[s] = copyValue(row[s] ?? null);
  }
  return r;
}

/** Builds a query result from a cursor over the plan's rows, pulled to the end. */
export function queryResult(shape: ResultShape, rows: Cursor): ResultSet {
  const { copySlots } = shape;
  const width = shape.columns.length;
  const keep = shape.freshRows;
  // a result of one row (a point lookup) gets an array of one slot, not the 17 a first push reserves
  const first = rows.next();
  const out: unknown[][] = first === null ? [] : [outputRow(first, width, keep, copySlots)];
  if (first !== null) for (let row = rows.next(); row !== null; row = rows.next()) out.push(outputRow(row, width, keep, copySlots));
  const types = shape.kinds.slice();
  const declaredTypes = shape.declared.slice();
  for (const s of shape.dynamicSlots) types[s] = declaredTypes[s] = kindOfColumn(out, s);
  return { columns: shape.columns.slice(), types, declaredTypes, rows: out, rowsAffected: 0 };
}

/** The one kind of a dynamic column's non-NULL values; numbers widen; mixed kinds report DOCUMENT. */
function kindOfColumn(rows: readonly unknown[][], slot: number): string {
  let kind = 'NULL';
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![slot];
    if (v === null || v === undefined) continue;
    const k = typeOfValue(v as Value).kind;
    if (kind === 'NULL' || kind === k) kind = k;
    else if (NUMBER_KINDS.has(kind) && NUMBER_KINDS.has(k)) kind = kind === 'REAL' || k === 'REAL' ? 'REAL' : 'NUMERIC';
    else return 'DOCUMENT';
  }
  return kind;
}

const NUMBER_KINDS: ReadonlySet<string> = new Set(['INTEGER', 'NUMERIC', 'REAL']);

/** A one-column CHAR result with a row per line (EXPLAIN). */
export function linesResult(column: string, lines: readonly string[]): ResultSet {
  return { columns: [column], types: ['CHAR'], declaredTypes: ['VARCHAR'], rows: lines.map((l) => [l]), rowsAffected: 0 };
}
