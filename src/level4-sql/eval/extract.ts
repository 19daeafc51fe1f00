/**
 * src/level4-sql/eval/extract.ts — `EXTRACT(field FROM x)` (the visitor passes it as EXTRACT('FIELD', x)), and
 * the date arithmetic of DATE_TRUNC (whose call functions.ts checks like any function's).
 *
 * 1. The field is YEAR, MONTH, DAY, HOUR, MINUTE or SECOND (or one of invariant 4), written as a keyword (or a
 *    constant string): it decides the result type when the call is compiled. SECOND is NUMERIC(5,3), seconds with milliseconds
 *    (`12.500`); every other field is an INTEGER.
 * 2. x is a DATE (its time fields are 0), a TIMESTAMP (UTC), a TIME, or an INTERVAL (the fields carry the
 *    interval's sign: interval.ts `intervalField`). A field the type does not have (YEAR of a TIME, DAY of a
 *    year-month interval is 0, as PostgreSQL gives) is 22023 for TIME only; any other field name is 22023.
 * 3. NULL in → NULL out.
 * 4. PostgreSQL's calendar fields of a DATE or TIMESTAMP (22023 for a TIME or an INTERVAL), INTEGERs: DOW (0 for
 *    Sunday … 6), ISODOW (1 for Monday … 7), DOY (1 … 366), QUARTER (1 … 4), WEEK (the ISO 8601 week, 1 … 53,
 *    whose year may be the one before or after). EPOCH is the seconds since 1970-01-01 00:00 UTC of a DATE or
 *    TIMESTAMP, the seconds since midnight of a TIME, and the length of an INTERVAL in seconds (a month counted as
 *    30 days, as PostgreSQL counts it), NUMERIC with milliseconds.
 * 5. DATE_TRUNC(unit, d) cuts a Date (UTC) to the start of its year, quarter, month, ISO week (its Monday), day,
 *    hour, minute or second; another unit is 22023.
 * 6. MAKE_DATE(year, month, day) is the DATE (22008 when there is no such day); TO_TIMESTAMP(seconds) the
 *    TIMESTAMP that many seconds after 1970-01-01 UTC, to the millisecond (22008 past what a TIMESTAMP holds).
 *    DATE_PART('field', x) is EXTRACT(field FROM x) (compile-calls.ts).
 */
import { SqlError, SqlState } from '../../common/errors';
import { type IntervalField, Interval, INTERVAL_FIELDS, intervalField } from '../../common/values/interval';
import { DATE, INTEGER, type SqlType, TIMESTAMP, typeToSql } from '../../common/values/sql-type';
import { ExactDecimal, type Value } from '../../common/values/value';
import type { FunctionCall } from '../parse';
import { compiled, type Compiled, type EvalFn, tryFold } from './compiled';
import type { CompileEnv } from './compile-env';
import type { Recurse } from './compile-operators';
import type { Scope } from './scope';
import { atPosition } from './type-rules';
import { count, type Definition, expectKinds, fixed, num, NUMBER_KINDS } from './function-kit';

const SECONDS: SqlType = Object.freeze({ kind: 'NUMERIC', precision: 5, scale: 3 });
const EPOCH_SECONDS: SqlType = Object.freeze({ kind: 'NUMERIC', precision: 20, scale: 3 });

/** The fields of invariant 4 (a DATE's or TIMESTAMP's calendar, and EPOCH). */
type CalendarField = 'DOW' | 'ISODOW' | 'DOY' | 'QUARTER' | 'WEEK' | 'EPOCH';
const CALENDAR_FIELDS: readonly string[] = ['DOW', 'ISODOW', 'DOY', 'QUARTER', 'WEEK', 'EPOCH'];
const DAY_MS = 86_400_000;

/** The ISO 8601 week of a day (UTC): the week (Monday to Sunday) holding its year's first Thursday is week 1. */
export function isoWeek(d: Date): number {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / DAY_MS / 7) + 1;
}

/** A calendar field of a Date (UTC), or its EPOCH seconds (invariant 4). */
function calendarField(d: Date, field: CalendarField): number {
  switch (field) {
    case 'DOW':
      return d.getUTCDay();
    case 'ISODOW':
      return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    case 'DOY':
      return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
    case 'QUARTER':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'WEEK':
      return isoWeek(d);
    case 'EPOCH':
      return d.getTime() / 1000;
  }
}

/** EPOCH of a value that is not a Date: a TIME's seconds since midnight, an INTERVAL's length in seconds. */
function epochOf(v: Value): number {
  if (v instanceof Interval) return (v.months * 30 * DAY_MS + v.milliseconds) / 1000;
  const [h, m, s] = (v as string).split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** EXTRACT of a field of invariant 4. */
function compileCalendarField(field: CalendarField, x: Compiled, fieldPosition: number): Compiled {
  const epoch = field === 'EPOCH';
  if (!epoch && (x.type.kind === 'TIME' || x.type.kind === 'INTERVAL')) throw invalid(`a ${x.type.kind} has no ${field}`, fieldPosition);
  const f = x.eval;
  const ev: EvalFn = (c, r) => {
    const v: Value = f(c, r);
    if (v === null) return null;
    if (v instanceof Date) return epoch ? new ExactDecimal(calendarField(v, field).toFixed(3)) : calendarField(v, field);
    if (epoch && (v instanceof Interval || typeof v === 'string')) return new ExactDecimal(epochOf(v).toFixed(3));
    throw SqlError.of(SqlState.DatatypeMismatch, [`EXTRACT cannot take the value ${String(v)}`]);
  };
  return tryFold(compiled({ type: epoch ? EPOCH_SECONDS : INTEGER, text: `EXTRACT(${field} FROM ${x.text})`, refs: x.refs, dynamic: false, eval: ev }), [x]);
}
const SOURCE_KINDS = ['DATE', 'TIMESTAMP', 'TIME', 'INTERVAL', 'NULL'];
const TIME_FIELDS: ReadonlySet<IntervalField> = new Set(['HOUR', 'MINUTE', 'SECOND']);

function invalid(what: string, position: number): SqlError {
  return SqlError.of(SqlState.InvalidParameterValue, [what], { position });
}

/** The field of a Date (UTC) as a number; SECOND with its milliseconds. */
function dateField(d: Date, field: IntervalField): number {
  switch (field) {
    case 'YEAR':
      return d.getUTCFullYear();
    case 'MONTH':
      return d.getUTCMonth() + 1;
    case 'DAY':
      return d.getUTCDate();
    case 'HOUR':
      return d.getUTCHours();
    case 'MINUTE':
      return d.getUTCMinutes();
    case 'SECOND':
      return d.getUTCSeconds() + d.getUTCMilliseconds() / 1000;
  }
}

/** The field of a TIME value 'HH:MM:SS[.fff]'. */
function timeField(t: string, field: IntervalField): number {
  const [h, m, s] = t.split(':');
  if (field === 'HOUR') return Number(h);
  return field === 'MINUTE' ? Number(m) : Number(s);
}

/** `EXTRACT(field FROM x)` as the visitor passes it: EXTRACT('FIELD', x). */
export function compileExtract(e: FunctionCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const [fieldArg, sourceArg] = e.args;
  if (e.args.length !== 2 || fieldArg === undefined || sourceArg === undefined) {
    throw SqlError.of(SqlState.UndefinedFunction, [`function EXTRACT with ${e.args.length} arguments`], { position: e.position });
  }
  if (fieldArg.kind !== 'Literal' || fieldArg.value.type !== 'string') {
    throw invalid('the field of EXTRACT must be YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, DOW, ISODOW, DOY, QUARTER, WEEK or EPOCH', fieldArg.position);
  }
  const name = fieldArg.value.value.toUpperCase();
  const calendar = CALENDAR_FIELDS.includes(name);
  if (!calendar && !INTERVAL_FIELDS.includes(name as IntervalField)) throw invalid(`EXTRACT cannot take the field ${fieldArg.value.value}`, fieldArg.position);
  const x = rec(sourceArg, scope, env);
  if (!x.dynamic && !SOURCE_KINDS.includes(x.type.kind)) {
    throw atPosition(SqlError.of(SqlState.DatatypeMismatch, [`EXTRACT cannot take ${typeToSql(x.type)}`]), e.position);
  }
  if (calendar) return compileCalendarField(name as CalendarField, x, fieldArg.position);
  const field = name as IntervalField;
  if (x.type.kind === 'TIME' && !TIME_FIELDS.has(field)) throw invalid(`a TIME has no ${field}`, fieldArg.position);
  const type = field === 'SECOND' ? SECONDS : INTEGER;
  const f = x.eval;
  const ev: EvalFn = (c, r) => {
    const v: Value = f(c, r);
    if (v === null) return null;
    let n: number;
    if (v instanceof Date) n = dateField(v, field);
    else if (v instanceof Interval) n = intervalField(v, field);
    else if (typeof v === 'string' && TIME_FIELDS.has(field)) n = timeField(v, field);
    else throw SqlError.of(SqlState.DatatypeMismatch, [`EXTRACT cannot take the value ${String(v)}`]);
    return field === 'SECOND' ? new ExactDecimal(n.toFixed(3)) : n;
  };
  return tryFold(compiled({ type, text: `EXTRACT(${field} FROM ${x.text})`, refs: x.refs, dynamic: false, eval: ev }), [x]);
}

/** DATE_TRUNC's units, as a Date (UTC) is cut to them. */
const TRUNC_UNITS: Readonly<Record<string, (d: Date) => number>> = {
  YEAR: (d) => Date.UTC(d.getUTCFullYear(), 0, 1),
  QUARTER: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1),
  MONTH: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
  // the ISO week: back to its Monday
  WEEK: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)),
  DAY: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()),
  HOUR: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()),
  MINUTE: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()),
  SECOND: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()),
};

/** DATE_TRUNC(unit, d): the TIMESTAMP at the start of the unit holding d (PostgreSQL's; 22023 for another unit). */
export function dateTrunc(unit: string, d: Date): Date {
  const cut = TRUNC_UNITS[unit.toUpperCase()];
  if (cut === undefined) {
    throw SqlError.of(SqlState.InvalidParameterValue, [`DATE_TRUNC cannot take the unit '${unit}'`], { hint: `Units: ${Object.keys(TRUNC_UNITS).join(', ')}.` });
  }
  return new Date(cut(d));
}

/** MAKE_DATE(y, m, d) (invariant 6). */
function makeDate(y: number, m: number, d: number): Date {
  const t = new Date(Date.UTC(y, m - 1, d));
  t.setUTCFullYear(y); // years 0–99 too
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) {
    throw SqlError.of(SqlState.DatetimeFieldOverflow, [`MAKE_DATE(${y}, ${m}, ${d}): no such day`]);
  }
  return t;
}

/** TO_TIMESTAMP(seconds since the epoch) (invariant 6). */
function fromEpoch(seconds: number): Date {
  const t = new Date(Math.round(seconds * 1000));
  if (Number.isNaN(t.getTime())) throw SqlError.of(SqlState.DatetimeFieldOverflow, [`TO_TIMESTAMP(${seconds}) is past what a TIMESTAMP holds`]);
  return t;
}

/** The date functions registered by functions.ts (invariant 6). */
export const DATE_FUNCTIONS: ReadonlyArray<readonly [string, Definition]> = [
  ['MAKE_DATE', fixed(3, 3, (a, n) => (a.forEach((_t, i) => expectKinds(n, a, i, ['INTEGER'])), DATE), (v, n) => makeDate(count(n, v[0]!, 0), count(n, v[1]!, 1), count(n, v[2]!, 2)))],
  ['TO_TIMESTAMP', fixed(1, 1, (a, n) => (expectKinds(n, a, 0, NUMBER_KINDS), TIMESTAMP), (v, n) => fromEpoch(Number(num(n, v[0]!, 0))))],
]; // prettier-ignore
