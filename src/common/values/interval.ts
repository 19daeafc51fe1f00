/**
 * src/common/values/interval.ts — INTERVAL values: the `Interval` class, interval text (reading and printing),
 * date/time arithmetic with intervals, and EXTRACT of their fields.
 *
 * 1. An `Interval` is immutable: `months` (a year-month interval: years × 12 + months) and `milliseconds`
 *    (a day-time interval: a day is 86,400,000 ms, the resolution of TIMESTAMP). A value of a year-month type
 *    has `milliseconds === 0`, a day-time one `months === 0`; both are integers, safe, with the same sign rule
 *    as numbers (a negative interval has negative fields). -0 never appears.
 * 2. Text: year-month prints `[-]Y-M` (`1-2`), day-time `[-]D HH:MM:SS[.fff]` (`0 02:00:00`, `-3 00:00:00`);
 *    both read back with or without a qualifier. With a qualifier the standard's field formats are read
 *    (`'1-2' YEAR TO MONTH`, `'3' DAY`, `'02:00:00' HOUR TO SECOND`, `'90' MINUTE`); without one, also
 *    PostgreSQL's unit lists (`'1 year 2 months'`, `'3 days 4 hours'`). Text that reads as nothing is 22007;
 *    a field beyond its range in a multi-field qualifier (`'1-12' YEAR TO MONTH`, `'25:00' HOUR TO MINUTE`)
 *    is 22015, as is a value beyond ±2^53 ms or months.
 * 3. Adding months to a date keeps the day of the month, clamped to the month's last day (2024-01-31 +
 *    1 month = 2024-02-29), as PostgreSQL does; a result outside years 0001–9999 is 22008.
 * 4. Multiplying or dividing an interval by a number rounds each field half away from zero to a whole
 *    month or millisecond; dividing by zero is 22012.
 */
import { SqlError, SqlState } from '../errors';
import { checkDateRange, formatTimestamp } from './datetime';

/** The fields of an interval qualifier, most significant first. */
export type IntervalField = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

export const INTERVAL_FIELDS: readonly IntervalField[] = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Milliseconds in one unit of each day-time field. */
const FIELD_MS: { readonly [F in IntervalField]: number } = {
  YEAR: 0,
  MONTH: 0,
  DAY: MS_PER_DAY,
  HOUR: MS_PER_HOUR,
  MINUTE: MS_PER_MINUTE,
  SECOND: MS_PER_SECOND,
};

/** True for YEAR and MONTH: the fields of year-month intervals. */
export function isYearMonthField(f: IntervalField): boolean {
  return f === 'YEAR' || f === 'MONTH';
}

function overflow(what: string): SqlError {
  return SqlError.of(SqlState.IntervalFieldOverflow, [what]);
}

/** An INTERVAL value (invariant 1). */
export class Interval {
  readonly months: number;
  readonly milliseconds: number;

  constructor(months: number, milliseconds: number) {
    if (!Number.isSafeInteger(months) || !Number.isSafeInteger(milliseconds)) {
      throw overflow(`${months} months, ${milliseconds} ms`);
    }
    this.months = months + 0;
    this.milliseconds = milliseconds + 0;
    Object.freeze(this);
  }

  /** A year-month interval of `months` months. */
  static ofMonths(months: number): Interval {
    return new Interval(months, 0);
  }

  /** A day-time interval of `milliseconds` ms. */
  static ofMilliseconds(milliseconds: number): Interval {
    return new Interval(0, milliseconds);
  }

  /** True when the interval counts months (a year-month interval). */
  get yearMonth(): boolean {
    return this.months !== 0;
  }

  /** The interval's SQL text (invariant 2): `1-2`, `3 04:05:06.5`. */
  toString(): string {
    return formatInterval(this);
  }
}

// ---------------------------------------------------------------- printing

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `[-]Y-M` for a year-month interval, `[-]D HH:MM:SS[.fff]` for a day-time one (invariant 2). */
export function formatInterval(iv: Interval, yearMonth = iv.months !== 0): string {
  if (yearMonth) {
    const m = Math.abs(iv.months);
    return `${iv.months < 0 ? '-' : ''}${Math.floor(m / 12)}-${m % 12}`;
  }
  let ms = Math.abs(iv.milliseconds);
  const days = Math.floor(ms / MS_PER_DAY);
  ms -= days * MS_PER_DAY;
  const h = Math.floor(ms / MS_PER_HOUR);
  ms -= h * MS_PER_HOUR;
  const mi = Math.floor(ms / MS_PER_MINUTE);
  ms -= mi * MS_PER_MINUTE;
  const s = Math.floor(ms / MS_PER_SECOND);
  ms -= s * MS_PER_SECOND;
  const frac = ms === 0 ? '' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`;
  return `${iv.milliseconds < 0 ? '-' : ''}${days} ${pad2(h)}:${pad2(mi)}:${pad2(s)}${frac}`;
}

// ---------------------------------------------------------------- reading

function badText(text: string): SqlError {
  return SqlError.of(SqlState.InvalidDatetimeFormat, [`interval '${text}'`]);
}

/** Seconds text `S[.fff]` as milliseconds (more than 3 fractional digits round half up). */
function secondsMs(text: string, whole: string): number {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (m === null) throw badText(whole);
  const frac = (m[2] ?? '').padEnd(4, '0');
  const ms = Number(frac.slice(0, 3)) + (Number(frac[3]) >= 5 ? 1 : 0);
  return Number(m[1]) * MS_PER_SECOND + ms;
}

/** The numbers of a qualifier's fields, as text separated by `-`, ` ` and `:` in the standard's layout. */
const LAYOUTS: Readonly<Record<string, RegExp>> = {
  'YEAR': /^(\d+)$/,
  'YEAR TO MONTH': /^(\d+)-(\d+)$/,
  'MONTH': /^(\d+)$/,
  'DAY': /^(\d+)$/,
  'DAY TO HOUR': /^(\d+) +(\d+)$/,
  'DAY TO MINUTE': /^(\d+) +(\d+):(\d+)$/,
  'DAY TO SECOND': /^(\d+) +(\d+):(\d+):(\d+(?:\.\d*)?)$/,
  'HOUR': /^(\d+)$/,
  'HOUR TO MINUTE': /^(\d+):(\d+)$/,
  'HOUR TO SECOND': /^(\d+):(\d+):(\d+(?:\.\d*)?)$/,
  'MINUTE': /^(\d+)$/,
  'MINUTE TO SECOND': /^(\d+):(\d+(?:\.\d*)?)$/,
  'SECOND': /^(\d+(?:\.\d*)?)$/,
};

/** The largest value of a field that is not the leading one. */
const FIELD_LIMIT: { readonly [F in IntervalField]: number } = { YEAR: Infinity, MONTH: 12, DAY: Infinity, HOUR: 24, MINUTE: 60, SECOND: 60 };

/** The key of a qualifier in LAYOUTS: `DAY TO SECOND`, `YEAR`; null when `start TO end` is out of order (22015 by the caller). */
export function qualifierText(start: IntervalField, end: IntervalField): string | null {
  const a = INTERVAL_FIELDS.indexOf(start);
  const b = INTERVAL_FIELDS.indexOf(end);
  if (a > b || (a === b && start !== end) || isYearMonthField(start) !== isYearMonthField(end)) return null;
  return start === end ? start : `${start} TO ${end}`;
}

/** Reads text laid out for the qualifier `start [TO end]` (invariant 2). */
function readQualified(body: string, whole: string, start: IntervalField, end: IntervalField): Interval {
  const key = qualifierText(start, end);
  if (key === null) throw overflow(`INTERVAL ${start} TO ${end}`);
  const m = LAYOUTS[key]!.exec(body);
  if (m === null) throw badText(whole);
  const fields = INTERVAL_FIELDS.slice(INTERVAL_FIELDS.indexOf(start), INTERVAL_FIELDS.indexOf(end) + 1);
  let months = 0;
  let ms = 0;
  fields.forEach((f, i) => {
    const text = m[i + 1]!;
    const v = f === 'SECOND' ? secondsMs(text, whole) : Number(text);
    const limit = f === 'SECOND' ? FIELD_LIMIT.SECOND * MS_PER_SECOND : FIELD_LIMIT[f];
    if (i > 0 && v >= limit) throw overflow(`${f} in '${whole}'`);
    if (f === 'YEAR') months += v * 12;
    else if (f === 'MONTH') months += v;
    else ms += f === 'SECOND' ? v : v * FIELD_MS[f];
  });
  return new Interval(months, ms);
}

const UNIT_RE = /^(\d+(?:\.\d*)?)\s*(years?|mons?|months?|weeks?|days?|hours?|minutes?|mins?|seconds?|secs?)$/i;

/** PostgreSQL-style `1 year 2 months`, `3 days 04:05:06`, and the printed forms `1-2`, `3 04:05:06` (invariant 2). */
function readUnqualified(body: string, whole: string): Interval {
  if (/^\d+-\d+$/.test(body)) return readQualified(body, whole, 'YEAR', 'MONTH');
  if (/^\d+ +\d+:\d+:\d+(?:\.\d*)?$/.test(body)) return readQualified(body, whole, 'DAY', 'SECOND');
  if (/^\d+:\d+:\d+(?:\.\d*)?$/.test(body)) return readQualified(body, whole, 'HOUR', 'SECOND');
  const tokens = body.split(/\s+/);
  let months = 0;
  let ms = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/^\d+:\d+(?::\d+(?:\.\d*)?)?$/.test(t)) {
      ms += readQualified(t, whole, 'HOUR', t.split(':').length === 3 ? 'SECOND' : 'MINUTE').milliseconds;
      continue;
    }
    const pair = UNIT_RE.exec(i + 1 < tokens.length && /^\d/.test(t) && !/[a-z]/i.test(t) ? `${t} ${tokens[++i]!}` : t);
    if (pair === null) throw badText(whole);
    const n = Number(pair[1]);
    const unit = pair[2]!.toLowerCase();
    if (unit.startsWith('y')) months += n * 12;
    else if (unit.startsWith('mon')) months += n;
    else if (unit.startsWith('w')) ms += n * 7 * MS_PER_DAY;
    else if (unit.startsWith('d')) ms += n * MS_PER_DAY;
    else if (unit.startsWith('h')) ms += n * MS_PER_HOUR;
    else if (unit.startsWith('mi')) ms += n * MS_PER_MINUTE;
    else ms += Math.round(n * MS_PER_SECOND);
  }
  if (!Number.isInteger(months)) throw badText(whole);
  if (months !== 0 && ms !== 0) {
    throw SqlError.of(SqlState.InvalidDatetimeFormat, [`interval '${whole}' mixes year-month and day-time fields`]);
  }
  return new Interval(months, Math.round(ms));
}

/**
 * Interval text as a value: for the qualifier `start [TO end]` when given, else in any form invariant 2 names.
 * A leading sign negates the whole interval.
 */
export function parseInterval(text: string, start?: IntervalField, end?: IntervalField): Interval {
  const t = text.trim();
  const negative = t.startsWith('-');
  const body = t.replace(/^[+-]\s*/, '');
  if (body === '') throw badText(text);
  const iv = start === undefined ? readUnqualified(body, text) : readQualified(body, text, start, end ?? start);
  return negative ? negateInterval(iv) : iv;
}

// ---------------------------------------------------------------- arithmetic

/** -iv. */
export function negateInterval(iv: Interval): Interval {
  return new Interval(-iv.months, -iv.milliseconds);
}

/** a + b or a - b (both of one class: the caller has checked the types). */
export function addIntervals(a: Interval, b: Interval, subtract: boolean): Interval {
  const s = subtract ? -1 : 1;
  return new Interval(a.months + s * b.months, a.milliseconds + s * b.milliseconds);
}

function roundHalfAway(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r + 0;
}

/** iv × factor or iv ÷ factor (invariant 4). */
export function scaleInterval(iv: Interval, factor: number, divide: boolean): Interval {
  if (divide && factor === 0) throw SqlError.of(SqlState.DivisionByZero);
  const f = (x: number): number => roundHalfAway(divide ? x / factor : x * factor);
  const months = f(iv.months);
  const ms = f(iv.milliseconds);
  if (!Number.isSafeInteger(months) || !Number.isSafeInteger(ms)) throw overflow(`${iv.toString()} scaled by ${factor}`);
  return new Interval(months, ms);
}

/** The last day of a month (month 0–11) of any year from 1 to 9999. */
function lastDayOfMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month + 1, 0);
  return d.getUTCDate();
}

/** A date or timestamp plus (or minus) an interval (invariant 3). */
export function addInterval(d: Date, iv: Interval, subtract: boolean): Date {
  const s = subtract ? -1 : 1;
  let t = d.getTime();
  if (iv.months !== 0) {
    const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + s * iv.months;
    const year = Math.floor(total / 12);
    const month = total - year * 12;
    const out = new Date(0);
    out.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDayOfMonth(year, month)));
    out.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
    t = out.getTime();
  }
  t += s * iv.milliseconds;
  checkDateRange(t, `${formatTimestamp(d)} ${subtract ? '-' : '+'} interval '${iv.toString()}'`);
  return new Date(t);
}

/** a - b for two timestamps: a day-time interval. */
export function timestampDifference(a: Date, b: Date): Interval {
  return Interval.ofMilliseconds(a.getTime() - b.getTime());
}

// ---------------------------------------------------------------- comparison and EXTRACT

/** Total order on intervals: by months, then by milliseconds. */
export function compareIntervals(a: Interval, b: Interval): number {
  if (a.months !== b.months) return a.months < b.months ? -1 : 1;
  return a.milliseconds < b.milliseconds ? -1 : a.milliseconds > b.milliseconds ? 1 : 0;
}

/**
 * A field of an interval, with the interval's sign: YEAR and MONTH from the months (14 months: YEAR 1,
 * MONTH 2), DAY, HOUR, MINUTE from the milliseconds; SECOND is seconds and milliseconds as a number with up
 * to 3 decimals (the caller makes it exact).
 */
export function intervalField(iv: Interval, field: IntervalField): number {
  const sign = iv.months < 0 || iv.milliseconds < 0 ? -1 : 1;
  const m = Math.abs(iv.months);
  const ms = Math.abs(iv.milliseconds);
  let v: number;
  switch (field) {
    case 'YEAR':
      v = Math.floor(m / 12);
      break;
    case 'MONTH':
      v = m % 12;
      break;
    case 'DAY':
      v = Math.floor(ms / MS_PER_DAY);
      break;
    case 'HOUR':
      v = Math.floor((ms % MS_PER_DAY) / MS_PER_HOUR);
      break;
    case 'MINUTE':
      v = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
      break;
    case 'SECOND':
      v = (ms % MS_PER_MINUTE) / MS_PER_SECOND;
      break;
  }
  return sign * v + 0;
}
