/**
 * src/common/values/sql-type.ts — descriptors of SQL data types.
 *
 * 1. A value carries no type at run time (see `value.ts`); the static type of a column or expression does.
 * 2. `kind` is the name reported in result `types` (VARCHAR reports as CHAR, DECIMAL as NUMERIC);
 *    `declaredTypeName` is the full type reported in result `declaredTypes` (`NUMERIC(6,2)`, `VARCHAR(20)`).
 * 3. A structured type (CREATE TYPE) is kind `TYPE` with its `name`; its fields, supertype and methods are in
 *    the catalog (Level 3's types), so a `SqlType` refers to it by name only. It reports as its name.
 */

import type { IntervalField } from './interval';

/** The type families pyrrhodb knows; the strings are what results report in `types`. */
export type TypeKind =
  | 'NULL'
  | 'INTEGER'
  | 'NUMERIC'
  | 'REAL'
  | 'CHAR'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'BLOB'
  | 'DOCUMENT'
  | 'DOCARRAY'
  | 'INTERVAL'
  | 'TYPE';

/** A SQL type: a kind plus its parameters. Immutable. */
export interface SqlType {
  readonly kind: TypeKind;
  /** CHAR(n)/VARCHAR(n): maximum length in characters; absent = unbounded */
  readonly length?: number;
  /** CHAR(n) pads to n; VARCHAR does not */
  readonly fixed?: boolean;
  /** NUMERIC(p, s): total digits */
  readonly precision?: number;
  /** NUMERIC(p, s): digits after the point */
  readonly scale?: number;
  /** INTERVAL start TO end: the qualifier's fields (absent: an interval of either class, known from its values) */
  readonly start?: IntervalField;
  readonly end?: IntervalField;
  /** TYPE: the structured type's name (invariant 3) */
  readonly name?: string;
}

export const NULL_TYPE: SqlType = Object.freeze({ kind: 'NULL' });
export const INTEGER: SqlType = Object.freeze({ kind: 'INTEGER' });
export const NUMERIC: SqlType = Object.freeze({ kind: 'NUMERIC' });
export const REAL: SqlType = Object.freeze({ kind: 'REAL' });
export const CHAR: SqlType = Object.freeze({ kind: 'CHAR' });
export const BOOLEAN: SqlType = Object.freeze({ kind: 'BOOLEAN' });
export const DATE: SqlType = Object.freeze({ kind: 'DATE' });
export const TIME: SqlType = Object.freeze({ kind: 'TIME' });
export const TIMESTAMP: SqlType = Object.freeze({ kind: 'TIMESTAMP' });
export const BLOB: SqlType = Object.freeze({ kind: 'BLOB' });
export const DOCUMENT: SqlType = Object.freeze({ kind: 'DOCUMENT' });
/** An INTERVAL with no qualifier: year-month or day-time, as its values are. */
export const INTERVAL: SqlType = Object.freeze({ kind: 'INTERVAL' });
/** The qualified INTERVAL type `start TO end` (`end` = `start` for one field). */
export function intervalType(start: IntervalField, end: IntervalField = start): SqlType {
  return Object.freeze({ kind: 'INTERVAL', start, end });
}
/** True for a year-month interval type, false for a day-time one, null when the type has no qualifier. */
export function isYearMonthType(t: SqlType): boolean | null {
  return t.start === undefined ? null : t.start === 'YEAR' || t.start === 'MONTH';
}

/** An array of document values (a JS array), as a column type or the type of a JSON array. */
export const DOCARRAY: SqlType = Object.freeze({ kind: 'DOCARRAY' });

/** The structured type named `name` (invariant 3). */
export function structType(name: string): SqlType {
  return Object.freeze({ kind: 'TYPE', name });
}

/** SQL text for a type, as `CREATE TABLE` would take it: `NUMERIC(7,2)`, `VARCHAR(20)`, `INTEGER`. */
export function typeToSql(t: SqlType): string {
  switch (t.kind) {
    case 'CHAR':
      if (t.length === undefined) return t.fixed ? 'CHAR' : 'VARCHAR';
      return `${t.fixed ? 'CHAR' : 'VARCHAR'}(${t.length})`;
    case 'NUMERIC':
      if (t.precision === undefined) return 'NUMERIC';
      return t.scale === undefined ? `NUMERIC(${t.precision})` : `NUMERIC(${t.precision},${t.scale})`;
    case 'INTERVAL':
      if (t.start === undefined) return 'INTERVAL';
      return t.end === undefined || t.end === t.start ? `INTERVAL ${t.start}` : `INTERVAL ${t.start} TO ${t.end}`;
    case 'TYPE':
      return t.name ?? 'TYPE';
    default:
      return t.kind;
  }
}

/**
 * The most significant digits NUMERIC arithmetic keeps (`ExactDecimal`'s precision, value.ts): the precision
 * reported for a NUMERIC whose scale is known but whose precision is not (SUM, a NUMERIC times an INTEGER).
 */
export const NUMERIC_MAX_PRECISION = 1000;

/**
 * The full type of a result column as `declaredTypes` reports it: `typeToSql`, except that a NUMERIC with a
 * scale and no precision reports `NUMERIC(1000,s)` (NUMERIC_MAX_PRECISION), so every scale that printing
 * needs reads as `NUMERIC(p,s)`.
 */
export function declaredTypeName(t: SqlType): string {
  if (t.kind === 'NUMERIC' && t.precision === undefined && t.scale !== undefined) {
    return `NUMERIC(${NUMERIC_MAX_PRECISION},${t.scale})`;
  }
  return typeToSql(t);
}

/** The scale a declared type names (`NUMERIC(6,2)` → 2, `DECIMAL(5)` → 0); undefined for any other type. */
export function declaredScale(declared: string): number | undefined {
  const m = /^\s*(?:NUMERIC|DECIMAL|DEC)\s*\(\s*\d+\s*(?:,\s*(\d+)\s*)?\)/i.exec(declared);
  if (m === null) return undefined;
  return m[1] === undefined ? 0 : Number(m[1]);
}

/** True for INTEGER, NUMERIC and REAL. */
export function isNumericKind(kind: TypeKind): boolean {
  return kind === 'INTEGER' || kind === 'NUMERIC' || kind === 'REAL';
}
