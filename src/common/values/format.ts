/**
 * src/common/values/format.ts — values as text: for results shown to people (`formatValue`) and as SQL
 * literals (`sqlLiteral`, for messages, EXPLAIN and stored DEFAULT text).
 *
 * 1. INTEGER and NUMERIC print exactly, never through floating point; NUMERIC prints with its type's scale
 *    when the type has one (NUMERIC(5,2) 1.5 → '1.50'), else with the digits it has (decimal.js drops
 *    trailing zeros, so an unscaled 1.50 prints '1.5').
 * 2. REAL prints JavaScript's shortest round-trip text, plus '.0' when it is integral and below 1e21 in
 *    magnitude, so a REAL never looks like an INTEGER ('2.0', '0.5', '1e+21', 'Infinity').
 * 3. Without a type, a value prints by its JavaScript kind: a number that is an integer prints as an
 *    INTEGER ('2'), a Date at UTC midnight as a DATE, any other Date as a TIMESTAMP.
 * 4. Formatting never throws: a value that does not fit the given type prints by its own kind.
 * 5. INTERVAL prints `Y-M` (year-month) or `D HH:MM:SS[.fff]` (day-time), interval.ts 2; as a literal
 *    `INTERVAL '1-2' YEAR TO MONTH`.
 * 6. Documents and arrays print as one line of JSON in field order with exact numbers (`documentToJson`):
 *    `{"_id": "d1", "b": {"C": 23}, "d": [1, 2.5, "x"]}`; as SQL literals a document is that JSON (a
 *    document literal reads it back) and an array `CAST('[…]' AS DOCARRAY)`.
 * 7. A structured value prints as Pyrrho prints it, `POINT(X=2,Y=4)` (struct-value.ts invariant 3), as text
 *    and as a SQL literal alike (it reads back as a constructor call when no field is CHAR or a date).
 */
import { isYearMonthType, type SqlType } from './sql-type';
import { formatInterval, Interval } from './interval';
import { Decimal, toExactDecimal, type Value } from './value';
import { formatDate, formatTimestamp, isMidnight, timeOfDay } from './datetime';
import { documentToJson } from './document/doc-json';
import type { DocValue } from './document/doc-value';
import { StructValue } from './struct-value';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** A REAL as text: shortest round-trip, '.0' added to integral values below 1e21 ('2.0', '-0.0'). */
export function formatReal(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return (Object.is(x, -0) ? '-0' : String(x)) + '.0';
  return String(x);
}

/** Drops the sign of a negative zero such as '-0.00' (a value rounded to zero at the given scale). */
function unsignedZero(s: string): string {
  return s.charCodeAt(0) === 45 && /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** An exact number as NUMERIC text: `scale` digits after the point when given, else all it has. */
export function formatNumeric(v: Decimal | number | bigint, scale?: number): string {
  if (typeof v === 'bigint') return scale ? `${v}.${'0'.repeat(scale)}` : v.toString();
  if (typeof v === 'number' && Number.isInteger(v) && !scale) return String(v === 0 ? 0 : v);
  const d = v instanceof Decimal ? v : toExactDecimal(v);
  if (!d.isFinite()) return d.toString();
  return unsignedZero(scale === undefined ? d.toFixed() : d.toFixed(scale, Decimal.ROUND_HALF_UP));
}

/** A BLOB as the SQL hex literal X'0AFF'. */
export function formatBlob(b: Uint8Array): string {
  let s = "X'";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!]!;
  return s + "'";
}

/** A value printed by its JavaScript kind (no type known). */
function formatByKind(v: Exclude<Value, null>): string {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? String(v === 0 ? 0 : v) : formatReal(v);
    case 'bigint':
      return v.toString();
    case 'string':
      return v;
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    default:
      if (v instanceof Decimal) return formatNumeric(v);
      if (v instanceof Date) return isMidnight(v) ? formatDate(v) : formatTimestamp(v);
      if (v instanceof Uint8Array) return formatBlob(v);
      if (v instanceof Interval) return formatInterval(v);
      if (v instanceof StructValue) return formatStruct(v);
      return documentToJson(v as DocValue);
  }
}

/** Formats a value that is known to be non-null according to `type`; null when it does not fit. */
function formatTyped(v: Exclude<Value, null>, type: SqlType): string | null {
  switch (type.kind) {
    case 'INTEGER':
      return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal ? formatNumeric(v) : null;
    case 'NUMERIC':
      return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal
        ? formatNumeric(v, type.scale)
        : null;
    case 'REAL':
      if (typeof v === 'number') return formatReal(v);
      if (typeof v === 'bigint') return formatReal(Number(v));
      return v instanceof Decimal ? formatReal(v.toNumber()) : null;
    case 'DATE':
      return v instanceof Date ? formatDate(v) : null;
    case 'TIMESTAMP':
      return v instanceof Date ? formatTimestamp(v) : null;
    case 'TIME':
      return v instanceof Date ? timeOfDay(v) : null;
    case 'INTERVAL':
      return v instanceof Interval ? formatInterval(v, isYearMonthType(type) ?? v.months !== 0) : null;
    case 'NULL':
    case 'CHAR':
    case 'BOOLEAN':
    case 'BLOB':
    case 'DOCUMENT':
    case 'DOCARRAY':
    case 'TYPE':
      return null;
  }
}

/** A structured value as Pyrrho prints it: `RECT(TL=POINT(X=1,Y=2),SZ=SIZE(W=3,H=4))` (invariant 7). */
export function formatStruct(v: StructValue): string {
  let s = `${v.typeName}(`;
  for (let i = 0; i < v.names.length; i++) {
    if (i > 0) s += ',';
    s += `${v.names[i]!}=${formatValue(v.values[i] as Value)}`;
  }
  return s + ')';
}

/**
 * A value as text for people: 'NULL'; INTEGER exact digits; NUMERIC exact with its type's scale; REAL
 * shortest round-trip ('2.0'); DATE 'YYYY-MM-DD'; TIMESTAMP 'YYYY-MM-DD HH:MM:SS[.fff]'; TIME as stored;
 * BOOLEAN 'TRUE'/'FALSE'; BLOB X'..'; CHAR as is; documents as JSON in field order.
 */
export function formatValue(v: Value, type?: SqlType): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return v;
  if (type !== undefined) {
    const s = formatTyped(v, type);
    if (s !== null) return s;
  }
  return formatByKind(v);
}

/** A value as SQL literal text that reads back as the same value: 'it''s', DATE '2024-01-31', X'0A', NULL. */
export function sqlLiteral(v: Value, type?: SqlType): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') {
    const quoted = `'${v.replace(/'/g, "''")}'`;
    return type?.kind === 'TIME' ? `TIME ${quoted}` : quoted;
  }
  if (v instanceof Date) {
    const asDate = type === undefined ? isMidnight(v) : type.kind === 'DATE';
    return asDate ? `DATE '${formatDate(v)}'` : `TIMESTAMP '${formatTimestamp(v)}'`;
  }
  if (v instanceof Interval) {
    const yearMonth = (type === undefined ? null : isYearMonthType(type)) ?? v.months !== 0;
    return `INTERVAL '${formatInterval(v, yearMonth)}' ${yearMonth ? 'YEAR TO MONTH' : 'DAY TO SECOND'}`;
  }
  if (v instanceof StructValue) return formatStruct(v);
  if (typeof v === 'object' && !(v instanceof Decimal) && !(v instanceof Uint8Array)) {
    const json = documentToJson(v as DocValue);
    return Array.isArray(v) ? `CAST('${json.replace(/'/g, "''")}' AS DOCARRAY)` : json;
  }
  return formatValue(v, type);
}
