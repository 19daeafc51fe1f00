/**
 * src/level4-sql/eval/literal.ts — the value and type of a literal, and INTERVAL type names to SqlType (every other
 * type name is statements/type-name.ts's).
 *
 * 1. Integer literals are exact: a JS number when safe, a bigint beyond. Numeric literals (with a point)
 *    are Decimal, NUMERIC. Literals with an exponent are REAL, and must be finite: `1e309` is 22003.
 * 2. An INTERVAL qualifier whose fields are out of order or mix the classes is 22015.
 * 3. An interval literal without a qualifier whose text is 0 (`INTERVAL '0'`) is a day-time interval.
 */
import { SqlError, SqlState } from '../../common/errors';
import { parseDate, parseTime, parseTimestamp } from '../../common/values/datetime';
import {
  BLOB,
  BOOLEAN,
  CHAR,
  DATE,
  INTEGER,
  NULL_TYPE,
  NUMERIC,
  REAL,
  TIME,
  TIMESTAMP,
  INTERVAL,
  intervalType,
  type SqlType,
} from '../../common/values/sql-type';
import { ExactDecimal, normaliseInteger, type Value } from '../../common/values/value';
import { type IntervalField, parseInterval, qualifierText } from '../../common/values/interval';
import type { LiteralValue, TypeName } from '../parse';

/** The run-time value and static type of a literal. */
export function literalValue(v: LiteralValue, position?: number): { value: Value; type: SqlType } {
  try {
    switch (v.type) {
      case 'integer':
        return { value: parseIntegerText(v.text), type: INTEGER };
      case 'numeric':
        return { value: new ExactDecimal(v.text), type: NUMERIC };
      case 'real':
        return { value: realLiteral(v.text), type: REAL };
      case 'string':
        return { value: v.value, type: CHAR };
      case 'boolean':
        return { value: v.value, type: BOOLEAN };
      case 'null':
        return { value: null, type: NULL_TYPE };
      case 'date':
        return { value: parseDate(v.text), type: DATE };
      case 'time':
        return { value: parseTime(v.text), type: TIME };
      case 'timestamp':
        return { value: parseTimestamp(v.text), type: TIMESTAMP };
      case 'blob':
        return { value: Uint8Array.from(Buffer.from(v.hex, 'hex')), type: BLOB };
      case 'interval':
        return intervalLiteral(v.text, v.start as IntervalField | null, v.end as IntervalField | null);
    }
  } catch (e) {
    if (e instanceof SqlError && e.position === undefined && position !== undefined) e.position = position;
    throw e;
  }
}

/**
 * `INTERVAL 'text' [start [TO end]]`: with a qualifier, of that type; without one, of the class its text
 * reads as (`'1 year'` year-month, `'2 hours'` day-time).
 */
function intervalLiteral(text: string, start: IntervalField | null, end: IntervalField | null): { value: Value; type: SqlType } {
  if (start !== null) {
    const value = parseInterval(text, start, end ?? start);
    return { value, type: intervalType(start, end ?? start) };
  }
  const value = parseInterval(text);
  return { value, type: value.months !== 0 ? intervalType('YEAR', 'MONTH') : intervalType('DAY', 'SECOND') };
}

/** A REAL literal's value; beyond the largest double (±1.8e308) it is 22003, never Infinity. */
function realLiteral(text: string): number {
  const x = Number(text);
  if (x - x !== 0) throw SqlError.of(SqlState.NumericValueOutOfRange, [`${text} does not fit REAL`]);
  return x;
}

/** Exact integer text (optionally signed) → number when safe, else bigint. */
export function parseIntegerText(text: string): number | bigint {
  if (text.length <= 15) return Number(text);
  return normaliseInteger(BigInt(text));
}

/** `INTERVAL`, `INTERVAL DAY`, `INTERVAL YEAR TO MONTH` (as the visitor spells them) → SqlType; a qualifier whose
 *  fields are out of order or mix the classes (`DAY TO MONTH`) is 22015. */
export function intervalTypeFromName(t: TypeName): SqlType {
  if (t.name === 'INTERVAL') return INTERVAL;
  const [start, end] = t.name.slice('INTERVAL '.length).split(' TO ') as [IntervalField, IntervalField | undefined];
  if (qualifierText(start, end ?? start) === null) {
    throw SqlError.of(SqlState.IntervalFieldOverflow, [`${t.name} is not a valid qualifier`], { position: t.position });
  }
  return intervalType(start, end ?? start);
}
